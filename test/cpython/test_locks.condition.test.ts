/**
 * CPython's Lib/test/test_asyncio/test_locks.py (3.13+), ConditionTests (the cancellation cases are in
 * test_locks.conditionCancel.test.ts), ported case by case. Each test body runs as the main task of a fresh
 * VirtualTimeLoop (`IsolatedAsyncioTestCase`); `asyncio.sleep(0)` is `await sleep(0)`; `async with cond` is
 * `using _held = await cond.hold()`.
 */
import {
  Condition,
  Lock,
  NotAcquiredError,
  sleep,
  TimeoutError,
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
});
