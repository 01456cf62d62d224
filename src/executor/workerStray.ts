/**
 * Errors a worker raises outside its jobs: a timer or callback a job left behind throws, or a promise it did not
 * await rejects. Node would end the worker, and the error would fail whichever job runs there next (or vanish
 * when none does). Instead each worker reports it to its pool as a {@link StrayError} message and keeps running,
 * like asyncio's "Exception in callback": the pool hands it to the loop's exception handler.
 *
 * Loaded inside workers: it imports only the wire format.
 *
 * @packageDocumentation
 */
import { encodeThrown, type StrayError } from './protocol';

/** How many recent job names a stray error mentions (the job that left the callback behind is usually one). */
const RECENT = 3;
const recent: string[] = [];
let running = 0;

/**
 * Note that the worker starts the job called `name` (named by a later stray error); call the returned function
 * when it ends.
 *
 * @example
 * ```ts
 * import type { Job } from './protocol';
 * import { runJob } from './runJob';
 * import { jobStarted } from './workerStray';
 * declare const job: Job;
 * const ended = jobStarted(job[2]);
 * Promise.resolve(runJob(job, true)).finally(ended);
 * ```
 */
export function jobStarted(name: string): () => void {
  const i = recent.indexOf(name);
  if (i >= 0) recent.splice(i, 1);
  recent.unshift(name);
  if (recent.length > RECENT) recent.pop();
  running++;
  let ended = false;
  return () => {
    if (!ended) running--;
    ended = true;
  };
}

/**
 * Catch this worker's uncaught exceptions and unhandled rejections and `send` each one as a {@link StrayError}
 * instead of ending the worker.
 *
 * @example
 * ```ts
 * import { parentPort } from 'node:worker_threads';
 * import { reportStrayErrors } from './workerStray';
 * reportStrayErrors((report) => parentPort?.postMessage(report));
 * ```
 */
export function reportStrayErrors(send: (report: StrayError) => void): void {
  process.on('uncaughtException', (error, origin) => {
    send({
      kind: 'qtasyncio.stray',
      origin: origin === 'unhandledRejection' ? 'unhandledRejection' : 'uncaughtException',
      thrown: encodeThrown(error),
      recentJobs: [...recent],
    });
  });
}

/**
 * `send` a {@link StrayError} when the worker calls `process.exit()` while it runs no job (a job's exit fails
 * that job instead). For worker threads: a pool that terminates its thread does not run these handlers.
 *
 * @example
 * ```ts
 * import { parentPort } from 'node:worker_threads';
 * import { reportStrayExit } from './workerStray';
 * reportStrayExit((report) => parentPort?.postMessage(report));
 * ```
 */
export function reportStrayExit(send: (report: StrayError) => void): void {
  process.on('exit', (exitCode) => {
    if (running === 0) send({ kind: 'qtasyncio.stray', origin: 'exit', exitCode, recentJobs: [...recent] });
  });
}
