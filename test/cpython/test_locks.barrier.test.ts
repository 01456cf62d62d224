/**
 * CPython's Lib/test/test_asyncio/test_locks.py (3.13+), BarrierTests (filling and draining; the reset and abort
 * cases are in test_locks.barrierReset.test.ts), ported case by case. Each test body runs as the main task of a
 * fresh VirtualTimeLoop (`IsolatedAsyncioTestCase`); `asyncio.sleep(0)` is `await sleep(0)`;
 * `async with barrier as i` is `const i = await barrier.wait()` (the barrier's exit does nothing); checks of
 * `repr(barrier)` read `barrier.state`.
 */
import { Barrier, CancelledError, gather, SyncRangeError, sleep, type Task, wait } from '../../src';
import { gatherTasks, makeTasks, N } from './barrierHelpers';
import { asyncTest, rejection } from './helpers';

describe('test_locks.BarrierTests', () => {
  test('test_locks.BarrierTests.test_barrier', async () => {
    await asyncTest(async () => {
      const barrier = new Barrier(N);
      expect(barrier.state).toBe('filling');
      // asyncio: `await barrier` is a TypeError. In JS a Barrier is no thenable: awaiting it only yields itself.
      expect('then' in barrier).toBe(false);
      expect(await (barrier as unknown as Promise<Barrier>)).toBe(barrier);
      expect(barrier.state).toBe('filling');
    });
  });

  test('test_locks.BarrierTests.test_repr', async () => {
    await asyncTest(async () => {
      const barrier = new Barrier(N);
      expect(String(barrier)).toBe(`<Barrier filling waiters=0/${N}>`);
      const waiters: Task<number>[] = [];
      const incr = 2;
      waiters.push(...makeTasks(incr, () => barrier.wait()));
      await sleep(0);
      expect(String(barrier)).toBe(`<Barrier filling waiters=${incr}/${N}>`);
      expect(barrier.state).toBe('filling');

      // the missing waiters
      waiters.push(...makeTasks(barrier.parties - barrier.nWaiting, () => barrier.wait()));
      await sleep(0);
      expect(barrier.state).toBe('draining');

      // some more waiters, then reset
      waiters.push(...makeTasks(incr, () => barrier.wait()));
      await sleep(0);
      await barrier.reset();
      expect(barrier.state).toBe('resetting');

      // some more waiters again, then abort
      waiters.push(...makeTasks(incr, () => barrier.wait()));
      await sleep(0);
      await barrier.abort();
      expect(barrier.state).toBe('broken');
      expect(String(barrier)).toBe(`<Barrier broken waiters=0/${N}>`);
      expect(barrier.broken).toBe(true);
      await gather(...waiters, { returnExceptions: true });
    });
  });

  test('test_locks.BarrierTests.test_barrier_parties', () => {
    expect(() => new Barrier(0)).toThrow(SyncRangeError);
    expect(() => new Barrier(-4)).toThrow(SyncRangeError);
    expect(new Barrier(N)).toBeInstanceOf(Barrier);
  });

  test('test_locks.BarrierTests.test_context_manager', async () => {
    await asyncTest(async () => {
      const n = 3;
      const barrier = new Barrier(n);
      const results: number[] = [];
      await gatherTasks(n, async () => {
        results.push(await barrier.wait());
      });
      expect([...results].sort()).toEqual([0, 1, 2]);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    });
  });

  test('test_locks.BarrierTests.test_filling_one_task', async () => {
    await asyncTest(async () => {
      const barrier = new Barrier(1);
      const f = async () => {
        await barrier.wait();
        return true;
      };
      expect(await f()).toBe(true);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    });
  });

  test('test_locks.BarrierTests.test_filling_one_task_twice', async () => {
    await asyncTest(async (loop) => {
      const barrier = new Barrier(1);
      const t1 = loop.createTask(() => barrier.wait());
      await sleep(0);
      expect(barrier.nWaiting).toBe(0);
      const t2 = loop.createTask(() => barrier.wait());
      await sleep(0);
      expect(t1.result()).toBe(t2.result());
      expect(t1.done()).toBe(t2.done());
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    });
  });

  test('test_locks.BarrierTests.test_filling_task_by_task', async () => {
    await asyncTest(async (loop) => {
      const barrier = new Barrier(3);
      const t1 = loop.createTask(() => barrier.wait());
      await sleep(0);
      expect(barrier.nWaiting).toBe(1);
      expect(barrier.state).toBe('filling');
      const t2 = loop.createTask(() => barrier.wait());
      await sleep(0);
      expect(barrier.nWaiting).toBe(2);
      expect(barrier.state).toBe('filling');
      const t3 = loop.createTask(() => barrier.wait());
      await sleep(0);
      await wait([t1, t2, t3]);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    });
  });

  test('test_locks.BarrierTests.test_filling_tasks_wait_twice', async () => {
    await asyncTest(async () => {
      const barrier = new Barrier(N);
      const results: boolean[] = [];
      await gatherTasks(N, async () => {
        await barrier.wait();
        results.push(true);
        await barrier.wait();
        results.push(false);
      });
      expect(results.length).toBe(N * 2);
      expect(results.filter((r) => r).length).toBe(N);
      expect(results.filter((r) => !r).length).toBe(N);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    });
  });

  test('test_locks.BarrierTests.test_filling_tasks_check_return_value', async () => {
    await asyncTest(async () => {
      const barrier = new Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      const res = await gatherTasks(N, async () => {
        await barrier.wait();
        results1.push(true);
        const i = await barrier.wait();
        results2.push(true);
        return i;
      });
      expect(results1).toEqual(Array(N).fill(true));
      expect(results2).toEqual(Array(N).fill(true));
      expect([...res].sort()).toEqual([0, 1, 2, 3, 4]);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    });
  });

  test('test_locks.BarrierTests.test_draining_state', async () => {
    await asyncTest(async () => {
      const barrier = new Barrier(N);
      const results: boolean[] = [];
      await gatherTasks(N, async () => {
        await barrier.wait();
        // the last task out turns the state back to filling
        results.push(barrier.state === 'draining');
      });
      expect(results.length).toBe(N);
      expect(results[N - 1]).toBe(false);
      expect(results.slice(0, N - 1).every((r) => r)).toBe(true);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    });
  });

  test('test_locks.BarrierTests.test_blocking_tasks_while_draining', async () => {
    await asyncTest(async () => {
      const rewait = 2;
      const barrier = new Barrier(N);
      const barrierNowaiting = new Barrier(N - rewait);
      let rewaitN = rewait;
      await gatherTasks(N, async () => {
        await barrier.wait(); // the first wait
        if (rewaitN > 0) {
          rewaitN -= 1;
          await barrier.wait(); // wait again, only for the `rewait` tasks
        } else {
          await barrierNowaiting.wait(); // wait for the end of draining
          await barrier.wait(); // wait for the other waiting tasks
        }
      });
      // Success means barrierNowaiting was waited on exactly N - rewait times.
    });
  });

  test('test_locks.BarrierTests.test_filling_tasks_cancel_one', async () => {
    await asyncTest(async (loop) => {
      const barrier = new Barrier(3);
      const results: boolean[] = [];
      const coro = async () => {
        await barrier.wait();
        results.push(true);
      };
      const t1 = loop.createTask(coro);
      await sleep(0);
      expect(barrier.nWaiting).toBe(1);
      const t2 = loop.createTask(coro);
      await sleep(0);
      expect(barrier.nWaiting).toBe(2);
      t1.cancel();
      await sleep(0);
      expect(barrier.nWaiting).toBe(1);
      expect(await rejection(t1)).toBeInstanceOf(CancelledError);
      expect(t1.cancelled()).toBe(true);
      const t3 = loop.createTask(coro);
      await sleep(0);
      expect(barrier.nWaiting).toBe(2);
      const t4 = loop.createTask(coro);
      await gather(t2, t3, t4);
      expect(results).toEqual([true, true, true]);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    });
  });
});
