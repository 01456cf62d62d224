/**
 * asCompleted(): behaviours ported from CPython 3.13's test_tasks.py (test_as_completed,
 * test_as_completed_same_tasks_in_as_out, _with_timeout, _with_unused_timeout, _reverse_wait,
 * _duplicate_coroutines, _invalid_args, _resume_iterator) to qtasyncio's API.
 */
import { asCompleted, InvalidTimeoutError, NotAwaitableError } from '../../src/concurrency/index';
import { CancelledError, type Future, sleep, TimeoutError } from '../../src/index';
import { useLoop } from '../../src/testing';
import { rejection, thrown } from './helpers';

const L = useLoop({ beforeEach, afterEach });
const run = <T>(fn: () => Promise<T>): Promise<T> => L.loop.runUntilComplete(fn);

describe('asCompleted as a plain iterable (test_as_completed, Python < 3.13 style)', () => {
  it('yields Futures of the results in completion order, each at its time (test_as_completed)', async () => {
    const loop = L.loop;
    const r = await run(async () => {
      const out: unknown[] = [];
      const fs = [sleep(150, 'b'), sleep(50, 'c'), sleep(100, 'a')];
      for (const next of asCompleted(fs)) out.push(await next, loop.time());
      return out;
    });
    expect(r).toEqual(['c', 50, 'a', 100, 'b', 150]);
  });

  it('each Future takes the next result when first awaited, not when created (test_as_completed_reverse_wait)', async () => {
    const loop = L.loop;
    const r = await run(async () => {
      const futs = [...asCompleted([sleep(50, 'a'), sleep(100, 'b')])];
      expect(futs.length).toBe(2);
      const x = await (futs[1] as Future<string>);
      const tx = loop.time();
      const y = await (futs[0] as Future<string>);
      return [x, tx, y, loop.time()];
    });
    expect(r).toEqual(['a', 50, 'b', 100]);
  });

  it('errors and cancellations come through the yielded Futures', async () => {
    const loop = L.loop;
    const r = await run(async () => {
      const boom = new RangeError('boom');
      const failing = loop.createTask(async () => {
        await sleep(10);
        throw boom;
      });
      const cancelled = loop.createFuture<number>();
      loop.callLater(20, () => cancelled.cancel());
      const got: unknown[] = [];
      for (const next of asCompleted<unknown>([failing, cancelled])) got.push(await rejection(next));
      return [got, boom];
    });
    const [got, boom] = r as [unknown[], Error];
    expect(got[0]).toBe(boom);
    expect(got[1]).toBeInstanceOf(CancelledError);
  });

  it('the same Future twice counts once; a function twice runs twice (test_as_completed_duplicate_coroutines)', async () => {
    const r = await run(async () => {
      const ham = sleep(1, 'ham');
      const spam = async (): Promise<string> => 'spam';
      const out: string[] = [];
      for (const next of asCompleted([ham, ham, spam, spam])) out.push(await next);
      return out.sort();
    });
    expect(r).toEqual(['ham', 'spam', 'spam']);
  });

  it('after the timeout, the remaining Futures reject with TimeoutError; nothing is cancelled (test_as_completed_with_timeout)', async () => {
    const loop = L.loop;
    const r = await run(async () => {
      const a = loop.createTask(() => sleep(100, 'a'));
      const b = loop.createTask(() => sleep(150, 'b'));
      const values: unknown[] = [];
      for (const next of asCompleted([a, b], { timeoutMs: 120 })) {
        try {
          values.push(await next);
        } catch (e) {
          values.push(e, loop.time());
        }
      }
      const bResult = await b;
      return { values, bResult };
    });
    expect(r.values[0]).toBe('a');
    expect(r.values[1]).toBeInstanceOf(TimeoutError);
    expect(r.values[2]).toBe(120);
    expect(r.bResult).toBe('b');
  });

  it('an unused timeout is cancelled once everything is done (test_as_completed_with_unused_timeout)', async () => {
    const loop = L.loop;
    await run(async () => {
      for (const next of asCompleted([sleep(10, 'a')], { timeoutMs: 5000 })) await next;
    });
    await loop.runUntilIdle();
    expect(loop.time()).toBe(10);
  });
});

