/**
 * CPython's Lib/test/test_asyncio/test_waitfor.py (3.14), case by case: AsyncioWaitForTest and
 * WaitForShieldTests. A coroutine passed to `wait_for` is a function (run inline in the waiting task, as
 * `wait_for` runs a coroutine); seconds are ms; the clock is the loop's (virtual) one, also where CPython reads
 * `time.monotonic()`. Python's implicit exception context is the TimeoutError's `cause` here.
 */
import {
  CancelledError,
  type EventLoop,
  getRunningLoop,
  shield,
  sleep,
  TimeoutError,
  wait,
  waitFor,
} from '../../src';
import { asyncTest, rejection } from './helpers';

const T = 'test_waitfor.AsyncioWaitForTest';

/** A small timeout: it passes "timeout > 0" but has almost no effect (CPython's _EPSILON, 0.1 ms). */
const EPSILON = 0.1;

/** A task body that runs for TASK_TIMEOUT ms, ignoring cancel requests. */
class SlowTask {
  static readonly TASK_TIMEOUT = 200;
  exited = false;

  readonly run = async (): Promise<void> => {
    const loop = getRunningLoop();
    const exitAt = loop.time() + SlowTask.TASK_TIMEOUT;
    for (;;) {
      const toSleep = exitAt - loop.time();
      if (toSleep <= 0) break;
      try {
        await sleep(toSleep);
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
      }
    }
    this.exited = true;
  };
}

test(`${T}.test_asyncio_wait_for_cancelled`, () =>
  asyncTest(async (loop) => {
    const t = new SlowTask();
    const waitForTask = loop.createTask(() => waitFor(t.run, SlowTask.TASK_TIMEOUT * 2));
    await sleep(0);
    waitForTask.cancel();
    await wait([waitForTask]);
    expect(t.exited).toBe(true);
  }));

test(`${T}.test_asyncio_wait_for_timeout`, () =>
  asyncTest(async () => {
    const t = new SlowTask();
    try {
      await waitFor(t.run, SlowTask.TASK_TIMEOUT / 2);
    } catch (e) {
      if (!(e instanceof TimeoutError)) throw e;
    }
    expect(t.exited).toBe(true);
  }));

test(`${T}.test_wait_for_timeout_less_then_0_or_0_future_done`, () =>
  asyncTest(async (loop) => {
    const fut = loop.createFuture<string>();
    fut.setResult('done');
    const ret = await waitFor(fut, 0);
    expect(ret).toBe('done');
    expect(fut.done()).toBe(true);
  }));

test(`${T}.test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started`, () =>
  asyncTest(async () => {
    let fooStarted = false;
    const foo = async (): Promise<void> => {
      fooStarted = true;
    };
    expect(await rejection(waitFor(foo, 0))).toBeInstanceOf(TimeoutError);
    expect(fooStarted).toBe(false);
  }));

test(`${T}.test_wait_for_timeout_less_then_0_or_0`, () =>
  asyncTest(async (loop) => {
    for (const timeoutMs of [0, -1]) {
      let fooRunning: boolean | null = null;
      const started = loop.createFuture<void>();
      const fut = loop.createTask(async () => {
        fooRunning = true;
        started.setResult(undefined);
        try {
          await sleep(10_000);
        } finally {
          fooRunning = false;
        }
        return 'done';
      });
      await started;
      const t0 = loop.time();
      expect(await rejection(waitFor(fut, timeoutMs))).toBeInstanceOf(TimeoutError);
      expect(loop.time()).toBe(t0);
      expect(fut.done()).toBe(true);
      // it should have been cancelled due to the timeout
      expect(fut.cancelled()).toBe(true);
      expect(fooRunning).toBe(false);
    }
  }));

test(`${T}.test_wait_for`, () =>
  asyncTest(async (loop) => {
    let fooRunning: boolean | null = null;
    const fut = loop.createTask(async () => {
      fooRunning = true;
      try {
        await sleep(300_000); // support.LONG_TIMEOUT
      } finally {
        fooRunning = false;
      }
      return 'done';
    });
    expect(await rejection(waitFor(fut, 100))).toBeInstanceOf(TimeoutError);
    expect(loop.time()).toBe(100);
    expect(fut.done()).toBe(true);
    // it should have been cancelled due to the timeout
    expect(fut.cancelled()).toBe(true);
    expect(fooRunning).toBe(false);
  }));

test(`${T}.test_wait_for_blocking`, () =>
  asyncTest(async () => {
    const res = await waitFor(async () => 'done', null);
    expect(res).toBe('done');
  }));

test(`${T}.test_wait_for_race_condition`, () =>
  asyncTest(async (loop) => {
    const fut = loop.createFuture<string>();
    const task = waitFor(fut, 200);
    loop.callSoon(() => fut.setResult('ok'));
    expect(await task).toBe('ok');
  }));

test(`${T}.test_wait_for_cancellation_race_condition`, () =>
  asyncTest(async () => {
    const inner = async (): Promise<number> => {
      expect(await rejection(sleep(1000))).toBeInstanceOf(CancelledError);
      return 1;
    };
    const result = await waitFor(inner, 10);
    expect(result).toBe(1);
  }));

/** A task that, when cancelled, takes EPSILON ms more to end; `state.done` is set when it ended. */
function slowToCancel(loop: EventLoop, state: { done: boolean }) {
  return loop.createTask(async () => {
    try {
      await sleep(10_000);
    } catch (e) {
      if (e instanceof CancelledError) await sleep(EPSILON);
      throw e;
    } finally {
      state.done = true;
    }
  });
}

