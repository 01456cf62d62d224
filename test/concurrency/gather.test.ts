/**
 * gather(): behaviours ported from CPython's test_tasks.py (GatherTests, FutureGatherTests, CoroutineGatherTests,
 * test_cancellation_broadcast, test_exception_marking, test_duplicate_coroutines) to qtasyncio's API.
 */

import { GatheringFuture } from '../../src/concurrency/gather';
import { gather, InvalidArgumentError, NotAwaitableError } from '../../src/concurrency/index';
import { CancelledError, type Future, sleep, VirtualTimeLoop } from '../../src/index';
import { recordExceptions, useLoop } from '../../src/testing';
import { futures, rejection, thrown } from './helpers';

const L = useLoop({ beforeEach, afterEach });

describe('gather of Futures (FutureGatherTests)', () => {
  it('gather() with no awaitables is a done Future with [] (test_constructor_empty_sequence)', () => {
    const fut = gather();
    expect(fut).toBeInstanceOf(GatheringFuture);
    expect(fut.done()).toBe(true);
    expect(fut.result()).toEqual([]);
  });

  it('the gather runs on the loop of its Futures (test_constructor_homogenous_futures)', () => {
    const loop = L.loop;
    const fut = gather(loop.createFuture<number>(), loop.createFuture<number>());
    expect(fut.getLoop()).toBe(loop);
  });

  it('Futures of different loops are refused (test_constructor_heterogenous_futures)', () => {
    const other = new VirtualTimeLoop();
    try {
      const e = thrown(() => gather(L.loop.createFuture(), other.createFuture()));
      expect(e).toBeInstanceOf(InvalidArgumentError);
      expect(e.message).toMatch(/^gather\(aws\[1\]\): .*another event loop/);
    } finally {
      other.close();
    }
  });

  it('results come in argument order, whatever the completion order (test_result_exception_success)', async () => {
    const loop = L.loop;
    const [a, b, c] = [
      loop.createFuture<number>(),
      loop.createFuture<string>(),
      loop.createFuture<boolean>(),
    ];
    const fut = gather(a, b, c);
    c.setResult(true);
    b.setResult('b');
    await loop.advance(0);
    expect(fut.done()).toBe(false);
    a.setResult(1);
    await loop.advance(0);
    expect(fut.result()).toEqual([1, 'b', true]);
  });

  it('the first exception settles the gather at once; the others keep running (test_one_exception)', async () => {
    const loop = L.loop;
    const fs = Array.from({ length: 5 }, () => loop.createFuture<number>());
    const [a, b, c, d, e] = fs as [
      Future<number>,
      Future<number>,
      Future<number>,
      Future<number>,
      Future<number>,
    ];
    const fut = gather(a, b, c, d, e);
    const calls: unknown[] = [];
    fut.addDoneCallback((f) => calls.push(f));
    const exc = new RangeError('boom');
    a.setResult(1);
    b.setException(exc);
    await loop.advance(0);
    expect(fut.done()).toBe(true);
    expect(calls).toEqual([fut]);
    expect(fut.exception()).toBe(exc);
    expect(c.done() || d.done() || e.done()).toBe(false);
    c.setResult(3);
    d.cancel();
    e.setException(new Error('later'));
    await loop.advance(0);
    expect(calls).toEqual([fut]);
    expect(fut.exception()).toBe(exc);
  });

  it('returnExceptions: errors are results and the gather waits for all (test_return_exceptions)', async () => {
    const loop = L.loop;
    const [a, b, c, d] = futures<number, 4>(loop, 4);
    const fut = gather(a, b, c, d, { returnExceptions: true });
    const exc1 = new RangeError('1');
    const exc2 = new TypeError('2');
    b.setException(exc1);
    a.setResult(1);
    await loop.advance(0);
    expect(fut.done()).toBe(false);
    d.setException(exc2);
    c.setResult(3);
    await loop.advance(0);
    expect(fut.result()).toEqual([1, exc1, 3, exc2]);
  });

  it('a cancelled child settles the gather with a CancelledError exception, not as cancelled (test_one_cancellation)', async () => {
    const loop = L.loop;
    const [a, b, c] = futures<number, 3>(loop, 3);
    const fut = gather(a, b, c);
    a.setResult(1);
    b.cancel('b gone');
    await loop.advance(0);
    expect(fut.done()).toBe(true);
    expect(fut.cancelled()).toBe(false);
    expect(fut.exception()).toBeInstanceOf(CancelledError);
    expect((fut.exception() as Error).message).toBe('b gone');
    expect(c.done()).toBe(false);
  });

  it('returnExceptions: a cancelled child gives a CancelledError result (test_result_exception_one_cancellation)', async () => {
    const loop = L.loop;
    const [a, b, c] = futures<number, 3>(loop, 3);
    const fut = gather(a, b, c, { returnExceptions: true });
    a.setResult(1);
    b.cancel();
    c.setResult(3);
    await loop.advance(0);
    const [ra, rb, rc] = fut.result() as unknown[];
    expect(ra).toBe(1);
    expect(rb).toBeInstanceOf(CancelledError);
    expect(rc).toBe(3);
  });

  it('cancelling the gather cancels every pending child (test_cancel_gather_1)', async () => {
    const loop = L.loop;
    const [a, b] = [loop.createFuture<number>(), loop.createFuture<number>()];
    a.setResult(1);
    const fut = gather(a, b);
    expect(fut.cancel('stop')).toBe(true);
    expect(b.cancelled()).toBe(true);
    await loop.advance(0);
    expect(fut.done()).toBe(true);
    const e = await rejection(fut);
    expect(e).toBeInstanceOf(CancelledError);
    expect(fut.cancel()).toBe(false);
  });

  it('a gather of Futures that are all done is done on return (done children count at once)', () => {
    const loop = L.loop;
    const [a, b] = futures<number, 2>(loop, 2);
    a.setResult(1);
    b.setResult(2);
    const fut = gather(a, b);
    expect(fut.result()).toEqual([1, 2]);
  });

  it('cancel() of a gather that is already done returns false and changes nothing', async () => {
    const loop = L.loop;
    const a = loop.createFuture<number>();
    const fut = gather(a, { returnExceptions: true });
    a.setResult(1);
    expect(fut.cancel()).toBe(false);
    await loop.advance(0);
    expect(fut.result()).toEqual([1]);
  });

  it('returnExceptions and a cancelled gather: ends with CancelledError after all children (test_issue46672)', async () => {
    const loop = L.loop;
    const [a, b] = [loop.createFuture<number>(), loop.createFuture<number>()];
    const fut = gather(a, b, { returnExceptions: true });
    fut.cancel('outer');
    await loop.advance(0);
    expect(fut.done()).toBe(true);
    expect(fut.exception()).toBeInstanceOf(CancelledError);
    expect((fut.exception() as Error).message).toBe('outer');
  });
});

