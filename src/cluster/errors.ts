/**
 * The errors of `qtasyncio/cluster`. Each is an exported class with a stable `name`; messages name the
 * function, the argument or address, and the value received. Option and argument errors reuse the executors'
 * `ExecutorArgumentError`; a job's own error rejects with its original name, message and remote stack, as with
 * the process pool.
 *
 * @packageDocumentation
 */

import { QtAsyncioError } from '../core/errors';

/**
 * Redis cannot be reached (refused, closed, or lost while jobs were in flight). The message names the address.
 * The executor and the program go on: later jobs are sent again once Redis answers.
 *
 * @example
 * ```ts
 * import { ClusterExecutor } from 'qtasyncio/cluster';
 * const executor = new ClusterExecutor({ connection: 'redis://127.0.0.1:1', queue: 'q' });
 * await executor.submit(() => 1, []);
 * // rejects with ExecutorConnectionError: submit(): cannot reach Redis at 127.0.0.1:1 (connect ECONNREFUSED …)
 * ```
 */
export class ExecutorConnectionError extends QtAsyncioError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_EXECUTOR_CONNECTION';
  override readonly name: string = 'ExecutorConnectionError';
  /**
   * @param message - what failed, naming the address.
   * @param address - `host:port` of the Redis server.
   * @param options - the underlying error as `cause`.
   */
  constructor(
    message: string,
    readonly address: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * An optional peer dependency of `qtasyncio/cluster` (`bullmq`, `ioredis`) is not installed.
 *
 * @example
 * ```ts
 * import { ClusterExecutor } from 'qtasyncio/cluster';
 * new ClusterExecutor({ connection: 'redis://127.0.0.1:6379', queue: 'q' });
 * // throws MissingDependencyError: ClusterExecutor(): qtasyncio/cluster needs the package "bullmq" (npm install bullmq ioredis)
 * ```
 */
export class MissingDependencyError extends QtAsyncioError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_MISSING_DEPENDENCY';
  override readonly name: string = 'MissingDependencyError';
}

/**
 * `startLocalRedis()` could not start `redis-server` (not installed, or it exited before answering).
 *
 * @example
 * ```ts
 * import { startLocalRedis } from 'qtasyncio/cluster';
 * await startLocalRedis({ command: '/nonexistent/redis-server' });
 * // rejects with RedisStartError: startLocalRedis(options.command): could not start "/nonexistent/redis-server" …
 * ```
 */
export class RedisStartError extends QtAsyncioError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_REDIS_START';
  override readonly name: string = 'RedisStartError';
}
