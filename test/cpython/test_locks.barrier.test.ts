/**
 * CPython's Lib/test/test_asyncio/test_locks.py (3.13+), BarrierTests, ported case by case. Each test body runs
 * as the main task of a fresh VirtualTimeLoop (`IsolatedAsyncioTestCase`); `asyncio.sleep(0)` is
 * `await sleep(0)`; `async with barrier as i` is `const i = await barrier.wait()` (the barrier's exit does
 * nothing); checks of `repr(barrier)` read `barrier.state`.
 */
import {
  Barrier,
  BrokenBarrierError,
  CancelledError,
  type EventLoop,
  gather,
  getRunningLoop,
  SyncRangeError,
  sleep,
  type Task,
  wait,
} from '../../src';
import { asyncTest, rejection } from './helpers';

const N = 5;

/** CPython's `make_tasks`: `n` tasks of `coro`, on the running loop. */
function makeTasks<T>(n: number, coro: () => Promise<T>): Task<T>[] {
  const loop: EventLoop = getRunningLoop();
  return Array.from({ length: n }, () => loop.createTask(coro));
}

/** CPython's `gather_tasks`: `n` tasks of `coro`, gathered; resolves to their results. */
async function gatherTasks<T>(n: number, coro: () => Promise<T>): Promise<T[]> {
  return (await gather(...makeTasks(n, coro))) as T[];
}

/** Run `fn`: true if it succeeded; on BrokenBarrierError run `onBroken` and give false (other errors propagate). */
async function catchBroken(
  fn: () => Promise<unknown>,
  onBroken: () => Promise<void> | void,
): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (e) {
    if (!(e instanceof BrokenBarrierError)) throw e;
    await onBroken();
    return false;
  }
}

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