describe('gather of tasks, functions and promises (CoroutineGatherTests)', () => {
  it('functions become tasks, promises are wrapped; all run concurrently', async () => {
    const loop = L.loop;
    const result = await loop.runUntilComplete(async () => {
      const start = loop.time();
      const r = await gather(
        sleep(30, 'a'),
        async () => {
          await sleep(20);
          return 'b';
        },
        Promise.resolve('c'),
      );
      return { r, took: loop.time() - start };
    });
    expect(result).toEqual({ r: ['a', 'b', 'c'], took: 30 });
  });

  it('results are typed per position (checked by tsc)', async () => {
    const loop = L.loop;
    const r = await loop.runUntilComplete(async () => {
      const typed: [string, number, boolean] = await gather(
        sleep(1, 'a'),
        async () => 2,
        Promise.resolve(true),
      );
      const arrayTyped: [string, number] = await gather([sleep(1, 'a'), async () => 2]);
      return [typed, arrayTyped];
    });
    expect(r).toEqual([
      ['a', 2, true],
      ['a', 2],
    ]);
  });

  it('the same Task twice is awaited once and gives its result twice (test_duplicate_coroutines)', async () => {
    const loop = L.loop;
    let runs = 0;
    const r = await loop.runUntilComplete(() => {
      const job = loop.createTask(async () => {
        runs++;
        await sleep(1);
        return 'abc';
      });
      return gather(job, job, async () => 'def', job);
    });
    expect(r).toEqual(['abc', 'abc', 'def', 'abc']);
    expect(runs).toBe(1);
  });

  it('the same function twice runs twice (a function is a factory)', async () => {
    const loop = L.loop;
    let runs = 0;
    const job = async (): Promise<number> => ++runs;
    const r = await loop.runUntilComplete(() => gather(job, job));
    expect(r.sort()).toEqual([1, 2]);
  });

  it('cancelling the task that awaits a gather cancels the gather and its children (test_cancellation_broadcast)', async () => {
    const loop = L.loop;
    const waiter = loop.createFuture<void>();
    const inner = async (): Promise<void> => {
      await waiter;
    };
    const child1 = loop.createTask(inner);
    const child2 = loop.createTask(inner);
    let gatherer: GatheringFuture<unknown> | null = null;
    let proof = 0;
    const outer = loop.createTask(async () => {
      gatherer = gather(child1, child2);
      await gatherer;
      proof += 100;
    });
    await loop.advance(0);
    expect(outer.cancel()).toBe(true);
    await loop.advance(0);
    expect(outer.cancelled()).toBe(true);
    expect((gatherer as unknown as GatheringFuture<unknown>).cancel()).toBe(false);
    expect(waiter.cancelled()).toBe(true);
    expect(child1.cancelled()).toBe(true);
    expect(child2.cancelled()).toBe(true);
    expect(proof).toBe(0);
  });

  it('a failing child rejects the awaiting task; its sibling keeps running to its end', async () => {
    const loop = L.loop;
    const trace: string[] = [];
    const boom = new Error('boom');
    const main = loop.createTask(async () =>
      gather(
        async () => {
          await sleep(10);
          throw boom;
        },
        async () => {
          await sleep(50);
          trace.push('sibling finished');
          return 2;
        },
      ),
    );
    await loop.advance(10);
    expect(main.exception()).toBe(boom);
    expect(trace).toEqual([]);
    await loop.advance(40);
    expect(trace).toEqual(['sibling finished']);
  });

  it('the second failure is marked retrieved: no "never retrieved" report (test_exception_marking)', async () => {
    const loop = L.loop;
    const seen = recordExceptions(loop);
    const [a, b] = [loop.createFuture<void>(), loop.createFuture<void>()];
    const inner = (f: Future<void>) => async (): Promise<void> => {
      await f;
      throw new RangeError('should not be ignored');
    };
    const outer = loop.createTask(async () => {
      await gather(inner(a), inner(b));
    });
    await loop.advance(0);
    a.setResult();
    await loop.advance(0);
    b.setResult();
    await loop.advance(0);
    expect(outer.exception()).toBeInstanceOf(RangeError);
    loop.close();
    expect(seen.map((c) => c.message)).toEqual([]);
  });
});

