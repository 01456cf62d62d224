/**
 * timeout() / timeoutAt() / Timeout: behaviours ported from CPython's Lib/test/test_asyncio/test_timeouts.py to
 * qtasyncio's API (the `timeout(ms, fn)` form has asyncio's exact semantics; `await using` has JavaScript's
 * disposal limits, tested at the end).
 */
import {
  gather,
  InvalidTimeoutError,
  ScopeStateError,
  shield,
  TaskGroup,
  Timeout,
  timeout,
  timeoutAt,
  waitFor,
} from '../../src/concurrency/index';
import { CancelledError, currentTask, sleep, type Task, TimeoutError } from '../../src/index';
import { useLoop } from '../../src/testing';
import { rejection, thrown } from './helpers';

const L = useLoop({ beforeEach, afterEach });
const run = <T>(fn: () => Promise<T>): Promise<T> => L.loop.runUntilComplete(fn);

describe('timeout(ms, fn) (test_timeouts.py)', () => {
  it('expires: the body gets CancelledError at its await, then TimeoutError is raised (test_timeout_basic)', async () => {
    const loop = L.loop;
    const seen: unknown[] = [];
    const e = await run(() =>
      rejection(
        timeout(10, async () => {
          try {
            await sleep(10_000);
          } catch (err) {
            seen.push(err, loop.time());
            throw err;
          }
        }),
      ),
    );
    expect(seen[0]).toBeInstanceOf(CancelledError);
    expect(seen[1]).toBe(10);
    expect(e).toBeInstanceOf(TimeoutError);
    expect((e as Error).cause).toBe(seen[0]);
    expect((e as Error).message).toBe('timeout(): the deadline (loop time 10 ms) passed');
  });

  it('the TimeoutError comes only after the body has ended (its cleanup awaits first)', async () => {
    const loop = L.loop;
    const trace: string[] = [];
    await run(async () => {
      try {
        await timeout(10, async () => {
          try {
            await sleep(1000);
          } finally {
            await sleep(5);
            trace.push(`cleanup done at ${loop.time()}`);
          }
        });
      } catch (e) {
        trace.push(`${(e as Error).name} at ${loop.time()}`);
      }
    });
    expect(trace).toEqual(['cleanup done at 15', 'TimeoutError at 15']);
  });

  it('not expired: the body result is returned, the task is not cancelled (test_timeout_not_called)', async () => {
    const r = await run(async () => {
      const v = await timeout(100, () => sleep(10, 'value'));
      return [v, currentTask()?.cancelling()];
    });
    expect(r).toEqual(['value', 0]);
  });

  it('timeout(0) and timeoutAt(past) expire on the next iteration, even before sleep(0) (test_timeout_zero*)', async () => {
    const loop = L.loop;
    expect(await run(() => rejection(timeout(0, () => sleep(0))))).toBeInstanceOf(TimeoutError);
    const e = await run(() => rejection(timeoutAt(loop.time() - 11, () => sleep(0))));
    expect(e).toBeInstanceOf(TimeoutError);
  });

  it('null means no deadline (test_timeout_disabled, test_timeout_at_disabled)', async () => {
    const loop = L.loop;
    const r = await run(async () => [
      await timeout(null, () => sleep(5000, 'a')),
      await timeoutAt(null, () => 'b'),
    ]);
    expect(r).toEqual(['a', 'b']);
    expect(loop.time()).toBe(5000);
  });

  it('timeoutAt(when) expires at that loop time (test_timeout_at_basic)', async () => {
    const loop = L.loop;
    await loop.advance(100);
    const e = await run(() => rejection(timeoutAt(150, () => sleep(1000))));
    expect(e).toBeInstanceOf(TimeoutError);
    expect(loop.time()).toBe(150);
  });

  it('a body error passes through unchanged (test_foreign_exception_passed)', async () => {
    const boom = new RangeError('boom');
    const e = await run(() =>
      rejection(
        timeout(10, () => {
          throw boom;
        }),
      ),
    );
    expect(e).toBe(boom);
  });

  it('an error raised while handling the expiry passes through (test_foreign_exception_on_timeout)', async () => {
    const boom = new RangeError('in finally');
    const e = await run(() =>
      rejection(
        timeout(10, async () => {
          try {
            await sleep(1000);
          } finally {
            // biome-ignore lint/correctness/noUnsafeFinally: the test is about an error replacing the cancellation
            throw boom;
          }
        }),
      ),
    );
    expect(e).toBe(boom);
  });

  it('a cancel from outside stays a CancelledError (test_foreign_cancel_doesnt_timeout_if_not_expired)', async () => {
    const loop = L.loop;
    const outer = loop.createTask(() => timeout(10_000, () => sleep(20_000)));
    await loop.advance(5);
    outer.cancel('from outside');
    await loop.advance(0);
    expect(outer.cancelled()).toBe(true);
    expect(await rejection(outer)).toBeInstanceOf(CancelledError);
  });

  it('a cancel from outside at the same time as the expiry stays a CancelledError', async () => {
    const loop = L.loop;
    let task: Task<unknown> | null = null;
    const outer = loop.createTask(async () => {
      task = currentTask();
      return timeout(10, () => sleep(20_000));
    });
    loop.callAt(10, () => task?.cancel('outside'));
    await loop.advance(10);
    await loop.advance(0);
    expect(outer.cancelled()).toBe(true);
  });

  it('the task is not left cancelled after a TimeoutError (test_outer_task_is_not_cancelled)', async () => {
    const loop = L.loop;
    const t = loop.createTask(async () => {
      const e = await rejection(timeout(1, () => sleep(10_000)));
      await sleep(5); // a later await is not interrupted
      return [(e as Error).name, currentTask()?.cancelling()];
    });
    await loop.runUntilIdle();
    expect(t.cancelled()).toBe(false);
    expect(t.result()).toEqual(['TimeoutError', 0]);
  });

  it('nested timeouts with the same deadline: only the outer raises TimeoutError (test_nested_timeouts)', async () => {
    const loop = L.loop;
    let innerSaw: unknown = null;
    const e = await run(() => {
      const deadline = loop.time() + 10;
      return rejection(
        timeoutAt(deadline, async () => {
          try {
            await timeoutAt(deadline, () => sleep(10_000));
          } catch (err) {
            innerSaw = err;
            throw err;
          }
        }),
      );
    });
    expect(innerSaw).toBeInstanceOf(CancelledError);
    expect(e).toBeInstanceOf(TimeoutError);
  });

  it('an outer timeout that fires first is not mistaken for the inner one', async () => {
    const e = await run(() =>
      rejection(
        timeout(5, async () => {
          const inner = await rejection(timeout(100, () => sleep(1000)));
          expect(inner).toBeInstanceOf(CancelledError);
          throw inner;
        }),
      ),
    );
    expect(e).toBeInstanceOf(TimeoutError);
  });

  it('after a swallowed cancellation, an expiry is still a TimeoutError (test_timeout_after_cancellation)', async () => {
    const e = await run(async () => {
      try {
        currentTask()?.cancel();
        await sleep(1000);
      } catch {
        // swallowed, without uncancel()
      }
      return rejection(timeout(0, () => sleep(1000)));
    });
    expect(e).toBeInstanceOf(TimeoutError);
  });

  it('after a swallowed cancellation, a new outside cancel stays CancelledError (test_cancel_in_timeout_after_cancellation)', async () => {
    const e = await run(async () => {
      try {
        currentTask()?.cancel();
        await sleep(1000);
      } catch {
        // swallowed
      }
      return rejection(
        timeout(1000, async () => {
          currentTask()?.cancel();
          await sleep(2000);
        }),
      );
    });
    expect(e).toBeInstanceOf(CancelledError);
  });

  it('a body that swallows the expiry and returns gives its result (test_wait_for_cancellation_race_condition)', async () => {
    const r = await run(() =>
      timeout(10, async () => {
        await rejection(sleep(1000));
        return 1;
      }),
    );
    expect(r).toBe(1);
  });

  it('a TaskGroup cancelled by the timeout ends, then TimeoutError (test_timeout_taskgroup)', async () => {
    const loop = L.loop;
    let childCancelled = false;
    const e = await run(() =>
      rejection(
        timeout(10, () =>
          TaskGroup.run(async (tg) => {
            tg.createTask(async () => {
              try {
                await sleep(2000);
              } catch (err) {
                childCancelled = err instanceof CancelledError;
                throw err;
              }
            });
            await sleep(1000);
          }),
        ),
      ),
    );
    expect(e).toBeInstanceOf(TimeoutError);
    expect(childCancelled).toBe(true);
    expect(loop.time()).toBe(10);
  });

  it('a gather under a timeout: the expiry cancels every child, then TimeoutError', async () => {
    const loop = L.loop;
    const r = await run(async () => {
      const children = [loop.createTask(() => sleep(100)), loop.createTask(() => sleep(200))];
      const e = await rejection(timeout(50, () => gather(children)));
      return { e, cancelled: children.map((c) => c.cancelled()), t: loop.time() };
    });
    expect(r).toEqual({ e: expect.any(TimeoutError), cancelled: [true, true], t: 50 });
  });

  it('a shielded task under waitFor: TimeoutError at the deadline, the task runs on (asyncio docs pattern)', async () => {
    const loop = L.loop;
    const r = await run(async () => {
      const work = loop.createTask(() => sleep(100, 'finished'));
      const e = await rejection(waitFor(shield(work), 50));
      const t = loop.time();
      return { e, t, result: await work };
    });
    expect(r).toEqual({ e: expect.any(TimeoutError), t: 50, result: 'finished' });
  });

  it('fn receives the task signal, aborted on expiry', async () => {
    let signal: AbortSignal | null = null;
    await run(() =>
      rejection(
        timeout(10, (s) => {
          signal = s;
          return sleep(100);
        }),
      ),
    );
    expect((signal as AbortSignal | null)?.aborted).toBe(true);
  });

  it('outside a task, timeout(ms, fn) runs in a task of its own', async () => {
    const loop = L.loop;
    const p = loop.runUntilComplete(async () => {
      const outside = new Promise<unknown>((resolve) => {
        loop.callSoon(() => resolve(rejection(timeout(5, () => sleep(50)))));
      });
      return outside;
    });
    expect(await p).toBeInstanceOf(TimeoutError);
  });
});

