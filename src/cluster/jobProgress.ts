/**
 * `jobProgress(future)`: the progress a cluster job reports (its function's `job.progress(value)`), as an
 * Observable for RxJS and `bind()`.
 *
 * @packageDocumentation
 */
import type { Observable } from 'rxjs';
import { describeValue } from '../core/render';
import { ExecutorArgumentError } from '../executor/errors';
import type { Future } from '../futures/future';
import { progressOf } from './progressChannel';

/**
 * The progress values of a job of a {@link ClusterExecutor}, in the order its function reported them: the
 * latest value first for a late subscriber, then each new one; the stream completes when the job settles
 * (done, failed or cancelled). Values are what the job passed to `progress(value)`, after a JSON round trip
 * (`P` is their type as the caller knows it: nothing checks it).
 *
 * `job` is the Future of `loop.runInExecutor(clusterExecutor, …)` or the Promise of `clusterExecutor.submit(…)`.
 * Errors thrown by a subscriber go to the loop's exception handler, as with every stream of `qtasyncio/rx`.
 * Needs `rxjs`.
 *
 * @throws `ExecutorArgumentError` when `job` is not a job of a ClusterExecutor.
 * @example
 * ```ts
 * import type { QProgressBar } from '@nodegui/nodegui';
 * import { type ClusterExecutor, jobProgress } from 'qtasyncio/cluster';
 * import { bind } from 'qtasyncio/rx';
 * declare const cluster: ClusterExecutor;
 * declare const progressBar: QProgressBar;
 * const render = loop.runInExecutor(cluster, { module: require.resolve('./render'), export: 'frame' }, 42);
 * bind(progressBar, { value: jobProgress<number>(render) }); // the job calls job.progress(0…100)
 * ```
 */
export function jobProgress<P = unknown>(job: Future<unknown> | Promise<unknown>): Observable<P> {
  const key = (job as { _abort?: object } | null)?._abort ?? job;
  const channel = typeof key === 'object' && key !== null ? progressOf(key) : undefined;
  if (channel === undefined) {
    throw new ExecutorArgumentError(
      `jobProgress(job): expected the Future or Promise of a ClusterExecutor job, got ${describeValue(job)}`,
    );
  }
  // Loaded here: qtasyncio/cluster needs rxjs only for progress streams.
  const { ReportingObservable } =
    require('../rx/reportingObservable') as typeof import('../rx/reportingObservable');
  return new ReportingObservable<P>('jobProgress(job)', undefined, (subscriber) =>
    channel.listen({ next: (v) => subscriber.next(v as P), complete: () => subscriber.complete() }),
  );
}
