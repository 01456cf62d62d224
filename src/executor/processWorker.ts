/**
 * The child-process entry of `ProcessPoolExecutor` (forked with an IPC channel in `advanced` serialization):
 * it runs one job per message and answers `[id, ok, resultOrThrownRecord]`. It loads nothing but the job runner (never
 * NodeGui), and exits when its parent disconnects. An error raised outside a job is sent to the pool (see
 * `workerStray.ts`) instead of ending the process.
 *
 * @packageDocumentation
 */
import type { Job, Outcome } from './protocol';
import { runJob, uncloneableResult } from './runJob';
import { jobStarted, reportStrayErrors } from './workerStray';

/** A request from the pool: `[id, job]`; the reply is `[id, ok, resultOrThrownRecord]`. */
type Request = readonly [id: number, job: Job];

function reply(id: number, outcome: Outcome, job: Job): void {
  try {
    process.send?.([id, outcome[0], outcome[1]]);
  } catch (error) {
    process.send?.([id, false, uncloneableResult(job, error)]);
  }
}

reportStrayErrors((report) => process.send?.(report));
process.on('message', ([id, job]: Request) => {
  const ended = jobStarted(job[2]);
  void Promise.resolve(runJob(job, false)).then((outcome) => {
    ended();
    reply(id, outcome, job);
  });
});
process.on('disconnect', () => process.exit(0));
