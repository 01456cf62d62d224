/**
 * Shared helpers of the concurrency tests (not a test file); a loop per test (`useLoop`) and the exception
 * recorder come from qtasyncio/testing.
 */
import { ExceptionGroup } from '../../src/concurrency/index';
import { type Future, sleep } from '../../src/index';

/** What `fn` threw synchronously (fails the test if it did not throw). */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to throw');
}

/** What the promise-like rejected with (fails the test if it fulfilled). */
export async function rejection(p: PromiseLike<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

/** A tuple of `N` elements of `T`. */
export type Tuple<T, N extends number, R extends T[] = []> = R['length'] extends N
  ? R
  : Tuple<T, N, [T, ...R]>;

/** `n` new Futures of `loop`, as a tuple (so destructuring needs no non-null assertions). */
export function futures<T, N extends number>(
  loop: { createFuture<U>(): Future<U> },
  n: N,
): Tuple<Future<T>, N> {
  return Array.from({ length: n }, () => loop.createFuture<T>()) as Tuple<Future<T>, N>;
}

// @swc/core 1.16's inlined `await using` helper declares `_SuppressedError1` but calls `_SuppressedError`, so a
// disposal that throws after the block threw fails with "ReferenceError: _SuppressedError is not defined" under
// @swc/jest (tsc's helper, used for dist/, is fine). Give the tests both names so that path can be tested.
class SuppressedErrorPolyfill extends Error {
  override readonly name = 'SuppressedError';
  constructor(
    readonly error: unknown,
    readonly suppressed: unknown,
    message = 'An error was suppressed during disposal.',
  ) {
    super(message);
  }
}
const g = globalThis as { SuppressedError?: unknown; _SuppressedError?: unknown };
g.SuppressedError ??= SuppressedErrorPolyfill;
g._SuppressedError ??= g.SuppressedError;

/** A task function that sleeps `ms` and then throws `error` (a RangeError by default). */
export const crashAfter =
  (ms: number, error: Error = new RangeError(String(ms))) =>
  async (): Promise<never> => {
    await sleep(ms);
    throw error;
  };

/** The distinct constructor names of an ExceptionGroup's errors, sorted. */
export function errorTypes(e: unknown): string[] {
  expect(e).toBeInstanceOf(ExceptionGroup);
  return [...new Set((e as ExceptionGroup).errors.map((x) => (x as Error).constructor.name))].sort();
}
