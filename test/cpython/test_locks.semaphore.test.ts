/**
 * CPython's Lib/test/test_asyncio/test_locks.py (3.13+), SemaphoreTests, ported case by case. Each test body
 * runs as the main task of a fresh VirtualTimeLoop (`IsolatedAsyncioTestCase`); `asyncio.sleep(0)` is
 * `await sleep(0)`; `async with sem` is `using _held = await sem.hold()`; seconds are milliseconds.
 */
import {
  BoundedSemaphore,
  CancelledError,
  gather,
  OverReleaseError,
  Semaphore,
  SyncRangeError,
  sleep,
  type Task,
  TaskGroup,
  waitFor,
} from '../../src';
import { asyncTest, rejection } from './helpers';

/** CPython's c1…c4 of several cases: acquire, record `n`, return true. */
const acquirer = (sem: Semaphore, result: number[], n: number) => async () => {
  await sem.acquire();
  result.push(n);
  return true;
};

describe('test_locks.SemaphoreTests', () => {
  test('test_locks.SemaphoreTests.test_initial_value_zero', () => {
    const sem = new Semaphore(0);
    expect(sem.locked()).toBe(true);
  });

  test('test_locks.SemaphoreTests.test_repr', async () => {
    await asyncTest(async (loop) => {
      const sem = new Semaphore();
      expect(String(sem)).toBe('<Semaphore value=1>');
      await sem.acquire();
      expect(String(sem)).toBe('<Semaphore locked>');
      const waiters = [0, 1].map(() => loop.createTask(() => sem.acquire()));
      await sleep(0);
      expect(String(sem)).toBe('<Semaphore locked waiters=2>');
      for (const w of waiters) w.cancel();
      for (const w of waiters) await rejection(w);
      expect(String(sem)).toBe('<Semaphore locked>');
    });
  });

  test('test_locks.SemaphoreTests.test_semaphore', async () => {
    await asyncTest(async () => {
      const sem = new Semaphore();
      expect(sem._value).toBe(1);
      // asyncio: `await sem` is a TypeError. In JS a Semaphore is no thenable: awaiting it only yields itself.
      expect('then' in sem).toBe(false);
      expect(await (sem as unknown as Promise<Semaphore>)).toBe(sem);
      expect(sem.locked()).toBe(false);
      expect(sem._value).toBe(1);
    });
  });

  test('test_locks.SemaphoreTests.test_semaphore_value', () => {
    expect(() => new Semaphore(-1)).toThrow(SyncRangeError);
  });

  test('test_locks.SemaphoreTests.test_acquire', async () => {
    await asyncTest(async (loop) => {
      const sem = new Semaphore(3);
      const result: number[] = [];
      expect(await sem.acquire()).toBe(true);
      expect(await sem.acquire()).toBe(true);
      expect(sem.locked()).toBe(false);
      const t1 = loop.createTask(acquirer(sem, result, 1));
      const t2 = loop.createTask(acquirer(sem, result, 2));
      const t3 = loop.createTask(acquirer(sem, result, 3));
      await sleep(0);
      expect(result).toEqual([1]);
      expect(sem.locked()).toBe(true);
      expect(sem._waiters.length).toBe(2);
      expect(sem._value).toBe(0);

      const t4 = loop.createTask(acquirer(sem, result, 4));
      sem.release();
      sem.release();
      expect(sem._value).toBe(0);
      await sleep(0);
      expect(sem._value).toBe(0);
      expect(result.length).toBe(3);
      expect(sem.locked()).toBe(true);
      expect(sem._waiters.length).toBe(1);
      expect(sem._value).toBe(0);

      expect(t1.done()).toBe(true);
      expect(t1.result()).toBe(true);
      const raceTasks = [t2, t3, t4];
      expect(raceTasks.filter((t) => t.done() && t.result()).length).toBe(2);
      // clean up the locked semaphore
      sem.release();
      await gather(...raceTasks);
    });
  });

  test('test_locks.SemaphoreTests.test_acquire_cancel', async () => {
    await asyncTest(async (loop) => {
      const sem = new Semaphore();
      await sem.acquire();
      const acquire = loop.createTask(() => sem.acquire());
      loop.callSoon(() => acquire.cancel());
      expect(await rejection(acquire)).toBeInstanceOf(CancelledError);
      expect([...sem._waiters].every((w) => w.done())).toBe(true);
    });
  });

  test('test_locks.SemaphoreTests.test_acquire_cancel_before_awoken', async () => {
    await asyncTest(async (loop) => {
      const sem = new Semaphore(0);
      const [t1, t2, t3, t4] = [0, 1, 2, 3].map(() => loop.createTask(() => sem.acquire())) as [
        Task<true>,
        Task<true>,
        Task<true>,
        Task<true>,
      ];
      await sleep(0);
      t1.cancel();
      t2.cancel();
      sem.release();
      await sleep(0);
      await sleep(0);
      expect([t3, t4].filter((t) => t.done()).length).toBe(1);
      expect(t3.done()).toBe(true);
      expect(t4.done()).toBe(false);
      t3.cancel();
      t4.cancel();
      await sleep(0);
    });
  });

  test('test_locks.SemaphoreTests.test_acquire_hang', async () => {
    await asyncTest(async (loop) => {
      const sem = new Semaphore(0);
      const t1 = loop.createTask(() => sem.acquire());
      const t2 = loop.createTask(() => sem.acquire());
      await sleep(0);
      t1.cancel();
      sem.release();
      await sleep(0);
      await sleep(0);
      expect(sem.locked()).toBe(true);
      expect(t2.done()).toBe(true);
    });
  });

  test('test_locks.SemaphoreTests.test_acquire_no_hang', async () => {
    await asyncTest(async (loop) => {
      const sem = new Semaphore(1);
      let entered = false;
      const t1 = loop.createTask(async () => {
        {
          using _held = await sem.hold();
          await sleep(0);
        }
        t2.cancel();
      });
      const t2 = loop.createTask(async () => {
        using _held = await sem.hold();
        entered = true; // asyncio: self.assertFalse(True)
      });
      const [r1, r2] = await gather(t1, t2, { returnExceptions: true });
      expect(r1).toBeUndefined();
      expect(r2).toBeInstanceOf(CancelledError);
      expect(entered).toBe(false);
      await waitFor(() => sem.acquire(), 1000);
    });
  });

  test('test_locks.SemaphoreTests.test_release_not_acquired', () => {
    const sem = new BoundedSemaphore();
    expect(() => sem.release()).toThrow(OverReleaseError);
  });

  test('test_locks.SemaphoreTests.test_release_no_waiters', async () => {
    await asyncTest(async () => {
      const sem = new Semaphore();
      await sem.acquire();
      expect(sem.locked()).toBe(true);
      sem.release();
      expect(sem.locked()).toBe(false);
    });
  });

  test('test_locks.SemaphoreTests.test_acquire_fifo_order', async () => {
    await asyncTest(async () => {
      const sem = new Semaphore(1);
      const result: string[] = [];
      const coro = (tag: string) => async () => {
        await sem.acquire();
        result.push(`${tag}_1`);
        await sleep(10);
        sem.release();
        await sem.acquire();
        result.push(`${tag}_2`);
        await sleep(10);
        sem.release();
      };
      await TaskGroup.run((tg) => {
        tg.createTask(coro('c1'));
        tg.createTask(coro('c2'));
        tg.createTask(coro('c3'));
      });
      expect(result).toEqual(['c1_1', 'c2_1', 'c3_1', 'c1_2', 'c2_2', 'c3_2']);
    });
  });

  test('test_locks.SemaphoreTests.test_acquire_fifo_order_2', async () => {
    await asyncTest(async (loop) => {
      const sem = new Semaphore(1);
      const result: number[] = [];
      const t1 = loop.createTask(acquirer(sem, result, 1));
      const t2 = loop.createTask(async () => {
        await sem.acquire();
        result.push(2);
        sem.release();
        await sem.acquire();
        result.push(4);
        return true;
      });
      const t3 = loop.createTask(acquirer(sem, result, 3));
      await sleep(0);
      sem.release();
      sem.release();
      await gather(t1, t2, t3);
      expect(result).toEqual([1, 2, 3, 4]);
    });
  });

  test('test_locks.SemaphoreTests.test_acquire_fifo_order_3', async () => {
    await asyncTest(async (loop) => {
      const sem = new Semaphore(0);
      const result: number[] = [];
      const tasks = [1, 2, 3].map((n) => loop.createTask(acquirer(sem, result, n)));
      await sleep(0);
      tasks[0]?.cancel();
      await sleep(0);
      sem.release();
      sem.release();
      await gather(...tasks, { returnExceptions: true });
      expect(result).toEqual([2, 3]);
    });
  });

  test('test_locks.SemaphoreTests.test_acquire_fifo_order_4', async () => {
    // A successful acquire() wakes every task it made wait behind it by the FIFO rule.
    await asyncTest(async (loop) => {
      const sem = new Semaphore(0);
      const result: number[] = [];
      let t4: Task<boolean> | undefined;
      const c4 = async () => {
        result.push(4);
        return true;
      };
      const t1 = loop.createTask(async () => {
        // Waits at once; c2 wakes it.
        expect(sem._value).toBe(0);
        await sem.acquire();
        // Every waiting task has been woken by now.
        expect(sem._value).toBe(0);
        // A fourth task: it runs after c3, not after c2.
        t4 = loop.createTask(c4);
        result.push(1);
        return true;
      });
      const t2 = loop.createTask(async () => {
        // Release three times, for c1, c2 and c3.
        sem.release();
        sem.release();
        sem.release();
        expect(sem._value).toBe(2);
        // Locked, because c1 has not woken up yet.
        expect(sem.locked()).toBe(true);
        await sem.acquire();
        result.push(2);
        return true;
      });
      const t3 = loop.createTask(async () => {
        await sem.acquire();
        expect(sem.locked()).toBe(true);
        result.push(3);
        return true;
      });
      await sleep(0);
      // Three tasks are in the queue; the first has not woken up yet.
      expect(sem._value).toBe(2);
      expect(sem._waiters.length).toBe(3);
      await sleep(0);
      if (t4 === undefined) throw new Error('c1 did not run');
      await gather(t1, t2, t3, t4);
      expect(result).toEqual([1, 2, 3, 4]);
    });
  });
});