describe('asCompleted with for await (Python 3.13)', () => {
  it('yields the very Futures and Tasks that were passed in, as they finish (test_as_completed_same_tasks_in_as_out)', async () => {
    const loop = L.loop;
    const r = await run(async () => {
      const slow = loop.createTask(() => sleep(100, 'slow'));
      const fast = loop.createTask(() => sleep(10, 'fast'));
      const seen: unknown[] = [];
      for await (const { future } of asCompleted([slow, fast]).finished())
        seen.push(future, future.result(), loop.time());
      return { seen, slow, fast };
    });
    expect(r.seen).toEqual([r.fast, 'fast', 10, r.slow, 'slow', 100]);
  });

  it('a step after the timeout throws TimeoutError', async () => {
    const loop = L.loop;
    const r = await run(async () => {
      const a = loop.createTask(() => sleep(100, 'a'));
      const b = loop.createTask(() => sleep(150, 'b'));
      const seen: unknown[] = [];
      try {
        for await (const value of asCompleted([a, b], { timeoutMs: 120 })) seen.push(value);
      } catch (e) {
        seen.push(e, loop.time());
      }
      b.cancel();
      return seen;
    });
    expect(r[0]).toBe('a');
    expect(r[1]).toBeInstanceOf(TimeoutError);
    expect(r[2]).toBe(120);
  });

  it('for await gives the values in completion order; a failed awaitable throws at its step', async () => {
    const loop = L.loop;
    const boom = new RangeError('boom');
    const r = await run(async () => {
      const got: unknown[] = [];
      const failing = async (): Promise<string> => {
        await sleep(30);
        throw boom;
      };
      try {
        for await (const v of asCompleted<string>([sleep(20, 'b'), Promise.resolve('p'), failing]))
          got.push(v);
      } catch (e) {
        got.push(e, loop.time());
      }
      return got;
    });
    expect(r).toEqual(['p', 'b', boom, 30]);
  });

  it('finished() yields a Promise-like as its wrapper Future and a function as its Task', async () => {
    const loop = L.loop;
    const r = await run(async () => {
      const fn = async (): Promise<string> => 'fn';
      const got: unknown[] = [];
      for await (const { future } of asCompleted<string>([Promise.resolve('p'), fn]).finished()) {
        got.push(future.constructor.name, future.result());
      }
      return got;
    });
    expect(r).toEqual(['Future', 'p', 'Task', 'fn']);
    expect(loop.time()).toBe(0);
  });

  it('a cancelled step gives back its place: no finished awaitable is lost (test_as_completed_resume_iterator)', async () => {
    const loop = L.loop;
    const a = loop.createTask(() => sleep(100, 'a'));
    const b = loop.createTask(() => sleep(200, 'b'));
    const it = asCompleted([a, b]).finished()[Symbol.asyncIterator]();
    const first = loop.createTask(() => it.next());
    await loop.advance(50);
    first.cancel();
    await loop.advance(0);
    expect(first.cancelled()).toBe(true);
    const rest = loop.createTask(async () => {
      const out: unknown[] = [];
      for (let step = await it.next(); !step.done; step = await it.next())
        out.push(step.value.future.result());
      return out;
    });
    await loop.runUntilIdle();
    expect(rest.result()).toEqual(['a', 'b']);
  });
});

describe('asCompleted: bad input (test_as_completed_invalid_args)', () => {
  it('a single Future instead of a collection is a NotAwaitableError', () => {
    const loop = L.loop;
    const e = thrown(() => asCompleted(loop.createFuture() as never));
    expect(e).toBeInstanceOf(NotAwaitableError);
    expect(e.message).toBe(
      'asCompleted(aws): expected an iterable (array or Set) of awaitables, got a Future',
    );
  });

  it('a non-awaitable item and a bad timeout are refused', () => {
    const loop = L.loop;
    expect(thrown(() => asCompleted([loop.createFuture(), 'x' as never])).message).toBe(
      'asCompleted(aws[1]): expected a Future, a Promise-like or a function, got "x"',
    );
    const e = thrown(() => asCompleted([loop.createFuture()], { timeoutMs: Number.NaN }));
    expect(e).toBeInstanceOf(InvalidTimeoutError);
    expect(e.message).toBe('asCompleted(options.timeoutMs): expected a finite number or null, got NaN');
  });
});
