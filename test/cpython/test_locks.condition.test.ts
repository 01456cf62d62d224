/**
 * CPython's Lib/test/test_asyncio/test_locks.py (3.13+), ConditionTests, ported case by case. Each test body
 * runs as the main task of a fresh VirtualTimeLoop (`IsolatedAsyncioTestCase`); `asyncio.sleep(0)` is
 * `await sleep(0)`; `async with cond` is `using _held = await cond.hold()`.
 */
import {
  CancelledError,
  Condition,
  Lock,
  NotAcquiredError,
  sleep,
  TimeoutError,
  timeout,
  VirtualTimeLoop,
  WrongLoopError,
  waitFor,
} from '../../src';
import { asyncTest, rejection } from './helpers';

/** CPython's c1/c2/c3 of test_wait and test_notify: acquire, wait, record `n` (and release if `release`). */
const waiterTask = (cond: Condition, result: number[], n: number, release: boolean) => async () => {
  await cond.acquire();
  if (await cond.wait()) {
    result.push(n);
    if (release) cond.release();
  }
  return true;
};

/**
 * CPython's consumer of test_cancelled_wakeup*: holding the condition, consume `state` items until it goes
 * negative.
 */
const consumer = (cond: Condition, state: { n: number }) => async () => {
  using _held = await cond.hold();
  for (;;) {
    await cond.waitFor(() => state.n !== 0);
    if (state.n < 0) return;
    state.n -= 1;
  }
};

