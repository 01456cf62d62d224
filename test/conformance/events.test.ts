/**
 * Event loop behaviours ported from CPython's Lib/test/test_asyncio/test_base_events.py and test_events.py:
 * call_soon/call_later/call_at ordering, virtual time, stop/run_forever/run_until_complete/close, loop management,
 * and the loop as an RxJS scheduler. Bad input, the exception handler and debug mode are in errors.test.ts.
 */
import { delay, interval, take } from 'rxjs';
import {
  EventLoop,
  getEventLoop,
  getRunningLoop,
  LoopClosedError,
  LoopRunningError,
  NoCurrentLoopError,
  NoRunningLoopError,
  newEventLoop,
  setEventLoop,
  sleep,
  type VirtualTimeLoop,
} from '../../src';
import { Handle, TimerHandle } from '../../src/loop/handles';
import { loopScheduler } from '../../src/rx';
import { useLoop } from '../../src/testing';
import { errorOf, expectExportedError, syncErrorOf } from './helpers';

let loop: VirtualTimeLoop;
const fixture = useLoop({ beforeEach, afterEach });
beforeEach(() => {
  loop = fixture.loop;
});

describe('callSoon / callLater / callAt (test_call_soon, test_call_later, test_time_and_call_at)', () => {
  it('callSoon returns a Handle and passes the extra arguments', async () => {
    const got: unknown[] = [];
    const h = loop.callSoon((a: number, b: string) => got.push(a, b), 1, 'x');
    expect(h).toBeInstanceOf(Handle);
    expect(h.cancelled()).toBe(false);
    await loop.runUntilIdle();
    expect(got).toEqual([1, 'x']);
  });

  it('callLater returns a TimerHandle whose when() is time() + delay, and runs at that virtual time', async () => {
    const t0 = loop.time();
    const at: number[] = [];
    const h = loop.callLater(250, (_tag: string) => at.push(loop.time()), 'tag');
    expect(h).toBeInstanceOf(TimerHandle);
    expect(h.when()).toBe(t0 + 250);
    await loop.advance(249);
    expect(at).toEqual([]);
    await loop.advance(1);
    expect(at).toEqual([t0 + 250]);
  });

  it('advance(ms) stops at ms even when callbacks run during it schedule later timers', async () => {
    const t0 = loop.time();
    const ran: number[] = [];
    loop.callSoon(() => loop.callLater(5, () => ran.push(loop.time() - t0)));
    await loop.advance(0);
    expect(loop.time() - t0).toBe(0);
    expect(ran).toEqual([]);
    await loop.advance(4);
    expect(loop.time() - t0).toBe(4);
    expect(ran).toEqual([]);
    await loop.advance(1);
    expect(ran).toEqual([5]);
  });

  it('advance(ms) does not run a task’s sleep past ms', async () => {
    const t0 = loop.time();
    const t = loop.createTask(async () => {
      await sleep(100);
      return 'woke';
    });
    await loop.advance(1);
    expect(loop.time() - t0).toBe(1);
    expect(t.done()).toBe(false);
    await loop.advance(99);
    expect(t.result()).toBe('woke');
  });

  it('callAt runs at the given loop time, and when() returns it', async () => {
    const at: number[] = [];
    const when = loop.time() + 40;
    const h = loop.callAt(when, () => at.push(loop.time()));
    expect(h.when()).toBe(when);
    await loop.runUntilIdle();
    expect(at).toEqual([when]);
  });

  it('callAt with a time in the past runs at the next iteration', async () => {
    await loop.advance(100);
    const ran: number[] = [];
    loop.callAt(loop.time() - 50, () => ran.push(loop.time()));
    const now = loop.time();
    await loop.runUntilIdle();
    expect(ran).toEqual([now]);
  });

  it('callSoon callbacks run FIFO, in batches: a callback scheduled by a callback runs in the next iteration', async () => {
    const order: string[] = [];
    loop.callSoon(() => {
      order.push('a');
      loop.callSoon(() => order.push('c'));
    });
    loop.callSoon(() => order.push('b'));
    await loop.runUntilIdle();
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('due timers join the queue at each iteration, behind the callbacks of the previous batch', async () => {
    // asyncio's _run_once: a -> (c1, T at delay 0); c1 -> c2. Iteration 2 is [c1, T]; c2 runs in iteration 3.
    // A loop that drained callSoon callbacks before looking at timers would run a, c1, c2, T.
    const order: string[] = [];
    loop.callSoon(() => {
      order.push('a');
      loop.callSoon(() => {
        order.push('c1');
        loop.callSoon(() => order.push('c2'));
      });
      loop.callLater(0, () => order.push('T'));
    });
    await loop.runUntilIdle();
    expect(order).toEqual(['a', 'c1', 'T', 'c2']);
  });

  it('timers with equal deadlines run in scheduling order; earlier deadlines first', async () => {
    const order: number[] = [];
    loop.callLater(10, () => order.push(1));
    loop.callLater(5, () => order.push(2));
    loop.callLater(10, () => order.push(3));
    loop.callAt(loop.time() + 5, () => order.push(4));
    await loop.runUntilIdle();
    expect(order).toEqual([2, 4, 1, 3]);
  });

  it('a cancelled handle never runs; cancel is idempotent (test__add_callback_cancelled_handle)', async () => {
    const ran: string[] = [];
    const h1 = loop.callSoon(() => ran.push('soon'));
    const h2 = loop.callLater(5, () => ran.push('later'));
    h1.cancel();
    h1.cancel();
    h2.cancel();
    expect(h1.cancelled()).toBe(true);
    expect(h2.cancelled()).toBe(true);
    await loop.runUntilIdle();
    expect(ran).toEqual([]);
  });

  it('a callback can cancel a later one of its own batch', async () => {
    const ran: string[] = [];
    let victim: Handle | undefined;
    loop.callSoon(() => {
      ran.push('first');
      victim?.cancel();
    });
    victim = loop.callSoon(() => ran.push('victim'));
    await loop.runUntilIdle();
    expect(ran).toEqual(['first']);
  });

  it('time() is monotonic milliseconds; a VirtualTimeLoop only moves by advance()/runUntilIdle()', async () => {
    const t0 = loop.time();
    expect(typeof t0).toBe('number');
    loop.callSoon(() => {});
    await new Promise((r) => setTimeout(r, 5));
    expect(loop.time()).toBe(t0);
    await loop.advance(7);
    expect(loop.time()).toBe(t0 + 7);
    loop.callLater(30, () => {});
    await loop.runUntilIdle();
    expect(loop.time()).toBe(t0 + 37);
  });
});

describe('running, stopping and closing (test_close, run_forever, run_until_complete)', () => {
  it('a new loop is neither running nor closed; newEventLoop() gives distinct loops', () => {
    const a = newEventLoop();
    const b = newEventLoop();
    expect(a).toBeInstanceOf(EventLoop);
    expect(a).not.toBe(b);
    expect(a.isRunning()).toBe(false);
    expect(a.isClosed()).toBe(false);
    a.close();
    b.close();
  });

  it('runUntilComplete(fn) returns fn’s result; isRunning() is true only inside', async () => {
    const real = new EventLoop();
    let inside: boolean | undefined;
    const value = await real.runUntilComplete(async () => {
      inside = real.isRunning();
      await sleep(0);
      return 42;
    });
    expect(value).toBe(42);
    expect(inside).toBe(true);
    expect(real.isRunning()).toBe(false);
    real.close();
  });

  it('runUntilComplete(fn) rejects with fn’s exception, and the loop is reusable afterwards', async () => {
    const real = new EventLoop();
    const exc = new Error('spam');
    const err = await errorOf(() =>
      real.runUntilComplete(async () => {
        await sleep(0);
        throw exc;
      }),
    );
    expect(err).toBe(exc);
    expect(await real.runUntilComplete(async () => 'again')).toBe('again');
    real.close();
  });

  it('runUntilComplete(future) waits for that future', async () => {
    const real = new EventLoop();
    const f = real.createFuture<string>();
    real.callSoon(() => f.setResult('from callback'));
    expect(await real.runUntilComplete(f)).toBe('from callback');
    real.close();
  });

  it('runUntilComplete of a future of another loop is refused (test_run_until_complete_loop)', async () => {
    const real = new EventLoop();
    const other = new EventLoop();
    const err = await errorOf(() => real.runUntilComplete(other.createFuture<void>()));
    expectExportedError(err);
    expect(err.message).toMatch(/runUntilComplete/);
    expect(real.isRunning()).toBe(false);
    real.close();
    other.close();
  });

  it('runUntilComplete of a non-awaitable is a TypeError', async () => {
    const real = new EventLoop();
    const err = await errorOf(() => real.runUntilComplete('blah' as never));
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toMatch(/runUntilComplete/);
    real.close();
  });

  it('runForever resolves after stop(); stop() runs the current batch but not callbacks it schedules', async () => {
    const real = new EventLoop();
    const order: string[] = [];
    real.callSoon(() => {
      order.push('a');
      real.stop();
      real.callSoon(() => order.push('c (next run)'));
    });
    real.callSoon(() => order.push('b (same batch)'));
    await real.runForever();
    expect(order).toEqual(['a', 'b (same batch)']);
    expect(real.isRunning()).toBe(false);
    real.callSoon(() => real.stop());
    await real.runForever();
    expect(order).toEqual(['a', 'b (same batch)', 'c (next run)']);
    real.close();
  });

  it('stop() before runForever(): the loop runs one iteration and stops', async () => {
    const real = new EventLoop();
    const order: string[] = [];
    real.callSoon(() => {
      order.push('first');
      real.callSoon(() => order.push('second'));
    });
    real.stop();
    await real.runForever();
    expect(order).toEqual(['first']);
    real.close();
  });

  it('a loop stopped before the awaited future completes makes runUntilComplete fail (test_stop_while_run_in_complete)', async () => {
    const real = new EventLoop();
    const err = await errorOf(() =>
      real.runUntilComplete(async () => {
        real.stop();
        await real.createFuture<void>();
      }),
    );
    expectExportedError(err);
    expect(err.message).toMatch(/stop/i);
    expect(real.isRunning()).toBe(false);
    real.close();
  });

  it('runForever / runUntilComplete while the loop runs: LoopRunningError', async () => {
    const real = new EventLoop();
    const errs = await real.runUntilComplete(async () => [
      await errorOf(() => real.runForever()),
      await errorOf(() => real.runUntilComplete(async () => 1)),
    ]);
    for (const err of errs) {
      expectExportedError(err);
      expect(err).toBeInstanceOf(LoopRunningError);
      expect(err.message).toMatch(/running/i);
    }
    real.close();
  });

  it('a second loop cannot run while another one runs (one thread, one running loop)', async () => {
    const real = new EventLoop();
    const other = new EventLoop();
    const err = await real.runUntilComplete(async () => errorOf(() => other.runUntilComplete(async () => 1)));
    expectExportedError(err);
    expect(err).toBeInstanceOf(LoopRunningError);
    expect(other.isRunning()).toBe(false);
    real.close();
    other.close();
  });

  it('close() while running is refused; close() is idempotent; a closed loop refuses to run or schedule', async () => {
    const real = new EventLoop();
    const closeErr = await real.runUntilComplete(async () => syncErrorOf(() => real.close()));
    expectExportedError(closeErr);
    expect(real.isClosed()).toBe(false);
    real.close();
    real.close();
    expect(real.isClosed()).toBe(true);
    for (const attempt of [
      () => real.runForever(),
      () => real.runUntilComplete(async () => 1),
      () => real.callSoon(() => {}),
      () => real.callLater(1, () => {}),
      () => real.callAt(0, () => {}),
      () => real.createTask(async () => 1),
    ]) {
      const err = await errorOf(attempt);
      expectExportedError(err);
      expect(err).toBeInstanceOf(LoopClosedError);
      expect(err.message).toMatch(/closed/i);
    }
  });
});

describe('getRunningLoop / getEventLoop / setEventLoop', () => {
  afterEach(() => setEventLoop(null));

  it('getRunningLoop() without a running loop throws NoRunningLoopError', () => {
    const err = syncErrorOf(() => getRunningLoop());
    expectExportedError(err);
    expect(err).toBeInstanceOf(NoRunningLoopError);
    expect(err.message).toMatch(/getRunningLoop/);
  });

  it('getRunningLoop() and getEventLoop() inside a running loop return it', async () => {
    const real = new EventLoop();
    const other = new EventLoop();
    setEventLoop(other);
    const seen = await real.runUntilComplete(async () => [getRunningLoop(), getEventLoop()]);
    expect(seen).toEqual([real, real]);
    real.close();
    other.close();
  });

  it('getEventLoop() after setEventLoop(null) with none running raises NoCurrentLoopError (asyncio 3.12+)', () => {
    setEventLoop(null);
    expect(() => getEventLoop()).toThrow(NoCurrentLoopError);
    expect(() => getEventLoop()).toThrow(/no current event loop/);
  });

  it('setEventLoop(l) makes getEventLoop() return l when no loop runs', () => {
    const l = new EventLoop();
    setEventLoop(l);
    expect(getEventLoop()).toBe(l);
    l.close();
  });

  it('setEventLoop(non-loop) is a TypeError naming the value', () => {
    const err = syncErrorOf(() => setEventLoop({} as never));
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toMatch(/setEventLoop/);
  });
});

describe('RxJS SchedulerLike on the loop', () => {
  it('RxJS timing operators run deterministically in virtual time on a VirtualTimeLoop', async () => {
    const t0 = loop.time();
    const seen: [number, number][] = [];
    let completedAt = -1;
    interval(10, loopScheduler(loop))
      .pipe(take(3), delay(5, loopScheduler(loop)))
      .subscribe({
        next: (v) => seen.push([v, loop.time() - t0]),
        complete: () => {
          completedAt = loop.time() - t0;
        },
      });
    await loop.runUntilIdle();
    expect(seen).toEqual([
      [0, 15],
      [1, 25],
      [2, 35],
    ]);
    expect(completedAt).toBe(35);
  });

  it('unsubscribing a scheduled action cancels it', async () => {
    const ran: string[] = [];
    const sub = loopScheduler(loop).schedule(() => ran.push('never'), 10);
    loopScheduler(loop).schedule(() => ran.push('kept'), 10);
    sub.unsubscribe();
    await loop.runUntilIdle();
    expect(ran).toEqual(['kept']);
  });

  it('now() is time(); schedule() runs through the loop queue, with delays in loop time', async () => {
    expect(loopScheduler(loop).now()).toBe(loop.time());
    const order: string[] = [];
    loopScheduler(loop).schedule(() => order.push('scheduled'));
    loop.callSoon(() => order.push('callSoon'));
    loopScheduler(loop).schedule(() => order.push(`delayed at ${loop.time()}`), 20);
    const t0 = loop.time();
    expect(order).toEqual([]);
    await loop.runUntilIdle();
    expect(order).toEqual(['scheduled', 'callSoon', `delayed at ${t0 + 20}`]);
  });
});
