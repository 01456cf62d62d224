/**
 * The Redis client options shared by executors and workers: a reconnect that comes back within two seconds of
 * Redis returning (BullMQ's default waits up to 20 s), and names checked once.
 *
 * @packageDocumentation
 */
import { describeValue } from '../core/render';
import { checkInteger, checkOptionKeys } from '../core/validate';
import { ExecutorArgumentError } from '../executor/errors';
import type { ResolvedConnection } from './connection';

/**
 * Throw `ExecutorArgumentError` unless `options` is an object whose keys are all `known`.
 *
 * @example
 * ```ts
 * import { checkOptions } from './redisOptions';
 * checkOptions('runWorker', { queue: 'q', concurency: 2 }, ['queue', 'concurrency']);
 * // throws: runWorker(options): unknown option "concurency" (did you mean "concurrency"? …)
 * ```
 */
export function checkOptions(
  fn: string,
  options: unknown,
  known: readonly string[],
  arg = 'options',
): asserts options is object {
  checkOptionKeys(fn, options, known, ExecutorArgumentError, arg);
}

/**
 * `value` if it is `undefined` or an integer ≥ `min`; throws `ExecutorArgumentError` naming `options.<option>`.
 *
 * @example
 * ```ts
 * import { optionalInteger } from './redisOptions';
 * optionalInteger('runWorker', 'concurrency', 0, 1); // throws: runWorker(options.concurrency): expected an integer ≥ 1, got 0
 * ```
 */
export function optionalInteger(fn: string, option: string, value: unknown, min: number): number | undefined {
  if (value === undefined) return undefined;
  checkInteger(fn, `options.${option}`, value, min, ExecutorArgumentError);
  return value;
}

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
 * import IORedis from 'ioredis';
 * import { resolveConnection } from './connection';
 * import { redisClientOptions } from './redisOptions';
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
 * import { checkQueueName } from './redisOptions';
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
