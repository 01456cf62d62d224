// Tasks ↔ Observables and the loop scheduler, in virtual time (no Qt needed).
import { debounceTime, EmptyError, interval, of, Subject, take, throwError, timer } from 'rxjs';
import { CancelledError, currentTask, type Future, sleep, type VirtualTimeLoop } from '../../src/index';
import {
  concatMapTask,
  exhaustMapTask,
  fromTask,
  loopScheduler,
  mergeMapTask,
  RxArgumentError,
  RxRangeError,
  switchMapTask,
  toTask,
} from '../../src/rx';
import { useLoop } from '../../src/testing';

const fixture = useLoop({ beforeEach, afterEach }, { autoAdvance: false, current: true });
let loop: VirtualTimeLoop;
beforeEach(() => {
  loop = fixture.loop;
});

describe('loopScheduler', () => {
  test("with a loop it is that loop's one scheduler; RxJS timing runs in virtual time", async () => {
    const sched = loopScheduler(loop);
    expect(loopScheduler(loop)).toBe(sched);
    expect(sched.now()).toBe(loop.time());
    const seen: [string, number][] = [];
    const s = new Subject<string>();
    s.pipe(debounceTime(200, sched)).subscribe((v) => seen.push([v, loop.time()]));
    s.next('a');
    await loop.advance(100);
    s.next('ab');
    await loop.advance(199);
    expect(seen).toEqual([]);
    await loop.advance(1);
    expect(seen).toEqual([['ab', 300]]);
  });

  test('without a loop it follows the running (else current) loop', async () => {
    const sched = loopScheduler();
    expect(sched.now()).toBe(loop.time());
    const seen: number[] = [];
    timer(50, sched).subscribe(() => seen.push(loop.time()));
    await loop.advance(50);
    expect(seen).toEqual([50]);
    interval(10, sched)
      .pipe(take(3))
      .subscribe(() => seen.push(loop.time()));
    await loop.runUntilIdle();
    expect(seen).toEqual([50, 60, 70, 80]);
  });

  test('work runs in FIFO order with loop callbacks', async () => {
    const order: string[] = [];
    loop.callSoon(() => order.push('callSoon 1'));
    loopScheduler().schedule(() => order.push('rx'));
    loop.callSoon(() => order.push('callSoon 2'));
    await loop.advance(0);
    expect(order).toEqual(['callSoon 1', 'rx', 'callSoon 2']);
  });

  test('bad loop → RxArgumentError naming the argument', () => {
    expect(() => loopScheduler({} as never)).toThrow(RxArgumentError);
    expect(() => loopScheduler(42 as never)).toThrow('loopScheduler(loop): expected an EventLoop, got 42');
  });
});

describe('fromTask', () => {
  test('emits the result of a task function and completes', async () => {
    const events: unknown[] = [];
    fromTask(async () => {
      await sleep(10);
      return 42;
    }).subscribe({ next: (v) => events.push(v), complete: () => events.push('complete') });
    await loop.advance(10);
    expect(events).toEqual([42, 'complete']);
  });

  test('errors with the task exception', async () => {
    const errors: unknown[] = [];
    fromTask(async () => {
      throw new Error('boom');
    }).subscribe({ error: (e) => errors.push(e) });
    await loop.advance(0);
    expect(errors).toEqual([new Error('boom')]);
  });

  test('a task cancelled by someone else completes without a value', async () => {
    const t = loop.createTask(() => sleep(100, 1));
    const events: unknown[] = [];
    fromTask(t).subscribe({
      next: (v) => events.push(v),
      error: (e) => events.push(e),
      complete: () => events.push('c'),
    });
    await loop.advance(1);
    t.cancel();
    await loop.advance(1);
    expect(events).toEqual(['c']);
  });

  test('unsubscribing before completion cancels the task at its await and aborts its signal', async () => {
    let caught: unknown;
    let aborted = false;
    let taskSeen: unknown;
    const sub = fromTask(async (signal) => {
      taskSeen = currentTask();
      signal.addEventListener('abort', () => {
        aborted = true;
      });
      try {
        await sleep(1000);
      } catch (e) {
        caught = e;
        throw e;
      }
    }).subscribe();
    await loop.advance(10);
    expect(taskSeen).not.toBeNull();
    sub.unsubscribe();
    await loop.advance(0);
    expect(caught).toBeInstanceOf(CancelledError);
    expect(aborted).toBe(true);
    expect((taskSeen as Future<unknown>).cancelled()).toBe(true);
  });

  test('each subscription of a task function runs a new task (cold)', async () => {
    let runs = 0;
    const r$ = fromTask(() => ++runs);
    const got: number[] = [];
    r$.subscribe((v) => got.push(v));
    r$.subscribe((v) => got.push(v));
    await loop.advance(0);
    expect(got).toEqual([1, 2]);
  });

  test('bad input → RxArgumentError', () => {
    expect(() => fromTask(5 as never)).toThrow(
      'fromTask(source): expected a Future, a Task or a function, got 5',
    );
    expect(() => fromTask(() => 1, { name: 3 as never })).toThrow(RxArgumentError);
  });
});

