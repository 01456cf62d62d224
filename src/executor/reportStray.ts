/**
 * The pool's side of worker failures that belong to no job (see `workerStray.ts`): report them to the
 * exception handler of the running loop (else the current loop), never to a job.
 *
 * @packageDocumentation
 */
import { _getOrNewEventLoop } from '../core/events';
import { WorkerExitedError } from './errors';
import type { StrayError } from './protocol';
import { decodeThrown } from './remoteError';

/**
 * Report a worker's stray error; `where` names the worker (`a worker thread of a ThreadPoolExecutor`).
 *
 * @example
 * ```ts
 * import type { Piscina } from 'piscina';
 * import { isStrayError } from './protocol';
 * import { reportStray } from './reportStray';
 * declare const pool: Piscina;
 * pool.on('message', (m: unknown) => isStrayError(m) && reportStray('a worker thread of a ThreadPoolExecutor', m));
 * ```
 */
export function reportStray(where: string, stray: StrayError): void {
  const jobs = stray.recentJobs.length === 0 ? '' : ` (its most recent jobs: ${stray.recentJobs.join(', ')})`;
  if (stray.origin === 'exit') {
    const exception = new WorkerExitedError(
      `${where} called process.exit(${stray.exitCode}) outside any job; the pool replaces it`,
    );
    _getOrNewEventLoop().callExceptionHandler({
      message: `Exit of ${where} outside any job${jobs}`,
      exception,
    });
    return;
  }
  const what = stray.origin === 'unhandledRejection' ? 'Unhandled rejection' : 'Exception';
  _getOrNewEventLoop().callExceptionHandler({
    message: `${what} in ${where} outside any job${jobs}`,
    exception: decodeThrown(stray.thrown),
  });
}

/**
 * Report a pool failure that no job can receive (a worker that died while idle, piscina's own errors).
 *
 * @example
 * ```ts
 * import type { Piscina } from 'piscina';
 * import { reportPoolError } from './reportStray';
 * declare const pool: Piscina;
 * pool.on('error', (error: unknown) => reportPoolError('ThreadPoolExecutor', error));
 * ```
 */
export function reportPoolError(where: string, exception: unknown): void {
  _getOrNewEventLoop().callExceptionHandler({ message: `Error in ${where} outside any job`, exception });
}
