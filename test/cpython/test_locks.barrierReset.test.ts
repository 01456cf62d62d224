/**
 * CPython's Lib/test/test_asyncio/test_locks.py (3.13+), BarrierTests: the reset and abort cases, ported case by
 * case (the others are in test_locks.barrier.test.ts; same conventions).
 */
import { Barrier, BrokenBarrierError, gather, sleep } from '../../src';
import { catchBroken, gatherTasks, makeTasks, N } from './barrierHelpers';
import { asyncTest } from './helpers';

describe('test_locks.BarrierTests', () => {
  test('test_locks.BarrierTests.test_reset_barrier', async () => {
    await asyncTest(async (loop) => {
      const barrier = new Barrier(1);
      loop.createTask(() => barrier.reset());
      await sleep(0);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    });
  });

  test('test_locks.BarrierTests.test_reset_barrier_while_tasks_waiting', async () => {
    await asyncTest(async (loop) => {
      const barrier = new Barrier(N);
      const results: boolean[] = [];
      // N - 1 tasks wait on a barrier of N parties.
      const tasks = makeTasks(N - 1, () =>
        catchBroken(
          () => barrier.wait(),
          () => void results.push(true),
        ),
      );
      await sleep(0);
      loop.createTask(() => barrier.reset());
      await gather(...tasks);
      expect(results).toEqual(Array(N - 1).fill(true));
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.state).not.toBe('resetting');
      expect(barrier.broken).toBe(false);
    });
  });

  test('test_locks.BarrierTests.test_reset_barrier_when_tasks_half_draining', async () => {
    await asyncTest(async () => {
      const barrier = new Barrier(N);
      const results1: boolean[] = [];
      const restOfTasks = Math.floor(N / 2);
      await gatherTasks(N, async () => {
        const passed = await catchBroken(
          () => barrier.wait(),
          () => void results1.push(true), // the tasks still waiting
        );
        // A drained task, outside the barrier: reset while the others are still inside.
        if (passed && restOfTasks === barrier._count) await barrier.reset();
      });
      expect(results1).toEqual(Array(restOfTasks).fill(true));
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.state).not.toBe('resetting');
      expect(barrier.broken).toBe(false);
    });
  });

  test('test_locks.BarrierTests.test_reset_barrier_when_tasks_half_draining_half_blocking', async () => {
    await asyncTest(async () => {
      const barrier = new Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      const blockingTasks = Math.floor(N / 2);
      let count = 0;
      await gatherTasks(N, async () => {
        const passed = await catchBroken(
          () => barrier.wait(),
          async () => {
            results1.push(true); // the tasks still waiting
            await barrier.wait(); // wait again to reach `parties`
          },
        );
        if (!passed) return;
        count += 1;
        if (count > blockingTasks) {
          await barrier.reset(); // waiting tasks get BrokenBarrierError
          await barrier.wait(); // wait again to reach `parties`
        } else {
          // The blocked tasks are not broken by the reset: they wait on.
          await catchBroken(
            () => barrier.wait(),
            () => void results2.push(true),
          );
        }
      });
      expect(results1).toEqual(Array(blockingTasks).fill(true));
      expect(results2).toEqual([]);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.state).not.toBe('resetting');
      expect(barrier.broken).toBe(false);
    });
  });

  test('test_locks.BarrierTests.test_reset_barrier_while_tasks_waiting_and_waiting_again', async () => {
    await asyncTest(async (loop) => {
      const barrier = new Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      const coro1 = async () => {
        try {
          await barrier.wait();
        } catch (e) {
          if (!(e instanceof BrokenBarrierError)) throw e;
          results1.push(true);
        } finally {
          await barrier.wait();
          results2.push(true);
        }
      };
      const coro2 = async () => {
        await barrier.wait();
        results2.push(true);
      };
      const tasks = makeTasks(N - 1, coro1);
      // Reset: the N - 1 waiting tasks get BrokenBarrierError.
      loop.createTask(() => barrier.reset());
      await sleep(0);
      // Complete the waiting tasks in their `finally`.
      loop.createTask(coro2);
      await gather(...tasks);
      expect(barrier.broken).toBe(false);
      expect(results1).toEqual(Array(N - 1).fill(true));
      expect(results2).toEqual(Array(N).fill(true));
      expect(barrier.nWaiting).toBe(0);
    });
  });

  test('test_locks.BarrierTests.test_reset_barrier_while_tasks_draining', async () => {
    await asyncTest(async () => {
      const barrier = new Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      const results3: boolean[] = [];
      let count = 0;
      await gatherTasks(N, async () => {
        await barrier.wait();
        count += 1;
        if (count === N) {
          // the last task out of the barrier
          await barrier.reset();
          await barrier.wait(); // wait here to reach `parties`
        } else {
          try {
            await barrier.wait(); // the second wait
            results1.push(true); // N - 1 tasks here
          } catch {
            results2.push(true); // never here
          }
        }
        // Pass the barrier again: this last wait must complete.
        await barrier.wait();
        results3.push(true);
      });
      expect(barrier.broken).toBe(false);
      expect(results1).toEqual(Array(N - 1).fill(true));
      expect(results2).toEqual([]);
      expect(results3).toEqual(Array(N).fill(true));
      expect(barrier.nWaiting).toBe(0);
    });
  });

  test('test_locks.BarrierTests.test_abort_barrier', async () => {
    await asyncTest(async (loop) => {
      const barrier = new Barrier(1);
      loop.createTask(() => barrier.abort());
      await sleep(0);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(true);
    });
  });

  test('test_locks.BarrierTests.test_abort_barrier_when_tasks_half_draining_half_blocking', async () => {
    await asyncTest(async () => {
      const barrier = new Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      const blockingTasks = Math.floor(N / 2);
      let count = 0;
      await gatherTasks(N, async () => {
        const passed = await catchBroken(
          () => barrier.wait(),
          () => void results1.push(true), // the tasks waiting to drain
        );
        if (!passed) return;
        count += 1;
        if (count > blockingTasks) {
          await barrier.abort(); // every task gets BrokenBarrierError
        } else {
          // the blocked tasks (already drained)
          await catchBroken(
            () => barrier.wait(),
            () => void results2.push(true),
          );
        }
      });
      expect(barrier.broken).toBe(true);
      expect(results1).toEqual(Array(blockingTasks).fill(true));
      expect(results2).toEqual(Array(N - blockingTasks - 1).fill(true));
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.state).not.toBe('resetting');
    });
  });

  test('test_locks.BarrierTests.test_abort_barrier_when_exception', async () => {
    // From threading.Barrier's lock_tests.test_reset.
    await asyncTest(async () => {
      const barrier = new Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      class Failure extends Error {}
      await gatherTasks(N, async () => {
        try {
          const i = await barrier.wait();
          if (i === Math.floor(N / 2)) throw new Failure();
          await barrier.wait();
          results1.push(true);
        } catch (e) {
          if (e instanceof BrokenBarrierError) results2.push(true);
          else if (e instanceof Failure) await barrier.abort();
          else throw e;
        }
      });
      expect(barrier.broken).toBe(true);
      expect(results1).toEqual([]);
      expect(results2).toEqual(Array(N - 1).fill(true));
      expect(barrier.nWaiting).toBe(0);
    });
  });

  test('test_locks.BarrierTests.test_abort_barrier_when_exception_then_resetting', async () => {
    // From threading.Barrier's lock_tests.test_abort_and_reset.
    await asyncTest(async () => {
      const barrier1 = new Barrier(N);
      const barrier2 = new Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      const results3: boolean[] = [];
      class Failure extends Error {}
      await gatherTasks(N, async () => {
        try {
          const i = await barrier1.wait();
          if (i === Math.floor(N / 2)) throw new Failure();
          await barrier1.wait();
          results1.push(true);
        } catch (e) {
          if (e instanceof BrokenBarrierError) results2.push(true);
          else if (e instanceof Failure) await barrier1.abort();
          else throw e;
        }
        // Synchronize and reset the barrier: synchronize first so that everyone has left it when we reset,
        // and after, so that no one enters it before the reset.
        const i = await barrier2.wait();
        if (i === Math.floor(N / 2)) await barrier1.reset();
        await barrier2.wait();
        await barrier1.wait();
        results3.push(true);
      });
      expect(barrier1.broken).toBe(false);
      expect(results1).toEqual([]);
      expect(results2).toEqual(Array(N - 1).fill(true));
      expect(results3).toEqual(Array(N).fill(true));
      expect(barrier1.nWaiting).toBe(0);
    });
  });
});