describe('test_locks.ConditionTests', () => {
  test('test_locks.ConditionTests.test_wait', async () => {
    await asyncTest(async (loop) => {
      const cond = new Condition();
      const result: number[] = [];
      const tasks = [1, 2, 3].map((n) => loop.createTask(waiterTask(cond, result, n, false)));
      await sleep(0);
      expect(result).toEqual([]);
      expect(cond.locked()).toBe(false);

      expect(await cond.acquire()).toBe(true);
      cond.notify();
      await sleep(0);
      expect(result).toEqual([]);
      expect(cond.locked()).toBe(true);

      cond.release();
      await sleep(0);
      expect(result).toEqual([1]);
      expect(cond.locked()).toBe(true);

      cond.notify(2);
      await sleep(0);
      expect(result).toEqual([1]);
      expect(cond.locked()).toBe(true);

      cond.release();
      await sleep(0);
      expect(result).toEqual([1, 2]);
      expect(cond.locked()).toBe(true);

      cond.release();
      await sleep(0);
      expect(result).toEqual([1, 2, 3]);
      expect(cond.locked()).toBe(true);
      for (const t of tasks) {
        expect(t.done()).toBe(true);
        expect(t.result()).toBe(true);
      }
    });
  });

  test('test_locks.ConditionTests.test_wait_cancel', async () => {
    await asyncTest(async (loop) => {
      const cond = new Condition();
      await cond.acquire();
      const wait = loop.createTask(() => cond.wait());
      loop.callSoon(() => wait.cancel());
      expect(await rejection(wait)).toBeInstanceOf(CancelledError);
      expect(cond._waiters.length).toBe(0);
      expect(cond.locked()).toBe(true);
    });
  });

  test('test_locks.ConditionTests.test_wait_cancel_contested', async () => {
    await asyncTest(async (loop) => {
      const cond = new Condition();
      await cond.acquire();
      expect(cond.locked()).toBe(true);
      const waitTask = loop.createTask(() => cond.wait());
      await sleep(0);
      expect(cond.locked()).toBe(false);

      // Notify, but contest the lock before cancelling.
      await cond.acquire();
      expect(cond.locked()).toBe(true);
      cond.notify();
      loop.callSoon(() => waitTask.cancel());
      loop.callSoon(() => cond.release());
      try {
        await waitTask;
      } catch (e) {
        // Should not happen (no cancellation point is left), but asyncio tolerates it.
        if (!(e instanceof CancelledError)) throw e;
      }
      expect(cond.locked()).toBe(true);
    });
  });

  test('test_locks.ConditionTests.test_wait_cancel_after_notify', async () => {
    // bpo-32841
    await asyncTest(async (loop) => {
      let waited = false;
      const cond = new Condition();
      const waiter = loop.createTask(async () => {
        using _held = await cond.hold();
        waited = true; // this area was reached
        await cond.wait();
      });
      await sleep(0); // start waiting
      await cond.acquire();
      cond.notify();
      await sleep(0); // get to acquire()
      waiter.cancel();
      await sleep(0); // activate cancellation
      cond.release();
      await sleep(0); // cancellation should occur
      expect(waiter.cancelled()).toBe(true);
      expect(waited).toBe(true);
    });
  });

  test('test_locks.ConditionTests.test_wait_unacquired', async () => {
    await asyncTest(async () => {
      const cond = new Condition();
      expect(await rejection(cond.wait())).toBeInstanceOf(NotAcquiredError);
    });
  });

  test('test_locks.ConditionTests.test_wait_for', async () => {
    await asyncTest(async (loop) => {
      const cond = new Condition();
      let presult = false;
      const result: number[] = [];
      const t = loop.createTask(async () => {
        await cond.acquire();
        if (await cond.waitFor(() => presult)) {
          result.push(1);
          cond.release();
        }
        return true;
      });
      await sleep(0);
      expect(result).toEqual([]);

      await cond.acquire();
      cond.notify();
      cond.release();
      await sleep(0);
      expect(result).toEqual([]);

      presult = true;
      await cond.acquire();
      cond.notify();
      cond.release();
      await sleep(0);
      expect(result).toEqual([1]);
      expect(t.done()).toBe(true);
      expect(t.result()).toBe(true);
    });
  });

  test('test_locks.ConditionTests.test_wait_for_unacquired', async () => {
    await asyncTest(async () => {
      const cond = new Condition();
      // The predicate can be true at once.
      expect(await cond.waitFor(() => [1, 2, 3])).toEqual([1, 2, 3]);
      expect(await rejection(cond.waitFor(() => false))).toBeInstanceOf(NotAcquiredError);
    });
  });

  test('test_locks.ConditionTests.test_notify', async () => {
    await asyncTest(async (loop) => {
      const cond = new Condition();
      const result: number[] = [];
      const tasks = [1, 2, 3].map((n) => loop.createTask(waiterTask(cond, result, n, true)));
      await sleep(0);
      expect(result).toEqual([]);

      await cond.acquire();
      cond.notify(1);
      cond.release();
      await sleep(0);
      expect(result).toEqual([1]);

      await cond.acquire();
      cond.notify(1);
      cond.notify(2048);
      cond.release();
      await sleep(0);
      expect(result).toEqual([1, 2, 3]);
      for (const t of tasks) {
        expect(t.done()).toBe(true);
        expect(t.result()).toBe(true);
      }
    });
  });

  test('test_locks.ConditionTests.test_notify_all', async () => {
    await asyncTest(async (loop) => {
      const cond = new Condition();
      const result: number[] = [];
      const tasks = [1, 2].map((n) => loop.createTask(waiterTask(cond, result, n, true)));
      await sleep(0);
      expect(result).toEqual([]);

      await cond.acquire();
      cond.notifyAll();
      cond.release();
      await sleep(0);
      expect(result).toEqual([1, 2]);
      for (const t of tasks) {
        expect(t.done()).toBe(true);
        expect(t.result()).toBe(true);
      }
    });
  });

  test('test_locks.ConditionTests.test_notify_unacquired', () => {
    const cond = new Condition();
    expect(() => cond.notify()).toThrow(NotAcquiredError);
  });

  test('test_locks.ConditionTests.test_notify_all_unacquired', () => {
    const cond = new Condition();
    expect(() => cond.notifyAll()).toThrow(NotAcquiredError);
  });

  test('test_locks.ConditionTests.test_repr', async () => {
    await asyncTest(async (loop) => {
      const cond = new Condition();
      expect(String(cond)).toBe('<Condition unlocked>');
      const tasks = [1, 2].map((n) => loop.createTask(waiterTask(cond, [], n, true)));
      await sleep(0);
      expect(String(cond)).toBe('<Condition unlocked waiters=2>');
      await cond.acquire();
      expect(String(cond)).toBe('<Condition locked waiters=2>');
      cond.notifyAll();
      cond.release();
      for (const t of tasks) await t;
      expect(String(cond)).toBe('<Condition unlocked>');
    });
  });

  test('test_locks.ConditionTests.test_context_manager', async () => {
    await asyncTest(async () => {
      const cond = new Condition();
      expect(cond.locked()).toBe(false);
      {
        using _held = await cond.hold();
        expect(cond.locked()).toBe(true);
      }
      expect(cond.locked()).toBe(false);
    });
  });

  test('test_locks.ConditionTests.test_explicit_lock', async () => {
    await asyncTest(async () => {
      const f = async (lock = new Lock(), cond = new Condition(lock)) => {
        expect(lock.locked()).toBe(false);
        expect(cond.locked()).toBe(false);
        {
          using _held = await cond.hold();
          expect(lock.locked()).toBe(true);
          expect(cond.locked()).toBe(true);
        }
        expect(lock.locked()).toBe(false);
        expect(cond.locked()).toBe(false);
        {
          using _held = await lock.hold();
          expect(lock.locked()).toBe(true);
          expect(cond.locked()).toBe(true);
        }
        expect(lock.locked()).toBe(false);
        expect(cond.locked()).toBe(false);
      };
      // All should work in the same way.
      await f();
      await f(new Lock());
      const lock = new Lock();
      await f(lock, new Condition(lock));
    });
  });

  test('test_locks.ConditionTests.test_ambiguous_loops', async () => {
    // CPython sets the private `_loop`; here the lock and the condition are bound to another loop by a real wait.
    const other = new VirtualTimeLoop();
    const lock = new Lock();
    const lockForCond = new Lock();
    const cond = new Condition(lockForCond);
    await other.runUntilComplete(async () => {
      await lock.acquire();
      const blocked = other.createTask(() => lock.acquire()); // waits on `other`: binds the lock to it
      await sleep(0);
      lock.release();
      await blocked;
      lock.release();
      const waiting = other.createTask(async () => {
        using _held = await cond.hold();
        await cond.wait(); // binds the condition (not its free lock) to `other`
      });
      await sleep(0);
      await cond.acquire();
      cond.notify();
      cond.release();
      await waiting;
    });
    other.close();
    await asyncTest(async () => {
      // wrong_loop_in_lock: acquired at once, without any loop; a Condition's acquire() then has to wait.
      {
        using _held = await lock.hold();
        const c = new Condition(lock);
        expect(await rejection(c.acquire())).toBeInstanceOf(WrongLoopError);
      }
      // wrong_loop_in_cond: the same with the condition's own loop.
      {
        using _held = await lockForCond.hold();
        expect(await rejection(cond.wait())).toBeInstanceOf(WrongLoopError);
      }
    });
  });

  test('test_locks.ConditionTests.test_timeout_in_block', async () => {
    await asyncTest(async () => {
      const condition = new Condition();
      using _held = await condition.hold();
      // A function runs inline in the task, as the coroutine does in asyncio.
      expect(await rejection(waitFor(() => condition.wait(), 500))).toBeInstanceOf(TimeoutError);
      expect(condition.locked()).toBe(true);
    });
  });

  test('test_locks.ConditionTests.test_cancelled_error_wakeup', async () => {
    // A CancelledError received while awaiting the wake-up is re-raised unmodified.
    await asyncTest(async (loop) => {
      const wake = false;
      let raised: unknown;
      const cond = new Condition();
      const task = loop.createTask(async () => {
        using _held = await cond.hold();
        const err = await rejection(cond.waitFor(() => wake));
        expect(err).toBeInstanceOf(CancelledError);
        raised = err;
        throw raised;
      });
      await sleep(0);
      // The task waits on the condition: cancel it there.
      task.cancel('foo');
      const err = await rejection(task);
      expect(err).toBeInstanceOf(CancelledError);
      expect((err as Error).message).toBe('foo');
      // The same instance as the one raised in the task.
      expect(err).toBe(raised);
    });
  });

  test('test_locks.ConditionTests.test_cancelled_error_re_aquire', async () => {
    // A CancelledError received while re-acquiring the lock is re-raised unmodified.
    await asyncTest(async (loop) => {
      let wake = false;
      let raised: unknown;
      const cond = new Condition();
      const task = loop.createTask(async () => {
        using _held = await cond.hold();
        const err = await rejection(cond.waitFor(() => wake));
        expect(err).toBeInstanceOf(CancelledError);
        raised = err;
        throw raised;
      });
      await sleep(0);
      // The task waits on the condition.
      await cond.acquire();
      wake = true;
      cond.notify();
      await sleep(0);
      // The task now tries to re-acquire the lock: cancel it there.
      task.cancel('foo');
      cond.release();
      const err = await rejection(task);
      expect(err).toBeInstanceOf(CancelledError);
      expect((err as Error).message).toBe('foo');
      expect(err).toBe(raised);
    });
  });

  test('test_locks.ConditionTests.test_cancelled_wakeup', async () => {
    // A task cancelled as it is notified (while its wake-up is still queued) does not lose the wake-up.
    await asyncTest(async (loop) => {
      const condition = new Condition();
      const state = { n: 0 };
      const c = [0, 1].map(() => loop.createTask(consumer(condition, state)));
      await sleep(0); // let them settle
      {
        using _held = await condition.hold();
        state.n += 1; // produce one item and wake up one consumer
        condition.notify(1);
        // Cancel it while it is waiting to run (this could come from outside).
        c[0]?.cancel();
        // Wait for the item to be consumed; if it is not, the notify was lost to the cancel.
        try {
          await timeout(10, () => condition.waitFor(() => state.n === 0));
        } catch (e) {
          if (!(e instanceof TimeoutError)) throw e;
        }
        expect(state.n).toBe(0);
        state.n = -1; // clean up
        condition.notifyAll();
      }
      await c[1];
    });
  });

  test('test_locks.ConditionTests.test_cancelled_wakeup_relock', async () => {
    // The same, with the cancellation arriving while the woken task re-acquires the lock.
    await asyncTest(async (loop) => {
      const condition = new Condition();
      const state = { n: 0 };
      const c = [0, 1].map(() => loop.createTask(consumer(condition, state)));
      await sleep(0);
      {
        using _held = await condition.hold();
        state.n += 1;
        condition.notify(1);
        // Let the woken task run and settle on re-acquiring the lock, then cancel it there.
        await sleep(0);
        c[0]?.cancel();
        try {
          await timeout(10, () => condition.waitFor(() => state.n === 0));
        } catch (e) {
          if (!(e instanceof TimeoutError)) throw e;
        }
        expect(state.n).toBe(0);
        state.n = -1;
        condition.notifyAll();
      }
      await c[1];
    });
  });
});
