/**
 * CPython's Lib/test/test_asyncio/test_timeouts.py (3.14), case by case. `async with timeout(x) as cm:` is
 * `await timeout(ms, async (_signal, cm) => …)` (same task, same semantics); seconds are ms. Python's implicit
 * exception context (`__context__`) has no JavaScript counterpart: where a case checks it, the port checks the
 * error and its `cause`. The two "loop busy" cases block a real EventLoop (a virtual clock cannot move while a
 * task runs).
 */
import {
  CancelledError,
  type EventLoop,
  sleep,
  type Timeout,
  TimeoutError,
  timeout,
  timeoutAt,
} from '../../src';
import { asyncTest, current, divideByZero, keep, onCancelled, rejection } from './helpers';

const T = 'test_timeouts.TimeoutTests';

test(`${T}.test_timeout_basic`, () =>
  asyncTest(async () => {
    const box = { cm: null as Timeout | null };
    const e = await rejection(
      timeout(10, async (_s, cm) => {
        keep(box)(cm);
        await sleep(10_000);
      }),
    );
    expect(e).toBeInstanceOf(TimeoutError);
    expect(box.cm?.expired()).toBe(true);
  }));

test(`${T}.test_timeout_at_basic`, () =>
  asyncTest(async (loop) => {
    const box = { cm: null as Timeout | null };
    const deadline = loop.time() + 10;
    const e = await rejection(
      timeoutAt(deadline, async (_s, cm) => {
        keep(box)(cm);
        await sleep(10_000);
      }),
    );
    expect(e).toBeInstanceOf(TimeoutError);
    expect(box.cm?.expired()).toBe(true);
    expect(box.cm?.when()).toBe(deadline);
  }));

test(`${T}.test_nested_timeouts`, () =>
  asyncTest(async (loop) => {
    let cancelled = false;
    const cms: Timeout[] = [];
    const deadline = loop.time() + 10;
    const e = await rejection(
      timeoutAt(deadline, async (_s, cm1) => {
        cms.push(cm1);
        // Only the topmost scope should raise TimeoutError
        try {
          await timeoutAt(deadline, async (_s2, cm2) => {
            cms.push(cm2);
            await sleep(10_000);
          });
        } catch (err) {
          onCancelled(err, () => {
            cancelled = true;
          });
        }
      }),
    );
    expect(e).toBeInstanceOf(TimeoutError);
    expect(cancelled).toBe(true);
    expect(cms.map((cm) => cm.expired())).toEqual([true, true]);
  }));

test(`${T}.test_waiter_cancelled`, () =>
  asyncTest(async () => {
    let cancelled = false;
    const e = await rejection(
      timeout(10, async () => {
        try {
          await sleep(10_000);
        } catch (err) {
          onCancelled(err, () => {
            cancelled = true;
          });
        }
      }),
    );
    expect(e).toBeInstanceOf(TimeoutError);
    expect(cancelled).toBe(true);
  }));

test(`${T}.test_timeout_not_called`, () =>
  asyncTest(async (loop) => {
    const box = { cm: null as Timeout | null };
    await timeout(10_000, async (_s, cm) => {
      keep(box)(cm);
      await sleep(10);
    });
    const t1 = loop.time();
    expect(box.cm?.expired()).toBe(false);
    expect(box.cm?.when()).toBeGreaterThan(t1);
  }));

test(`${T}.test_timeout_disabled`, () =>
  asyncTest(async () => {
    const box = { cm: null as Timeout | null };
    await timeout(null, async (_s, cm) => {
      keep(box)(cm);
      await sleep(10);
    });
    expect(box.cm?.expired()).toBe(false);
    expect(box.cm?.when()).toBeNull();
  }));

test(`${T}.test_timeout_at_disabled`, () =>
  asyncTest(async () => {
    const box = { cm: null as Timeout | null };
    await timeoutAt(null, async (_s, cm) => {
      keep(box)(cm);
      await sleep(10);
    });
    expect(box.cm?.expired()).toBe(false);
    expect(box.cm?.when()).toBeNull();
  }));

