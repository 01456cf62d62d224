/**
 * CPython's Lib/test/test_asyncio/test_timeouts.py (3.14), part 2: the "loop busy" cases (on a real EventLoop:
 * a virtual clock cannot move while a task runs), reschedule, cleanup after cancellation, scope states and
 * TaskGroup inside a timeout. Part 1 (test_timeouts.test.ts) says how the cases map to qtasyncio.
 */
import {
  CancelledError,
  EventLoop,
  ScopeStateError,
  sleep,
  TaskGroup,
  type Timeout,
  TimeoutError,
  timeout,
  timeoutAt,
} from '../../src';
import { asyncTest, current, divideByZero, errorTypes, keep, rejection } from './helpers';

const T = 'test_timeouts.TimeoutTests';

/** Keep `loop` busy (no callback runs) until its clock moved `ms` on: Python's `time.sleep()` in a task. */
function busyFor(loop: EventLoop, ms: number): void {
  const until = loop.time() + ms;
  while (loop.time() < until) {
    // the loop is busy
  }
}

/** Run `body` as the main task of a real-time EventLoop (for the cases that block the loop). */
async function realLoopTest(body: (loop: EventLoop) => Promise<void>): Promise<void> {
  const loop = new EventLoop();
  try {
    await loop.runUntilComplete(() => body(loop));
  } finally {
    loop.close();
  }
}

test(`${T}.test_nested_timeouts_concurrent`, () =>
  realLoopTest(async (loop) => {
    let innerOutcome: unknown = null;
    const e = await rejection(
      timeout(2, async () => {
        innerOutcome = await rejection(
          timeout(100, async () => {
            busyFor(loop, 10); // pretend we crunch some numbers
            await sleep(1000);
          }),
        );
        throw innerOutcome;
      }),
    );
    expect(e).toBeInstanceOf(TimeoutError);
    // The inner scope did not expire: the outer one's cancellation passes through it.
    expect(innerOutcome).toBeInstanceOf(CancelledError);
  }));

test(`${T}.test_nested_timeouts_loop_busy`, () =>
  realLoopTest(async (loop) => {
    // After the inner timeout is an expensive operation which should be stopped by the outer timeout.
    loop.slowCallbackDurationMs = 10_000; // no message about the long-running step
    let sleptFully = false;
    const e = await rejection(
      timeout(100, async () => {
        // (1)
        try {
          await timeout(10, async () => {
            // (2)
            busyFor(loop, 100); // pretend the loop is busy for a while
            await sleep(1000);
          });
        } catch (err) {
          // CPython's assertRaises(TimeoutError): a TimeoutError is caught by (2), anything else propagates
          // (both deadlines passed during the busy step, so (1)'s cancellation may pass through (2)).
          if (!(err instanceof TimeoutError)) throw err;
        }
        await sleep(10_000); // this sleep should be interrupted by (1)
        sleptFully = true;
      }),
    );
    expect(e).toBeInstanceOf(TimeoutError);
    expect(sleptFully).toBe(false);
  }));

test(`${T}.test_reschedule`, () =>
  asyncTest(async (loop) => {
    const fut = loop.createFuture<Timeout>();
    const deadline1 = loop.time() + 10;
    const deadline2 = deadline1 + 20;
    const task = loop.createTask(() =>
      timeoutAt(deadline1, async (_s, cm) => {
        fut.setResult(cm);
        await sleep(50);
      }),
    );
    const cm = await fut;
    expect(cm.when()).toBe(deadline1);
    cm.reschedule(deadline2);
    expect(cm.when()).toBe(deadline2);
    cm.reschedule(null);
    expect(cm.when()).toBeNull();
    task.cancel();
    expect(await rejection(task)).toBeInstanceOf(CancelledError);
    expect(cm.expired()).toBe(false);
  }));