describe('toTask', () => {
  test("mode 'first' resolves with the first value and unsubscribes", async () => {
    const s = new Subject<number>();
    const t = toTask(s);
    await loop.advance(0);
    expect(s.observed).toBe(true);
    s.next(1);
    s.next(2);
    await loop.advance(0);
    expect(t.result()).toBe(1);
    expect(s.observed).toBe(false);
  });

  test("mode 'last' resolves with the last value on completion", async () => {
    const t = toTask(interval(10, loopScheduler(loop)).pipe(take(3)), { mode: 'last' });
    await loop.runUntilIdle();
    expect(t.result()).toBe(2);
  });

  test('errors, empty sources and defaultValue', async () => {
    const failed = toTask(throwError(() => new Error('bad')));
    const empty = toTask(of());
    const dflt = toTask(of(), { defaultValue: 'none' });
    await loop.advance(0);
    expect(() => failed.result()).toThrow('bad');
    expect(() => empty.result()).toThrow(EmptyError);
    expect(dflt.result()).toBe('none');
  });

  test('cancelling the task unsubscribes from the source', async () => {
    const s = new Subject<number>();
    const t = toTask(s, { mode: 'last' });
    await loop.advance(0);
    expect(s.observed).toBe(true);
    t.cancel();
    await loop.advance(0);
    expect(t.cancelled()).toBe(true);
    expect(s.observed).toBe(false);
  });

  test('round trip: toTask(fromTask(task)) has the task result', async () => {
    const t = toTask(fromTask(() => sleep(5, 'x')));
    await loop.advance(5);
    await loop.advance(0);
    expect(t.result()).toBe('x');
  });

  test('bad input → RxArgumentError naming the argument', () => {
    expect(() => toTask(42 as never)).toThrow(
      'toTask(source): expected an Observable or ObservableInput, got 42',
    );
    expect(() => toTask(of(1), { mode: 'middle' as never })).toThrow(
      'toTask(options.mode): expected one of "first", "last", got "middle"',
    );
  });
});

describe('task operators', () => {
  test('switchMapTask cancels stale tasks (CancelledError at the await, signal aborted)', async () => {
    const log: string[] = [];
    const s = new Subject<string>();
    const results: string[] = [];
    s.pipe(
      switchMapTask(async (q, signal) => {
        signal.addEventListener('abort', () => log.push(`abort ${q}`));
        try {
          await sleep(100);
        } catch (e) {
          if (e instanceof CancelledError) log.push(`cancelled ${q}`);
          throw e;
        }
        return q.toUpperCase();
      }),
    ).subscribe((r) => results.push(r));
    s.next('a');
    await loop.advance(50);
    s.next('ab');
    await loop.advance(50);
    s.next('abc');
    await loop.advance(100);
    expect(results).toEqual(['ABC']);
    expect(log).toEqual(['abort a', 'cancelled a', 'abort ab', 'cancelled ab']);
  });

  test('concatMapTask runs one task at a time in order', async () => {
    const s = new Subject<number>();
    const out: [number, number][] = [];
    let running = 0;
    let maxRunning = 0;
    s.pipe(
      concatMapTask(async (n) => {
        maxRunning = Math.max(maxRunning, ++running);
        await sleep(10);
        running--;
        return n;
      }),
    ).subscribe((n) => out.push([n, loop.time()]));
    s.next(1);
    s.next(2);
    s.next(3);
    await loop.runUntilIdle();
    expect(out).toEqual([
      [1, 10],
      [2, 20],
      [3, 30],
    ]);
    expect(maxRunning).toBe(1);
  });

  test('mergeMapTask honours its concurrency; unsubscribe cancels all running tasks', async () => {
    const s = new Subject<number>();
    let running = 0;
    let maxRunning = 0;
    const cancelled: number[] = [];
    const sub = s
      .pipe(
        mergeMapTask(async (n, signal) => {
          maxRunning = Math.max(maxRunning, ++running);
          signal.addEventListener('abort', () => cancelled.push(n));
          try {
            await sleep(10);
          } finally {
            running--;
          }
          return n;
        }, 2),
      )
      .subscribe();
    for (const n of [1, 2, 3, 4, 5]) s.next(n);
    await loop.advance(15);
    expect(maxRunning).toBe(2);
    sub.unsubscribe();
    await loop.advance(0);
    expect(cancelled).toEqual([3, 4]);
    expect(running).toBe(0);
    expect(() => mergeMapTask(async () => 1, 0)).toThrow(RxRangeError);
    expect(() => mergeMapTask(async () => 1, 1.5)).toThrow(
      'mergeMapTask(concurrency): expected an integer ≥ 1 or Infinity, got 1.5',
    );
  });

  test('exhaustMapTask ignores values while a task runs', async () => {
    const s = new Subject<number>();
    const out: number[] = [];
    s.pipe(exhaustMapTask((n) => sleep(10, n))).subscribe((n) => out.push(n));
    s.next(1);
    await loop.advance(5);
    s.next(2);
    await loop.advance(10);
    s.next(3);
    await loop.runUntilIdle();
    expect(out).toEqual([1, 3]);
  });

  test('a failing inner task errors the stream; bad fn → RxArgumentError', async () => {
    const errors: unknown[] = [];
    of(1)
      .pipe(
        switchMapTask(async () => {
          throw new Error('search failed');
        }),
      )
      .subscribe({ error: (e) => errors.push(e) });
    await loop.advance(0);
    expect(errors).toEqual([new Error('search failed')]);
    expect(() => switchMapTask('x' as never)).toThrow('switchMapTask(fn): expected a function, got "x"');
  });
});
