/**
 * Shared helpers of the ports of CPython's test_futures.py and test_tasks.py (not a test file). They stand in for
 * CPython's test_utils: `new_test_loop()` is a VirtualTimeLoop (time jumps to the next timer while it runs), and
 * like CPython's TestCase the current loop is cleared around every test, so nothing finds a loop implicitly.
 */
import { CancelledError, setEventLoop, type VirtualTimeLoop } from '../../src';
import { useLoop } from '../../src/testing';
import { errorOf } from '../conformance/helpers';
import { raceHangGuard } from '../helpers/hangGuard';

/**
 * A fresh VirtualTimeLoop per test (through `set`), with no current loop before and after each test (CPython's
 * TestCase calls `set_event_loop(None)`).
 */
export function useTestLoop(set: (loop: VirtualTimeLoop) => void): void {
  beforeEach(() => setEventLoop(null));
  const fixture = useLoop({ beforeEach, afterEach });
  beforeEach(() => set(fixture.loop));
  afterEach(() => setEventLoop(null));
}

export { runBriefly } from './helpers';

/** CPython's `GatherTestsBase._run_loop`: run what is ready until nothing is (no timers are moved). */
export async function runReady(loop: VirtualTimeLoop): Promise<void> {
  await loop.advance(0);
}

/** What the promise-like rejected with, or what `fn` threw (or rejected with); fails the test if neither happened. */
export async function failure(p: PromiseLike<unknown> | (() => unknown)): Promise<Error> {
  const err = await errorOf(typeof p === 'function' ? p : () => p);
  if (err === undefined) throw new Error('expected a failure, got a result');
  return err as Error;
}

/** Run `task` on `loop` to its end and return the CancelledError it ended with (fails the test otherwise). */
export async function cancelledErrorOf(
  loop: VirtualTimeLoop,
  task: PromiseLike<unknown>,
): Promise<CancelledError> {
  const err = await failure(loop.runUntilComplete(task));
  expect(err).toBeInstanceOf(CancelledError);
  return err as CancelledError;
}

/**
 * `p`, or a rejection saying `why` if it has not settled after `ms` real milliseconds: a hang guard for cases
 * whose failure mode is a hang (it asserts nothing about time). `loop` is stopped then, so that the next tests
 * do not find it still running.
 */
export async function hangGuard<T>(
  loop: VirtualTimeLoop,
  p: PromiseLike<T>,
  why: string,
  ms = 10_000,
): Promise<T> {
  try {
    return await raceHangGuard(p, ms, () => `hang guard fired after ${ms} ms: ${why}`);
  } catch (e) {
    if (loop.isRunning()) {
      loop.stop();
      await Promise.resolve(p).then(
        () => {},
        () => {},
      );
    }
    throw e;
  }
}
