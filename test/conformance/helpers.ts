/**
 * Shared helpers of the conformance suite (not a test file). They adapt only to API-shape details the issue
 * left open (sync throw vs. rejected promise); they never relax a semantic. A loop per test (`useLoop`) and the
 * exception recorder come from qtasyncio/testing.
 */
import * as api from '../../src';

/** What `fn` threw synchronously, or what the promise it returned rejected with; `undefined` if neither. */
export async function errorOf(fn: () => unknown): Promise<unknown> {
  let value: unknown;
  try {
    value = fn();
  } catch (e) {
    return e;
  }
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as PromiseLike<unknown>).then === 'function'
  ) {
    try {
      await value;
    } catch (e) {
      return e;
    }
  }
  return undefined;
}

/** What `fn` threw synchronously (`undefined` if it returned). */
export function syncErrorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

/** True if `ctor` is one of the classes `qtasyncio` exports. */
export function isExportedClass(ctor: unknown): boolean {
  return Object.values(api).includes(ctor as never);
}

/**
 * Assert that `err` is an instance of an exported error class with a stable, specific `name`, that it is a
 * `QtAsyncioError`, and that it carries its class's `code`.
 */
export function expectExportedError(err: unknown): asserts err is Error {
  expect(err).toBeInstanceOf(Error);
  const e = err as Error;
  expect(isExportedClass(e.constructor)).toBe(true);
  expect(e.name).not.toBe('Error');
  expect(e.name).toBe(e.constructor.name);
  expect(e).toBeInstanceOf(api.QtAsyncioError);
  expect((e as api.QtAsyncioError).code).toBe((e.constructor as typeof api.QtAsyncioError).code);
}

/** A settled-state probe for native promises: resolves to 'pending' when `p` has not settled yet. */
export async function promiseState(p: Promise<unknown>): Promise<'pending' | 'fulfilled' | 'rejected'> {
  const marker = Symbol('pending');
  try {
    const v = await Promise.race([p, new Promise((r) => setImmediate(() => r(marker)))]);
    return v === marker ? 'pending' : 'fulfilled';
  } catch {
    return 'rejected';
  }
}

/** Let Node run pending macrotasks (setImmediate) `n` times, for tests that drive a real EventLoop. */
export async function turns(n = 1): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((r) => setImmediate(r));
}
