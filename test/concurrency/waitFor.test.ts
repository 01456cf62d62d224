/**
 * waitFor(): behaviours ported from CPython's Lib/test/test_asyncio/test_waitfor.py (3.12+, where wait_for is
 * built on timeout()) to qtasyncio's API, in virtual time.
 */
import { InvalidTimeoutError, NotAwaitableError, waitFor } from '../../src/concurrency/index';
import { CancelledError, currentTask, sleep, TimeoutError } from '../../src/index';
import { useLoop } from '../../src/testing';
import { rejection, thrown } from './helpers';

const L = useLoop({ beforeEach, afterEach });
const run = <T>(fn: () => Promise<T>): Promise<T> => L.loop.runUntilComplete(fn);

describe('waitFor (test_waitfor.py)', () => {
  it('timeout 0 and a done Future: its result, at once (test_wait_for_timeout_less_then_0_or_0_future_done)', async () => {
    const loop = L.loop;
    const fut = loop.createFuture<string>();
    fut.setResult('done');
    expect(await run(() => waitFor(fut, 0))).toBe('done');
    expect(loop.time()).toBe(0);
  });

  it('timeout 0 and a function: TimeoutError, the function never starts (…_coroutine_do_not_started)', async () => {
    let started = false;
    const e = await run(() =>
      rejection(
        waitFor(async () => {
          started = true;
        }, 0),
      ),
    );
    expect(e).toBeInstanceOf(TimeoutError);
    expect(started).toBe(false);
  });

  it('timeout 0 and a running task: it is cancelled and has ended before TimeoutError (…_less_then_0_or_0)', async () => {
    const loop = L.loop;
    let running: boolean | null = null;
    const r = await run(async () => {
      const started = loop.createFuture<void>();
      const fut = loop.createTask(async () => {
        running = true;
        started.setResult();
        try {
          await sleep(10_000);
        } finally {
          running = false;
        }
        return 'done';
      });
      await started;
      const e = await rejection(waitFor(fut, 0));
      return { e, cancelled: fut.cancelled(), t: loop.time() };
    });
    expect(r.e).toBeInstanceOf(TimeoutError);
    expect((r.e as Error).cause).toBeInstanceOf(CancelledError);
    expect(r.cancelled).toBe(true);
    expect(running).toBe(false);
    expect(r.t).toBe(0);
  });

  it('expiry cancels the task; TimeoutError at the deadline (test_wait_for)', async () => {
    const loop = L.loop;
    let running: boolean | null = null;
    const r = await run(async () => {
      const fut = loop.createTask(async () => {
        running = true;
        try {
          await sleep(10_000);
        } finally {
          running = false;
        }
        return 'done';
      });
      const e = await rejection(waitFor(fut, 100));
      return { e, cancelled: fut.cancelled(), t: loop.time() };
    });
    expect(r).toEqual({ e: expect.any(TimeoutError), cancelled: true, t: 100 });
    expect(running).toBe(false);
    expect((r.e as Error).message).toBe('waitFor(): the deadline (loop time 100 ms) passed');
  });

  it('no timeout: the result (test_wait_for_blocking)', async () => {
    expect(await run(() => waitFor(async () => 'done', null))).toBe('done');
  });

  it('the Future is set before the deadline: its result (test_wait_for_race_condition)', async () => {
    const loop = L.loop;
    const r = await run(() => {
      const fut = loop.createFuture<string>();
      loop.callLater(100, () => fut.setResult('ok'));
      return waitFor(fut, 200);
    });
    expect(r).toBe('ok');
    expect(loop.time()).toBe(100);
  });

  it('a function that swallows the cancellation and returns gives its result (test_wait_for_cancel_suppressed)', async () => {
    const r = await run(() =>
      waitFor(async () => {
        try {
          await sleep(10_000);
        } catch {
          return 42;
        }
        return 0;
      }, 100),
    );
    expect(r).toBe(42);
  });

  it.each([
    ['test_wait_for_waits_for_task_cancellation', 1, 6],
    ['test_wait_for_waits_for_task_cancellation_w_timeout_0', 0, 6],
  ])('waits for the task to finish its cancellation before raising (%s)', async (_name, ms, endsAt) => {
    const loop = L.loop;
    let taskDone = false;
    const r = await run(async () => {
      const inner = loop.createTask(async () => {
        try {
          await sleep(10_000);
        } catch (e) {
          await sleep(5);
          throw e;
        } finally {
          taskDone = true;
        }
      });
      await sleep(1 - ms); // timeout 0: let the task start first
      const e = await rejection(waitFor(inner, ms));
      return { e, doneWhenRaised: taskDone, t: loop.time() };
    });
    expect(r.e).toBeInstanceOf(TimeoutError);
    expect((r.e as Error).cause).toBeInstanceOf(CancelledError);
    expect(r.doneWhenRaised).toBe(true);
    expect(r.t).toBe(endsAt);
  });

  it('an error raised during the cancellation passes through (test_wait_for_reraises_exception_during_cancellation)', async () => {
    const loop = L.loop;
    class FooError extends Error {}
    for (const ms of [1, 0]) {
      const e = await run(async () => {
        const inner = loop.createTask(async () => {
          try {
            await sleep(200);
          } finally {
            // biome-ignore lint/correctness/noUnsafeFinally: the error replaces the cancellation on purpose
            throw new FooError();
          }
        });
        await sleep(0);
        return rejection(waitFor(inner, ms));
      });
      expect(e).toBeInstanceOf(FooError);
    }
  });

  it('waitFor itself is cancellable while the task holds up its cancellation (test_wait_for_self_cancellation)', async () => {
    const loop = L.loop;
    const inner = loop.createTask(async () => {
      for (let i = 0; i < 2; i++) {
        try {
          await sleep(300);
          break;
        } catch {
          // hold up the cancellation
        }
      }
      await sleep(300);
      return 42;
    });
    const wait = loop.createTask(() => waitFor(inner, 100));
    wait.cancel();
    expect(await run(() => rejection(wait))).toBeInstanceOf(CancelledError);
    expect(await run(async () => inner)).toBe(42);
  });

  it.each([null, 60_000])(
    'cancelling the waiting task cancels the awaited task (timeout %p, bpo-23219)',
    async (ms) => {
      const loop = L.loop;
      const task = loop.createTask(async () => {
        await loop.createFuture<void>();
      });
      const wait = loop.createTask(() => waitFor(task, ms));
      loop.callSoon(() => wait.cancel());
      expect(await run(() => rejection(wait))).toBeInstanceOf(CancelledError);
      expect(task.cancelled()).toBe(true);
    },
  );

  it('a cancel after waitFor returned is not lost (test_wait_for_issue86296)', async () => {
    const loop = L.loop;
    let reachedEnd = false;
    const task = loop.createTask(async () => {
      await waitFor(async () => undefined, 100);
      await sleep(1000);
      reachedEnd = true;
    });
    await loop.advance(0);
    expect(task.done()).toBe(false);
    task.cancel();
    await loop.runUntilIdle();
    expect(task.cancelled()).toBe(true);
    expect(reachedEnd).toBe(false);
  });

  it('a plain Promise is wrapped: the expiry is at the deadline even though the Promise cannot be cancelled', async () => {
    const loop = L.loop;
    const r = await run(async () => {
      const never = new Promise<never>(() => {});
      const e = await rejection(waitFor(never, 50));
      return { e, t: loop.time(), cancelling: currentTask()?.cancelling() };
    });
    expect(r).toEqual({ e: expect.any(TimeoutError), t: 50, cancelling: 0 });
  });

  it('outside a task, waitFor runs in a task of its own', async () => {
    const loop = L.loop;
    const r = await run(
      () =>
        new Promise<unknown>((resolve) =>
          loop.callSoon(() => resolve(rejection(waitFor(loop.createFuture<void>(), 10)))),
        ),
    );
    expect(r).toBeInstanceOf(TimeoutError);
  });
});

describe('waitFor: bad input', () => {
  it.each([
    [Number.NaN, 'NaN'],
    [Number.NEGATIVE_INFINITY, '-Infinity'],
  ])('timeoutMs %p is an InvalidTimeoutError', async (bad, shown) => {
    const e = await run(async () => thrown(() => waitFor(Promise.resolve(1), bad)));
    expect(e).toBeInstanceOf(InvalidTimeoutError);
    expect(e.message).toBe(`waitFor(timeoutMs): expected a finite number or null, got ${shown}`);
  });

  it('a non-awaitable is a NotAwaitableError', async () => {
    const e = await run(async () => thrown(() => waitFor(42 as never, 10)));
    expect(e).toBeInstanceOf(NotAwaitableError);
    expect(e.message).toBe('waitFor(aw): expected a Future, a Promise-like or a function, got 42');
  });
});
