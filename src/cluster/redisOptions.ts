/**
 * The Redis client options shared by executors and workers: a reconnect that comes back within two seconds of
 * Redis returning (BullMQ's default waits up to 20 s), and names checked once.
 *
 * @packageDocumentation
 */
import { describeValue } from '../core/errors';
import { ExecutorArgumentError } from '../executor/errors';
import type { ResolvedConnection } from './connection';

/** Reconnect delays: 100 ms, 200 ms, … up to 2 s. */
function retryStrategy(times: number): number {
  return Math.min(times * 100, 2000);
}

/**
 * The options of an ioredis client for `connection`; a `blocking` client (BullMQ's workers and event readers)
 * waits for Redis as long as it takes, the executor's own client fails a command after a few reconnects.
 *
 * @example
 * ```ts
 * new IORedis(redisClientOptions(resolveConnection('runWorker', 'redis://127.0.0.1:6379'), true));
 * ```
 */
export function redisClientOptions(connection: ResolvedConnection, blocking: boolean) {
  return {
    ...connection.options,
    retryStrategy,
    maxRetriesPerRequest: blocking ? null : 3,
  };
}

/**
 * `value` if it is a non-empty string without `:` (BullMQ joins keys with it).
 *
 * @throws `ExecutorArgumentError` naming the function, the option and the value.
 * @example
 * ```ts
 * checkQueueName('runWorker', 'queue', 'renders'); // 'renders'
 * ```
 */
export function checkQueueName(fn: string, option: string, value: unknown): string {
  if (typeof value !== 'string' || value === '' || value.includes(':')) {
    throw new ExecutorArgumentError(
      `${fn}(options.${option}): expected a non-empty string without ":", got ${describeValue(value)}`,
    );
  }
  return value;
}