/** test_timeout_zero/_zero_sleep_zero/_in_the_past_sleep_zero: `timeout(ms)` around `sleep(sleepMs)`. */
async function expiresAtOnce(loop: EventLoop, ms: number, sleepMs: number): Promise<void> {
  const box = { cm: null as Timeout | null };
  const t0 = loop.time();
  const e = await rejection(
    timeout(ms, async (_s, cm) => {
      keep(box)(cm);
      await sleep(sleepMs);
    }),
  );
  const t1 = loop.time();
  expect(e).toBeInstanceOf(TimeoutError);
  expect(box.cm?.expired()).toBe(true);
  expect(t1).toBe(t0);
  expect(box.cm?.when()).toBe(t0 + ms);
}

test(`${T}.test_timeout_zero`, () => asyncTest((loop) => expiresAtOnce(loop, 0, 10_000)));

test(`${T}.test_timeout_zero_sleep_zero`, () => asyncTest((loop) => expiresAtOnce(loop, 0, 0)));

test(`${T}.test_timeout_in_the_past_sleep_zero`, () => asyncTest((loop) => expiresAtOnce(loop, -11_000, 0)));

test(`${T}.test_foreign_exception_passed`, () =>
  asyncTest(async () => {
    const box = { cm: null as Timeout | null };
    class KeyError extends Error {}
    const e = await rejection(
      timeout(10, async (_s, cm) => {
        keep(box)(cm);
        throw new KeyError();
      }),
    );
    expect(e).toBeInstanceOf(KeyError);
    expect(box.cm?.expired()).toBe(false);
  }));

test(`${T}.test_timeout_exception_context`, () =>
  asyncTest(async () => {
    const e = await rejection(
      timeout(10, async () => {
        try {
          divideByZero();
        } finally {
          await sleep(1000);
        }
      }),
    );
    // TimeoutError caused by the CancelledError (raised while the ZeroDivisionError was being handled)
    expect(e).toBeInstanceOf(TimeoutError);
    expect((e as Error).cause).toBeInstanceOf(CancelledError);
  }));

test(`${T}.test_foreign_exception_on_timeout`, () =>
  asyncTest(async () => {
    const crash = async (): Promise<void> => {
      try {
        await sleep(1000);
      } finally {
        divideByZero();
      }
    };
    const e = await rejection(timeout(10, crash));
    expect((e as Error).name).toBe('ZeroDivisionError');
  }));

test(`${T}.test_foreign_exception_on_timeout_2`, () =>
  asyncTest(async () => {
    class KeyError extends Error {}
    const e = await rejection(
      timeout(10, async () => {
        try {
          try {
            throw new RangeError();
          } finally {
            await sleep(1000);
          }
        } finally {
          try {
            // biome-ignore lint/correctness/noUnsafeFinally: ported case: errors raised while handling others
            throw new KeyError();
          } finally {
            divideByZero();
          }
        }
      }),
    );
    expect((e as Error).name).toBe('ZeroDivisionError');
  }));

test(`${T}.test_foreign_cancel_doesnt_timeout_if_not_expired`, () =>
  asyncTest(async () => {
    const box = { cm: null as Timeout | null };
    const e = await rejection(
      timeout(10_000, async (_s, cm) => {
        keep(box)(cm);
        current().cancel();
        await sleep(10_000);
      }),
    );
    expect(e).toBeInstanceOf(CancelledError);
    expect(box.cm?.expired()).toBe(false);
  }));

test(`${T}.test_outer_task_is_not_cancelled`, () =>
  asyncTest(async (loop) => {
    const task = loop.createTask(async () => {
      const e = await rejection(timeout(1, () => sleep(10_000)));
      expect(e).toBeInstanceOf(TimeoutError);
    });
    await task;
    expect(task.cancelled()).toBe(false);
    expect(task.done()).toBe(true);
  }));
