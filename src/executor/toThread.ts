/**
 * `toThread(fn, ...args)` (asyncio's `to_thread`): run a function in the running loop's default executor.
 *
 * @packageDocumentation
 */

import { getRunningLoop } from '../core/events';
import type { Future } from '../futures/future';
import { runInExecutor } from './runInExecutor';
import type { ModuleFunctionRef } from './serializeFunction';

/**
 * Run `fn(...args)` in the running loop's default executor (a worker thread unless `setDefaultExecutor` chose
 * another) and return a Future for its result. `fn` follows the self-contained-function rule of
 * `runInExecutor`.
 *
 * @throws `NoRunningLoopError` when no loop runs; the errors of `runInExecutor`.
 * @example
 * ```ts
 * await loop.runUntilComplete(async () => {
 *   const primes = await toThread((n: number) => countPrimes(n), 1e6); // countPrimes must be defined inside
 * });
 * ```
 */
export function toThread<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): Future<Awaited<R>>;
/**
 * Run the exported function of a module in the running loop's default executor.
 *
 * @example
 * ```ts
 * const n = await toThread<number>({ module: require.resolve('./primes'), export: 'countPrimes' }, 1e6);
 * ```
 */
export function toThread<R = unknown>(fn: ModuleFunctionRef, ...args: unknown[]): Future<R>;
export function toThread(fn: ((...args: unknown[]) => unknown) | ModuleFunctionRef, ...args: unknown[]) {
  return runInExecutor(getRunningLoop(), null, fn, args);
}