test(`${T}.test_nested_timeout_in_finally`, () =>
  asyncTest(async () => {
    let e2: unknown = null;
    const e1 = await rejection(
      timeout(10, async () => {
        try {
          await sleep(1000);
        } finally {
          e2 = await rejection(timeout(10, () => sleep(10_000)));
        }
      }),
    );
    // Each TimeoutError is caused by its own CancelledError.
    expect(e1).toBeInstanceOf(TimeoutError);
    expect((e1 as Error).cause).toBeInstanceOf(CancelledError);
    expect(e2).toBeInstanceOf(TimeoutError);
    expect((e2 as Error).cause).toBeInstanceOf(CancelledError);
    expect((e2 as Error).cause).not.toBe((e1 as Error).cause);
  }));

test(`${T}.test_timeout_after_cancellation`, () =>
  asyncTest(async () => {
    let cleanup: unknown = null;
    try {
      current().cancel();
      await sleep(1000); // work which will be cancelled
    } catch (e) {
      if (!(e instanceof CancelledError)) throw e;
    } finally {
      cleanup = await rejection(timeout(0, () => sleep(1000))); // some cleanup
    }
    expect(cleanup).toBeInstanceOf(TimeoutError);
  }));

test(`${T}.test_cancel_in_timeout_after_cancellation`, () =>
  asyncTest(async () => {
    let cleanup: unknown = null;
    try {
      current().cancel();
      await sleep(1000); // work which will be cancelled
    } catch (e) {
      if (!(e instanceof CancelledError)) throw e;
    } finally {
      cleanup = await rejection(
        timeout(1000, async () => {
          current().cancel();
          await sleep(2000); // some cleanup
        }),
      );
    }
    expect(cleanup).toBeInstanceOf(CancelledError);
  }));

test(`${T}.test_timeout_finished`, () =>
  asyncTest(async () => {
    const box = { cm: null as Timeout | null };
    await timeout(10, async (_s, cm) => keep(box)(cm));
    expect(() => box.cm?.reschedule(20)).toThrow(ScopeStateError);
    expect(() => box.cm?.reschedule(20)).toThrow(/finished/);
  }));

test(`${T}.test_timeout_expired`, () =>
  asyncTest(async () => {
    const box = { cm: null as Timeout | null };
    const e = await rejection(
      timeout(10, async (_s, cm) => {
        keep(box)(cm);
        await sleep(1000);
      }),
    );
    expect(e).toBeInstanceOf(TimeoutError);
    expect(() => box.cm?.reschedule(20)).toThrow(/expired/);
  }));

test(`${T}.test_timeout_expiring`, () =>
  asyncTest(async () => {
    await timeout(10, async (_s, cm) => {
      expect(await rejection(sleep(1000))).toBeInstanceOf(CancelledError);
      expect(() => cm.reschedule(20)).toThrow(/expiring/);
    });
  }));

test(`${T}.test_timeout_without_task`, () =>
  asyncTest(async (loop) => {
    // A running loop but no task (CPython's await_without_task): a Timeout has no task to cancel.
    const outsideTask = loop.createFuture<unknown>();
    loop.callSoon(() => {
      try {
        outsideTask.setResult(timeout(10));
      } catch (e) {
        outsideTask.setResult(e);
      }
    });
    const e = await outsideTask;
    expect(e).toBeInstanceOf(ScopeStateError);
    expect((e as Error).message).toMatch(/task/);
  }));

test(`${T}.test_timeout_taskgroup`, () =>
  asyncTest(async () => {
    const task = async (): Promise<void> => {
      try {
        await sleep(2000); // will be interrupted after 10 ms
      } finally {
        divideByZero(); // crash in cleanup
      }
    };
    const eg = await rejection(
      timeout(10, () =>
        TaskGroup.run(async (tg) => {
          tg.createTask(task);
          try {
            throw new RangeError();
          } finally {
            await sleep(1000);
          }
        }),
      ),
    );
    // The ExceptionGroup, not a TimeoutError: the body's CancelledError gave way to the child's error.
    expect(errorTypes(eg)).toEqual(['ZeroDivisionError']);
    expect((eg as AggregateError).errors.length).toBe(1);
    expect(current().cancelling()).toBe(0);
  }));
