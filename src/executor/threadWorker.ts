/**
 * The worker-thread entry of `ThreadPoolExecutor`: piscina loads this file in each worker and calls its default
 * export with every job. It loads nothing but the job runner (never NodeGui). An error the worker raises outside
 * a job is sent to the pool (see `workerStray.ts`) instead of ending the worker.
 *
 * @packageDocumentation
 */
import { parentPort } from 'node:worker_threads';
import { type Job, type Outcome, type StrayError, THROWN_KEY } from './protocol';
import { runJob } from './runJob';
import { jobStarted, reportStrayErrors, reportStrayExit } from './workerStray';

// piscina re-emits the worker's own messages as the pool's 'message' event.
const send = (report: StrayError): void => parentPort?.postMessage(report);
reportStrayErrors(send);
reportStrayExit(send);

function unwrap(outcome: Outcome): unknown {
  if (outcome[0]) return outcome[1];
  throw { [THROWN_KEY]: outcome[1] };
}

/**
 * piscina's task handler: run the job; its result is the job's result, and a job's error is thrown as
 * `{ [THROWN_KEY]: record }` (see `protocol.ts`), so that piscina's rejection carries it intact.
 *
 * @example
 * ```ts
 * import { Piscina } from 'piscina';
 * import type { Job } from './protocol';
 * import { workerScript } from './workerScript';
 * declare const job: Job;
 * new Piscina({ filename: workerScript('threadWorker') }).run(job); // → the result
 * ```
 */
export default function handleJob(job: Job): unknown {
  const ended = jobStarted(job[2]);
  const outcome = runJob(job, true);
  if (Array.isArray(outcome)) {
    ended();
    return unwrap(outcome as Outcome);
  }
  return (outcome as Promise<Outcome>).finally(ended).then(unwrap);
}