test(`${T}.test_wait_for_waits_for_task_cancellation`, () =>
  asyncTest(async (loop) => {
    const state = { done: false };
    const innerTask = slowToCancel(loop, state);
    const e = await rejection(waitFor(innerTask, EPSILON));
    expect(e).toBeInstanceOf(TimeoutError);
    expect(state.done).toBe(true);
    expect((e as Error).cause).toBeInstanceOf(CancelledError);
  }));

test(`${T}.test_wait_for_waits_for_task_cancellation_w_timeout_0`, () =>
  asyncTest(async (loop) => {
    const state = { done: false };
    const foo = async (): Promise<void> => {
      const innerTask = slowToCancel(loop, state);
      await sleep(EPSILON);
      await waitFor(innerTask, 0);
    };
    const e = await rejection(foo());
    expect(e).toBeInstanceOf(TimeoutError);
    expect(state.done).toBe(true);
    expect((e as Error).cause).toBeInstanceOf(CancelledError);
  }));

test(`${T}.test_wait_for_reraises_exception_during_cancellation`, () =>
  asyncTest(async (loop) => {
    class FooException extends Error {}
    const foo = async (): Promise<void> => {
      const innerTask = loop.createTask(async () => {
        try {
          await sleep(200);
        } finally {
          // biome-ignore lint/correctness/noUnsafeFinally: ported case: the error replaces the cancellation
          throw new FooException();
        }
      });
      await waitFor(innerTask, EPSILON);
    };
    expect(await rejection(foo())).toBeInstanceOf(FooException);
  }));

/** CPython's _test_cancel_wait_for: cancelling the waiting task cancels the awaited task (bpo-23219). */
async function cancelWaitFor(loop: EventLoop, timeoutMs: number | null): Promise<void> {
  const task = loop.createTask(async () => {
    const fut = loop.createFuture<void>();
    await fut; // block: fut's result is never set
  });
  const waiting = loop.createTask(() => waitFor(task, timeoutMs));
  loop.callSoon(() => waiting.cancel());
  expect(await rejection(waiting)).toBeInstanceOf(CancelledError);
  expect(task.cancelled()).toBe(true);
}

test(`${T}.test_cancel_blocking_wait_for`, () => asyncTest((loop) => cancelWaitFor(loop, null)));

test(`${T}.test_cancel_wait_for`, () => asyncTest((loop) => cancelWaitFor(loop, 60_000)));

test(`${T}.test_wait_for_cancel_suppressed`, () =>
  asyncTest(async () => {
    // GH-86296: suppressing CancelledError is discouraged, but if a task suppresses it and returns a value,
    // waitFor returns the value instead of raising CancelledError (as timeout() does).
    const return42 = async (): Promise<number | undefined> => {
      try {
        await sleep(10_000);
      } catch (e) {
        if (e instanceof CancelledError) return 42;
        throw e;
      }
      return undefined;
    };
    expect(await waitFor(return42, 100)).toBe(42);
  }));

test(`${T}.test_wait_for_issue86296`, () =>
  asyncTest(async (loop) => {
    // GH-86296: the task should get cancelled and not run to completion. inner completes in one cycle of the
    // event loop so it completes before the task is cancelled.
    const innerTask = loop.createTask(async () => 'done');
    let reachedEnd = false;
    const task = loop.createTask(async () => {
      await waitFor(innerTask, 100_000);
      await sleep(1000);
      reachedEnd = true;
    });
    expect(task.done()).toBe(false);
    await sleep(0); // run the task
    task.cancel();
    expect(await rejection(task)).toBeInstanceOf(CancelledError);
    expect(innerTask.done()).toBe(true);
    expect(await innerTask).toBe('done');
    expect(reachedEnd).toBe(false);
  }));

const S = 'test_waitfor.WaitForShieldTests';

test(`${S}.test_zero_timeout`, () =>
  asyncTest(async (loop) => {
    // shield() makes a new Future that wraps the task and shields it from cancellation, so with timeoutMs 0
    // the shielded Future is cancelled at once and the task it wraps goes on.
    const task = loop.createTask(async () => {
      await sleep(10);
      return 'done';
    });
    const shielded = shield(task);
    expect(await rejection(waitFor(shielded, 0))).toBeInstanceOf(TimeoutError);
    // the task runs in the background
    expect(task.done()).toBe(false);
    expect(task.cancelled()).toBe(false);
    expect(shielded.cancelled()).toBe(true);
    // wait for the task to complete
    await sleep(100);
    expect(task.done()).toBe(true);
  }));

test(`${S}.test_none_timeout`, () =>
  asyncTest(async (loop) => {
    // With timeoutMs null the timeout is disabled, so it runs until completion.
    const task = loop.createTask(async () => {
      await sleep(100);
      return 'done';
    });
    await waitFor(shield(task), null);
    expect(task.done()).toBe(true);
    expect(await task).toBe('done');
  }));

test(`${S}.test_shielded_timeout`, () =>
  asyncTest(async (loop) => {
    // shield prevents the task from being cancelled.
    const task = loop.createTask(async () => {
      await sleep(100);
      return 'done';
    });
    expect(await rejection(waitFor(shield(task), 10))).toBeInstanceOf(TimeoutError);
    expect(task.done()).toBe(false);
    expect(task.cancelled()).toBe(false);
    expect(await task).toBe('done');
  }));
