/**
 * CPython's Lib/test/test_asyncio/test_tasks.py, BaseTaskTests: cancelling(), uncancel(), and a cancellation
 * travelling through nested awaits, wait() and error handlers. Seconds became milliseconds.
 */
import {
  CancelledError,
  currentTask,
  getRunningLoop,
  sleep,
  type Task,
  TimeoutError,
  type VirtualTimeLoop,
  wait,
} from '../../src';
import { recordExceptions } from '../../src/testing';
import { cancelledErrorOf, runBriefly, useTestLoop } from './taskHelpers';

let loop: VirtualTimeLoop;
useTestLoop((l) => {
  loop = l;
});

describe('test_tasks.BaseTaskTests: a cancellation through awaits', () => {
  test('test_tasks.BaseTaskTests.test_baseexception_during_cancel', async () => {
    // Python's SystemExit escapes the loop; in JS every error stays in its Task. What remains: an error raised
    // while handling the cancellation ends the task with that error, not cancelled.
    const baseExc = new Error('raised while cancelled');
    const sleeper = async (): Promise<void> => {
      await sleep(10_000);
    };
    const task = loop.createTask(async () => {
      try {
        await sleeper();
      } catch (e) {
        if (e instanceof CancelledError) throw baseExc;
        throw e;
      }
    });
    await runBriefly(loop);
    task.cancel();
    expect(task.done()).toBe(false);
    await runBriefly(loop);
    expect(task.done()).toBe(true);
    expect(task.cancelled()).toBe(false);
    expect(task.exception()).toBe(baseExc);
  });

  test('test_tasks.BaseTaskTests.test_yield_future_passes_cancel', async () => {
    let proof = 0;
    const waiter = loop.createFuture<void>();
    const inner = async (): Promise<void> => {
      try {
        await waiter;
      } catch (e) {
        if (e instanceof CancelledError) proof += 1;
        throw e;
      }
      throw new Error('got past the await in inner()');
    };
    const f = loop.createTask(async () => {
      try {
        await inner();
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        proof += 100; // expect this path
        return;
      }
      proof += 10;
    });
    await runBriefly(loop);
    f.cancel();
    await loop.runUntilComplete(f);
    expect(proof).toBe(101);
    expect(waiter.cancelled()).toBe(true);
  });

  test('test_tasks.BaseTaskTests.test_yield_wait_does_not_shield_cancel', async () => {
    let proof = 0;
    const waiter = loop.createFuture<void>();
    const f = loop.createTask(async () => {
      await wait([
        getRunningLoop().createTask(async () => {
          await waiter;
          proof += 1;
        }),
      ]);
      proof += 100;
    });
    await runBriefly(loop);
    f.cancel();
    await cancelledErrorOf(loop, f);
    waiter.setResult();
    await runBriefly(loop);
    expect(proof).toBe(1);
  });

  test('test_tasks.BaseTaskTests.test_tb_logger_not_called_after_cancel', async () => {
    const log = recordExceptions(loop);
    await loop.runUntilComplete(async () => {
      const task = loop.createTask(async () => {
        throw new TypeError('not retrieved, then cancelled');
      });
      await sleep(50);
      task.cancel();
    });
    loop.close();
    expect(log).toEqual([]);
  });
});

describe('test_tasks.BaseTaskTests: cancelling() and uncancel()', () => {
  test('test_tasks.BaseTaskTests.test_cancelling', async () => {
    const t = loop.createTask(async () => {
      await sleep(10_000);
    });
    expect(t.cancelling()).toBe(0);
    expect(t.cancel()).toBe(true);
    expect(t.cancelling()).toBe(1);
    expect(t.cancel()).toBe(true);
    await cancelledErrorOf(loop, t);
  });

  test('test_tasks.BaseTaskTests.test_uncancel_basic', async () => {
    const t = loop.createTask(async () => {
      try {
        await sleep(10_000);
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        currentTask()?.uncancel();
        await sleep(10_000);
      }
    });
    await loop.runUntilComplete(() => sleep(10));
    // Cancel the first sleep.
    expect(t.cancel()).toBe(true);
    expect(t.cancelling()).toBe(1);
    expect(t.cancelled()).toBe(false);
    await loop.runUntilComplete(() => sleep(10));
    // After uncancel().
    expect(t.cancelling()).toBe(0);
    expect(t.cancelled()).toBe(false);
    // Cancel the second sleep.
    expect(t.cancel()).toBe(true);
    expect(t.cancelling()).toBe(1);
    expect(t.cancelled()).toBe(false);
    await cancelledErrorOf(loop, t);
    expect(t.cancelled()).toBe(true);
    expect(t.done()).toBe(true);
    // uncancel() has no effect on a done task.
    t.uncancel();
    expect(t.cancelled()).toBe(true);
    expect(t.done()).toBe(true);
  });

  test('test_tasks.BaseTaskTests.test_uncancel_structured_blocks', async () => {
    const makeRequestWithTimeout = async (sleepMs: number, timeoutMs: number) => {
      const task = currentTask() as Task<unknown>;
      const taskLoop = task.getLoop();
      let timedOut = false;
      let structuredBlockFinished = false;
      const timeoutHandle = taskLoop.callLater(timeoutMs, () => {
        timedOut = true;
        task.cancel();
      });
      try {
        let handling: unknown;
        try {
          // The structured block affected by the timeout.
          await sleep(sleepMs);
          structuredBlockFinished = true;
        } catch (e) {
          handling = e;
          throw e;
        } finally {
          timeoutHandle.cancel();
          if (
            timedOut &&
            task.uncancel() === 0 &&
            handling instanceof CancelledError &&
            handling.constructor === CancelledError
          ) {
            // biome-ignore lint/correctness/noUnsafeFinally: the CPython case converts the error here
            throw new TimeoutError('timed out');
          }
        }
      } catch (e) {
        if (!(e instanceof TimeoutError)) throw e;
        expect(timedOut).toBe(true);
      }
      // Outer code not affected by the timeout.
      const outerCodeReached = true;
      await sleep(0);
      return [timedOut, structuredBlockFinished, outerCodeReached];
    };
    const t1 = loop.createTask(() => makeRequestWithTimeout(10_000, 100));
    expect(await loop.runUntilComplete(t1)).toEqual([true, false, true]);
    expect(t1.cancelling()).toBe(0);
    const t2 = loop.createTask(() => makeRequestWithTimeout(0, 10_000));
    expect(await loop.runUntilComplete(t2)).toEqual([false, true, true]);
    expect(t2.cancelling()).toBe(0);
  });

  test('test_tasks.BaseTaskTests.test_uncancel_resets_must_cancel', async () => {
    const fut = loop.createFuture<void>();
    const task = loop.createTask(async () => {
      await fut;
      return 42;
    });
    await loop.runUntilComplete(() => sleep(0)); // the task now waits for fut
    fut.setResult(); // the task can run
    task.cancel(); // a cancellation to deliver at the next step
    expect(task.cancelling()).toBe(1);
    task.uncancel(); // undone
    expect(task.cancelling()).toBe(0);
    expect(await loop.runUntilComplete(task)).toBe(42);
  });
});