describe('gather of one array (the Promise.all form)', () => {
  it('gives the same results as the variadic form, options included', async () => {
    const loop = L.loop;
    const boom = new RangeError('boom');
    const r = await loop.runUntilComplete(async () => {
      const plain = await gather([sleep(20, 'a'), async () => 'b']);
      const settled = await gather([Promise.reject(boom), sleep(1, 1)], { returnExceptions: true });
      const empty = await gather([]);
      return { plain, settled, empty };
    });
    expect(r).toEqual({ plain: ['a', 'b'], settled: [boom, 1], empty: [] });
  });

  it('handles 200 000 awaitables (more than a spread call can take)', async () => {
    const loop = L.loop;
    const n = 200_000;
    const r = await loop.runUntilComplete(() =>
      gather(Array.from({ length: n }, (_, i) => Promise.resolve(i))),
    );
    expect(r.length).toBe(n);
    expect(r[n - 1]).toBe(n - 1);
  });

  it('anything after the array but one options object is refused', () => {
    const loop = L.loop;
    const e = thrown(() =>
      (gather as (...a: unknown[]) => unknown)([loop.createFuture()], loop.createFuture()),
    );
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect(e.message).toBe(
      'gather(aws, options): with an array of awaitables, expected at most an options object after it, got 2 arguments',
    );
  });
});

describe('gather: options and bad input', () => {
  it('a bad awaitable is refused before any function starts as a Task', async () => {
    const loop = L.loop;
    let started = 0;
    const job = async (): Promise<void> => {
      started++;
    };
    expect(thrown(() => gather(job, job, 3 as never))).toBeInstanceOf(NotAwaitableError);
    await loop.runUntilIdle();
    expect(started).toBe(0);
  });

  it('a trailing plain object is the options; unknown keys are refused', () => {
    const loop = L.loop;
    const e = thrown(() => gather(loop.createFuture(), { returnExeptions: true } as never));
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect(e.message).toBe(
      'gather(options): unknown option "returnExeptions" (did you mean "returnExceptions"? known: returnExceptions)',
    );
    const e2 = thrown(() => gather(loop.createFuture(), { returnExceptions: 'yes' } as never));
    expect(e2.message).toBe('gather(options.returnExceptions): expected a boolean, got "yes"');
  });

  it.each([
    [42, '42'],
    [null, 'null'],
    ['text', '"text"'],
    [[1], '[ 1 ]'],
  ])('a non-awaitable %p is a NotAwaitableError naming its index', (bad, shown) => {
    const loop = L.loop;
    const e = thrown(() => gather(loop.createFuture(), bad as never, loop.createFuture()));
    expect(e).toBeInstanceOf(NotAwaitableError);
    expect(e.name).toBe('NotAwaitableError');
    expect(e.message).toBe(`gather(aws[1]): expected a Future, a Promise-like or a function, got ${shown}`);
  });
});
