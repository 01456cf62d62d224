/**
 * The worker-thread entry of `ThreadPoolExecutor`: piscina loads this file in each worker and calls its default
 * export with every job. It loads nothing but the job runner (never NodeGui). An error the worker raises outside
 * a job is sent to the pool (see `workerStray.ts`) instead of ending the worker.
 *
 * @packageDocumentation
 */
import { parentPort } from 'node:worker_threads';
import { type Job, type Outcome, THROWN_KEY } from './protocol';
import { runJob } from './runJob';
import { noteJob, reportStrayErrors } from './workerStray';

// piscina re-emits the worker's own messages as the pool's 'message' event.
reportStrayErrors((report) => parentPort?.postMessage(report));

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
 * new Piscina({ filename: workerScript('threadWorker') }).run(job); // → the result
 * ```
 */
export default function handleJob(job: Job): unknown {
  noteJob(job[2]);
  const outcome = runJob(job, true);
  return Array.isArray(outcome) ? unwrap(outcome as Outcome) : (outcome as Promise<Outcome>).then(unwrap);
}
