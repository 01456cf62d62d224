/**
 * CPython's Lib/test/test_asyncio/test_tasks.py, BaseTaskTests: cancel() (cancelling()/uncancel() are in
 * test_tasks.cancelling.test.ts). Seconds became milliseconds; white-box checks of `_fut_waiter` and
 * `_must_cancel` became checks of what they cause.
 */
import { CancelledError, InvalidStateError, sleep, type Task, type VirtualTimeLoop, wait } from '../../src';
import { expectExportedError } from '../conformance/helpers';
import { cancelledErrorOf, failure, runBriefly, useTestLoop } from './taskHelpers';

let loop: VirtualTimeLoop;
useTestLoop((l) => {
  loop = l;
});

describe('test_tasks.BaseTaskTests: cancel()', () => {
  test('test_tasks.BaseTaskTests.test_task_cancel_message_getter', async () => {
    const t = loop.createTask(async () => {});
    t.cancel('my message');
    expect((await cancelledErrorOf(loop, t)).message).toBe('my message');
  });

  test('test_tasks.BaseTaskTests.test_cancel', async () => {
    const t = loop.createTask(async () => {
      await sleep(10_000);
      return 12;
    });
    loop.callSoon(() => t.cancel());
    await cancelledErrorOf(loop, t);
    expect(t.done()).toBe(true);
    expect(t.cancelled()).toBe(true);
    expect(t.cancel()).toBe(false);
    expect(loop.time()).toBeLessThan(10_000);
  });

  test.each([
    ['test_tasks.BaseTaskTests.test_cancel_with_message_then_future_result', (t: Task<void>) => t.result()],
    [
      'test_tasks.BaseTaskTests.test_cancel_with_message_then_future_exception',
      (t: Task<void>) => t.exception(),
    ],
  ])('%s', async (_name, read) => {
    const cases: [args: [] | [string | undefined], expected: string][] = [
      [[], ''],
      [[undefined], ''],
      [['my message'], 'my message'],
    ];
    for (const [args, expected] of cases) {
      const task = loop.createTask(async () => {
        const inner = loop.createTask(async () => {
          await sleep(10_000);
        });
        await sleep(0);
        inner.cancel(...args);
        await wait([inner]);
        read(inner);
      });
      expect((await cancelledErrorOf(loop, task)).message).toBe(expected);
    }
  });

  test('test_tasks.BaseTaskTests.test_cancellation_exception_context', async () => {
    const fut = loop.createFuture<void>();
    const task = loop.createTask(async () => {
      const inner = loop.createTask(async () => {
        fut.setResult();
        await sleep(10_000);
      });
      await fut;
      loop.callSoon(() => inner.cancel('msg'));
      try {
        await inner;
      } catch (ex) {
        throw new RangeError('cancelled', { cause: ex });
      }
    });
    const err = await failure(loop.runUntilComplete(task));
    expect(err).toBeInstanceOf(RangeError);
    expect(err.message).toBe('cancelled');
    expect(err.cause).toBeInstanceOf(CancelledError);
    expect((err.cause as Error).message).toBe('msg');
  });

  test('test_tasks.BaseTaskTests.test_cancel_with_message_before_starting_task', async () => {
    const task = loop.createTask(async () => {
      const inner = loop.createTask(async () => {
        await sleep(10_000);
      });
      inner.cancel('my message');
      await wait([inner]);
      inner.exception();
    });
    expect((await cancelledErrorOf(loop, task)).message).toBe('my message');
  });

  test('test_tasks.BaseTaskTests.test_cancel_yield', async () => {
    const t = loop.createTask(async () => {
      await sleep(0);
      await sleep(0);
      return 12;
    });
    await runBriefly(loop); // start the task
    t.cancel();
    await cancelledErrorOf(loop, t);
    expect(t.done()).toBe(true);
    expect(t.cancelled()).toBe(true);
    expect(t.cancel()).toBe(false);
  });

  test.each([
    ['test_tasks.BaseTaskTests.test_cancel_inner_future', false],
    ['test_tasks.BaseTaskTests.test_cancel_both_task_and_inner_future', true],
  ])('%s', async (_name, alsoTheTask) => {
    const f = loop.createFuture<void>();
    const t = loop.createTask(async () => {
      await f;
      return 12;
    });
    await runBriefly(loop);
    f.cancel();
    if (alsoTheTask) t.cancel();
    await cancelledErrorOf(loop, t);
    expect(t.done()).toBe(true);
    expect(f.cancelled()).toBe(true);
    expect(t.cancelled()).toBe(true);
  });

  test('test_tasks.BaseTaskTests.test_cancel_task_catching', async () => {
    const fut1 = loop.createFuture<void>();
    const fut2 = loop.createFuture<void>();
    const t = loop.createTask(async () => {
      await fut1;
      try {
        await fut2;
      } catch (e) {
        if (e instanceof CancelledError) return 42;
        throw e;
      }
      return 0;
    });
    await runBriefly(loop);
    fut1.setResult();
    await runBriefly(loop);
    t.cancel();
    expect(fut2.cancelled()).toBe(true);
    expect(await loop.runUntilComplete(t)).toBe(42);
    expect(t.cancelled()).toBe(false);
  });

  test('test_tasks.BaseTaskTests.test_cancel_task_ignoring', async () => {
    const fut1 = loop.createFuture<void>();
    const fut2 = loop.createFuture<void>();
    const fut3 = loop.createFuture<number>();
    const t = loop.createTask(async () => {
      await fut1;
      try {
        await fut2;
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
      }
      return await fut3;
    });
    await runBriefly(loop);
    fut1.setResult();
    await runBriefly(loop);
    t.cancel();
    expect(fut2.cancelled()).toBe(true);
    await runBriefly(loop);
    expect(t.done()).toBe(false);
    fut3.setResult(42);
    expect(await loop.runUntilComplete(t)).toBe(42);
    expect(fut3.cancelled()).toBe(false);
    expect(t.cancelled()).toBe(false);
  });

  test('test_tasks.BaseTaskTests.test_cancel_current_task', async () => {
    let after = false;
    const t = loop.createTask(async () => {
      t.cancel();
      await sleep(100_000); // cancelled at once
      after = true;
      return 12;
    });
    expect(t.cancelled()).toBe(false);
    await cancelledErrorOf(loop, t);
    expect(t.done()).toBe(true);
    expect(t.cancelled()).toBe(true);
    expect(after).toBe(false);
    expect(loop.time()).toBeLessThan(100_000);
    expect(t.cancel()).toBe(false);
  });

  test('test_tasks.BaseTaskTests.test_cancel_at_end', async () => {
    const t = loop.createTask(async () => {
      t.cancel();
      return 12;
    });
    expect(t.cancelled()).toBe(false);
    await cancelledErrorOf(loop, t);
    expect(t.done()).toBe(true);
    expect(t.cancelled()).toBe(true);
    expect(t.cancel()).toBe(false);
  });

  test('test_tasks.BaseTaskTests.test_cancel_awaited_task', async () => {
    const fut = loop.createFuture<void>();
    let nested: Task<void> | undefined;
    const task: Task<void> = loop.createTask(async () => {
      nested = loop.createTask(async () => {
        await fut;
      });
      await sleep(0);
      task.cancel(); // not blocked now: the next thing it awaits is cancelled
      await nested;
    });
    await cancelledErrorOf(loop, task);
    expect(task.cancelled()).toBe(true);
    expect(nested?.cancelled()).toBe(true);
    expect(fut.cancelled()).toBe(true);
  });

  test('test_tasks.BaseTaskTests.test_stop_while_run_in_complete', async () => {
    let x = 0;
    const t = loop.createTask(async () => {
      while (x < 10) {
        await sleep(100);
        x += 1;
        if (x === 2) loop.stop();
      }
    });
    const err = await failure(loop.runUntilComplete(t));
    expect(err).toBeInstanceOf(InvalidStateError);
    expectExportedError(err);
    expect(err.message).toMatch(/stopped before the Future completed/);
    expect(t.done()).toBe(false);
    expect(x).toBe(2);
    // CPython's test loop reads 300 ms here because it moves its clock to the timer the task set in the last
    // iteration; a VirtualTimeLoop moves time only while it runs, and it stopped at 200 ms.
    expect(loop.time()).toBe(200);
    t.cancel();
    await cancelledErrorOf(loop, t);
  });

  test('test_tasks.BaseTaskTests.test_sleep_cancel', async () => {
    const t = loop.createTask(() => sleep(10_000, 'yeah'));
    await runBriefly(loop);
    t.cancel();
    await runBriefly(loop);
    expect(t.cancelled()).toBe(true);
    // The sleep's timer handle was cancelled: no deadline is left to run to.
    await loop.runUntilIdle();
    expect(loop.time()).toBeLessThan(10_000);
  });

  test('test_tasks.BaseTaskTests.test_task_cancel_sleeping_task', async () => {
    const doer = async (): Promise<string> => {
      const sleeper = loop.createTask(async () => {
        await sleep(5_000_000);
      });
      loop.callLater(100, () => sleeper.cancel());
      try {
        await sleeper;
      } catch (e) {
        if (e instanceof CancelledError) return 'cancelled';
        throw e;
      }
      return 'slept in';
    };
    expect(await loop.runUntilComplete(doer)).toBe('cancelled');
    expect(loop.time()).toBe(100);
  });

  test('test_tasks.BaseTaskTests.test_task_cancel_waiter_future', async () => {
    const fut = loop.createFuture<void>();
    const task = loop.createTask(async () => {
      await fut;
    });
    await runBriefly(loop);
    task.cancel();
    await runBriefly(loop);
    await cancelledErrorOf(loop, task);
    expect(fut.cancelled()).toBe(true);
  });
});
