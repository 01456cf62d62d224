/**
 * CPython's Lib/test/test_asyncio/test_events.py, EventLoopTestsMixin: the cases about the loop's own API
 * (running, stopping, scheduling, closing, the default executor). CPython runs the mixin once per selector
 * (SelectEventLoopTests, EPollEventLoopTests, …); there is one loop here, so each case runs once, on a
 * VirtualTimeLoop where CPython sleeps. The cases without JS meaning are listed with their reason in SKIPPED.md.
 */
import {
  CancelledError,
  InvalidStateError,
  LoopClosedError,
  LoopRunningError,
  sleep,
  type VirtualTimeLoop,
} from '../../src';
import { recordExceptions } from '../../src/testing';
import { failure, hangGuard, useTestLoop } from './taskHelpers';

let loop: VirtualTimeLoop;
useTestLoop((l) => {
  loop = l;
});

/** A job for the default executor: its argument and the id of the thread it ran on (self-contained source). */
function runInThread(arg: string): [string, number] {
  return [arg, require('node:worker_threads').threadId as number];
}

/** A job that blocks its worker thread for 50 ms (CPython's `time.sleep(0.05)`; self-contained source). */
function blockFiftyMs(): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
}

/** Real time for whatever a cancelled job could still deliver to arrive (CPython's `time.sleep(0.4)`). */
function realPause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('test_events.EventLoopTestsMixin', () => {
  test('test_events.EventLoopTestsMixin.test_run_until_complete_nesting', async () => {
    let innerStarted = false;
    const coro1 = async (): Promise<void> => {
      innerStarted = true;
      await sleep(0);
    };
    const coro2 = async (): Promise<void> => {
      expect(loop.isRunning()).toBe(true);
      await loop.runUntilComplete(coro1);
    };
    const err = await failure(loop.runUntilComplete(coro2));
    expect(err).toBeInstanceOf(LoopRunningError);
    // CPython warns that coro1 was never awaited: the nested call refused it before running it.
    expect(innerStarted).toBe(false);
  });

  test('test_events.EventLoopTestsMixin.test_run_until_complete', async () => {
    const t0 = loop.time();
    await loop.runUntilComplete(() => sleep(100));
    expect(loop.time() - t0).toBeGreaterThanOrEqual(100);
  });

  test('test_events.EventLoopTestsMixin.test_run_until_complete_stopped', async () => {
    const cb = async (): Promise<void> => {
      loop.stop();
      await sleep(100);
    };
    const err = await failure(loop.runUntilComplete(cb));
    // asyncio: RuntimeError('Event loop stopped before Future completed.').
    expect(err).toBeInstanceOf(InvalidStateError);
    expect(err.message).toMatch(/stopped before the Future completed/);
    expect(loop.isRunning()).toBe(false);
  });

  test('test_events.EventLoopTestsMixin.test_call_later', async () => {
    const results: string[] = [];
    const t0 = loop.time();
    loop.callLater(
      100,
      (arg: string) => {
        results.push(arg);
        loop.stop();
      },
      'hello world',
    );
    await hangGuard(loop, loop.runForever(), 'the callLater callback stops the loop');
    expect(results).toEqual(['hello world']);
    expect(loop.time() - t0).toBeGreaterThanOrEqual(100);
  });

  test('test_events.EventLoopTestsMixin.test_call_soon', async () => {
    const results: [string, string][] = [];
    loop.callSoon(
      (arg1: string, arg2: string) => {
        results.push([arg1, arg2]);
        loop.stop();
      },
      'hello',
      'world',
    );
    await hangGuard(loop, loop.runForever(), 'the callSoon callback stops the loop');
    expect(results).toEqual([['hello', 'world']]);
  });

  test('test_events.EventLoopTestsMixin.test_run_in_executor', async () => {
    const f2 = loop.runInExecutor(null, runInThread, 'yo');
    const [res, threadId] = await hangGuard(
      loop,
      loop.runUntilComplete(f2),
      'the default executor runs the job',
      60_000,
    );
    expect(res).toBe('yo');
    expect(threadId).not.toBe(require('node:worker_threads').threadId);
    await loop.runUntilComplete(() => loop.shutdownDefaultExecutor());
  }, 90_000);

  test('test_events.EventLoopTestsMixin.test_run_in_executor_cancel', async () => {
    const handled = recordExceptions(loop);
    const f2 = loop.runInExecutor(null, blockFiftyMs);
    f2.cancel();
    await hangGuard(
      loop,
      loop.runUntilComplete(() => loop.shutdownDefaultExecutor()),
      'shutdownDefaultExecutor ends once the cancelled job is gone',
      60_000,
    );
    loop.close();
    // CPython replaces call_soon on the closed loop and checks it is never called: here a late call would
    // raise LoopClosedError or reach the exception handler, and the Future would change state.
    await realPause(400);
    expect(handled).toEqual([]);
    expect(f2.cancelled()).toBe(true);
    expect(() => f2.result()).toThrow(CancelledError);
  }, 90_000);

  test('test_events.EventLoopTestsMixin.test_close_running_event_loop', async () => {
    const closeLoop = async (): Promise<void> => {
      loop.close();
    };
    const err = await failure(loop.runUntilComplete(closeLoop));
    expect(err).toBeInstanceOf(LoopRunningError);
    expect(loop.isClosed()).toBe(false);
  });

  test('test_events.EventLoopTestsMixin.test_close', async () => {
    loop.close();
    const func = (): boolean => false;
    // operations blocked when the loop is closed
    expect(await failure(loop.runForever())).toBeInstanceOf(LoopClosedError);
    expect(await failure(() => loop.runUntilComplete(loop.createFuture()))).toBeInstanceOf(LoopClosedError);
    expect(() => loop.callSoon(func)).toThrow(LoopClosedError);
    expect(() => loop.callLater(1000, func)).toThrow(LoopClosedError);
    expect(() => loop.callAt(loop.time(), func)).toThrow(LoopClosedError);
    expect(() => loop.createTask(async () => {})).toThrow(LoopClosedError);
    expect(() => loop.addSignalHandler('SIGTERM', func)).toThrow(LoopClosedError);
    expect(await failure(() => loop.runInExecutor(null, func))).toBeInstanceOf(LoopClosedError);
  });
});
