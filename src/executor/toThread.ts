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
 * @see {@link ThreadPoolExecutor}
 * @example
 * ```ts
 * import { toThread } from 'qtasyncio';
 * await loop.runUntilComplete(async () => {
 *   // the function is sent as source: everything it uses is defined inside it
 *   const primes = await toThread((n: number) => {
 *     let count = 0;
 *     for (let i = 2; i < n; i++) if (![...Array(Math.floor(Math.sqrt(i)) - 1)].some((_, d) => i % (d + 2) === 0)) count++;
 *     return count;
 *   }, 1e4);
 * });
 * ```
 */
export function toThread<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): Future<Awaited<R>>;
/**
 * Run the exported function of a module in the running loop's default executor.
 *
 * @example
 * ```ts
 * import { toThread } from 'qtasyncio';
 * const n = await toThread<number>({ module: require.resolve('./primes'), export: 'countPrimes' }, 1e6);
 * ```
 */
export function toThread<R = unknown>(fn: ModuleFunctionRef, ...args: unknown[]): Future<R>;
export function toThread(fn: ((...args: unknown[]) => unknown) | ModuleFunctionRef, ...args: unknown[]) {
  return runInExecutor(getRunningLoop(), null, fn, args);
}
