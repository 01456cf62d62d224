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

/**
 * Remember that the worker starts the job called `name` (for the message of a later stray error).
 *
 * @example
 * ```ts
 * noteJob(job[2]);
 * ```
 */
export function noteJob(name: string): void {
  const i = recent.indexOf(name);
  if (i >= 0) recent.splice(i, 1);
  recent.unshift(name);
  if (recent.length > RECENT) recent.pop();
}

/**
 * Catch this worker's uncaught exceptions and unhandled rejections and `send` each one as a {@link StrayError}
 * instead of ending the worker.
 *
 * @example
 * ```ts
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