describe('Timeout object (await using, reschedule, expired, when)', () => {
  it('when(), reschedule(), expired(); rescheduling later postpones the expiry (test_reschedule)', async () => {
    const loop = L.loop;
    const trace: unknown[] = [];
    await run(async () => {
      try {
        await using t = timeout(10);
        trace.push(t.when(), t.expired());
        t.reschedule(30);
        trace.push(t.when());
        t.reschedule(null);
        trace.push(t.when());
        t.reschedule(loop.time() + 50);
        await sleep(100);
      } catch (e) {
        trace.push(loop.time(), (e as Error).name, ((e as { error?: Error }).error as Error).name);
      }
    });
    expect(trace).toEqual([10, false, 30, null, 50, 'SuppressedError', 'TimeoutError']);
  });

  it('await using: a block that finishes in time disposes quietly and cancels the timer', async () => {
    const loop = L.loop;
    const r = await run(async () => {
      {
        await using t = timeout(100);
        await sleep(10);
        expect(t.expired()).toBe(false);
      }
      return loop.time();
    });
    expect(r).toBe(10);
    await loop.runUntilIdle();
    expect(loop.time()).toBe(10);
  });

  it('await using: an expiry after which the block returned normally throws TimeoutError at disposal', async () => {
    const e = await run(async () => {
      try {
        await using t = timeout(5);
        await rejection(sleep(100));
        expect(t.expired()).toBe(true);
      } catch (err) {
        return err;
      }
      return null;
    });
    expect(e).toBeInstanceOf(TimeoutError);
  });

  it('reschedule() after the scope ended, or after the expiry, is a ScopeStateError (test_timeout_finished)', async () => {
    const errs = await run(async () => {
      const t = timeout(100);
      await t[Symbol.asyncDispose]();
      await t[Symbol.asyncDispose](); // idempotent
      const e1 = thrown(() => t.reschedule(5));
      const t2 = timeout(1);
      await rejection(sleep(10));
      const e2 = thrown(() => t2.reschedule(5));
      await rejection(t2[Symbol.asyncDispose]());
      return [e1, e2];
    });
    expect(errs[0]).toBeInstanceOf(ScopeStateError);
    expect(errs[0]?.message).toBe('Timeout.reschedule(): cannot change a Timeout that is finished');
    expect(errs[1]?.message).toBe('Timeout.reschedule(): cannot change a Timeout that is expiring');
  });

  it('a Timeout outside a task is a ScopeStateError', async () => {
    const loop = L.loop;
    const e = await run(
      () =>
        new Promise<Error>((resolve) =>
          loop.callSoon(() => resolve(thrown(() => new Timeout(loop.time() + 1)))),
        ),
    );
    expect(e).toBeInstanceOf(ScopeStateError);
    expect(e.message).toBe('Timeout(): a Timeout must be used inside a task of the running loop');
  });

  it('toString describes the state', async () => {
    const s = await run(async () => {
      const t = timeout(100);
      const before = t.toString();
      await t[Symbol.asyncDispose]();
      return [before, t.toString()];
    });
    expect(s).toEqual(['<Timeout active when=100>', '<Timeout finished when=100>']);
  });
});

describe('timeout: bad input', () => {
  it.each([
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    ['10', '"10"'],
  ])('timeout(%p) is an InvalidTimeoutError', async (bad, shown) => {
    const e = await run(async () => thrown(() => timeout(bad as number, () => 1)));
    expect(e).toBeInstanceOf(InvalidTimeoutError);
    expect(e.name).toBe('InvalidTimeoutError');
    expect(e.message).toBe(`timeout(ms): expected a finite number or null, got ${shown}`);
  });

  it('timeoutAt(NaN) and a non-function body are refused', async () => {
    const [e1, e2] = await run(async () => [
      thrown(() => timeoutAt(Number.NaN, () => 1)),
      thrown(() => timeout(5, 42 as never)),
    ]);
    expect(e1).toBeInstanceOf(InvalidTimeoutError);
    expect(e1?.message).toBe('timeoutAt(when): expected a finite loop time in ms or null, got NaN');
    expect(e2?.message).toBe('timeout(fn): expected a function, got 42');
  });
});
