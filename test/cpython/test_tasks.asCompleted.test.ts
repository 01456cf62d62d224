/**
 * CPython's Lib/test/test_asyncio/test_tasks.py, BaseTaskTests: as_completed(). Python's plain iterator is
 * `for (const f of asCompleted(aws))`; its `async for` over finished awaitables is
 * `for await (const { future } of asCompleted(aws).finished())`. Coroutine objects became task functions (or,
 * where the same object is passed twice, Promises). CPython's manual `advance_time()` calls are not needed: the
 * VirtualTimeLoop jumps to the next timer by itself.
 */
import {
  type Awaitable,
  asCompleted,
  ensureFuture,
  type Future,
  NotAwaitableError,
  sleep,
  TimeoutError,
  VirtualTimeLoop,
  wait,
} from '../../src';
import { expectExportedError, syncErrorOf } from '../conformance/helpers';
import { failure, useTestLoop } from './taskHelpers';

let loop: VirtualTimeLoop;
useTestLoop((l) => {
  loop = l;
});

/** Each awaitable's value, taken with the plain iterator (CPython's `try_iterator`). */
async function tryIterator<T>(aws: Iterable<Awaitable<T>>): Promise<T[]> {
  const values: T[] = [];
  for (const f of asCompleted(aws)) values.push(await f);
  return values;
}

/** Each awaitable's value, taken from the finished Futures (CPython's `try_async_iterator`). */
async function tryAsyncIterator<T>(aws: Iterable<Awaitable<T>>): Promise<T[]> {
  const values: T[] = [];
  for await (const { future } of asCompleted(aws).finished()) values.push(await future);
  return values;
}

/** Run `body` on a fresh VirtualTimeLoop (CPython's per-subtest `new_test_loop()`), closed afterwards. */
async function onFreshLoop<T>(body: (l: VirtualTimeLoop) => Promise<T>): Promise<T> {
  const l = new VirtualTimeLoop();
  try {
    return await body(l);
  } finally {
    l.close();
  }
}

const sleepValue =
  <T>(ms: number, value: T) =>
  () =>
    sleep(ms, value);

describe('test_tasks.BaseTaskTests: as_completed()', () => {
  test('test_tasks.BaseTaskTests.test_as_completed', async () => {
    for (const foo of [tryIterator, tryAsyncIterator]) {
      await onFreshLoop(async (l) => {
        const a = sleepValue(10, 'a');
        const b = sleepValue(10, 'b');
        const c = sleepValue(150, 'c');
        const res = await l.runUntilComplete(l.createTask(() => foo([b, c, a])));
        expect(l.time()).toBe(150);
        expect(res.slice(0, 2).sort()).toEqual(['a', 'b']);
        expect(res[2]).toBe('c');
      });
    }
  });

  test('test_tasks.BaseTaskTests.test_as_completed_same_tasks_in_as_out', async () => {
    const tryAsync = async (aws: Awaitable<unknown>[]): Promise<Set<unknown>> => {
      const out = new Set<unknown>();
      for await (const { future } of asCompleted(aws).finished()) out.add(future);
      return out;
    };
    const coro = (i: unknown) => async () => i;
    // Functions are not given back (each became a new Task).
    const fns = [coro(0), coro(1), coro(2), coro(3)];
    const out = await loop.runUntilComplete(() => tryAsync(fns));
    expect(out.size).toBe(4);
    for (const fn of fns) expect(out.has(fn)).toBe(false);
    // Tasks are given back as they are.
    const taskB = loop.createTask(coro('b'));
    const taskD = loop.createTask(coro('d'));
    const mixed = [coro('a'), taskB, coro('c'), taskD];
    const out2 = await loop.runUntilComplete(() => tryAsync(mixed));
    expect(mixed.filter((x) => out2.has(x))).toEqual([taskB, taskD]);
  });

  test('test_tasks.BaseTaskTests.test_as_completed_with_timeout', async () => {
    const tryIter = async (aws: Future<string>[]) => {
      const values: [number, unknown][] = [];
      for (const f of asCompleted(aws, { timeoutMs: 120 })) {
        try {
          values.push([1, await f]);
        } catch (exc) {
          values.push([2, exc]);
        }
      }
      return values;
    };
    const tryAsyncIter = async (aws: Future<string>[]) => {
      const values: [number, unknown][] = [];
      try {
        for await (const { future } of asCompleted(aws, { timeoutMs: 120 }).finished()) {
          values.push([1, await future]);
        }
      } catch (exc) {
        values.push([2, exc]);
      }
      return values;
    };
    for (const foo of [tryIter, tryAsyncIter]) {
      await onFreshLoop(async (l) => {
        const a = l.createTask(sleepValue(100, 'a'));
        const b = l.createTask(sleepValue(150, 'b'));
        const res = await l.runUntilComplete(l.createTask(() => foo([a, b])));
        expect(res).toHaveLength(2);
        expect(res[0]).toEqual([1, 'a']);
        expect(res[1]?.[0]).toBe(2);
        expect(res[1]?.[1]).toBeInstanceOf(TimeoutError);
        expect(l.time()).toBe(120);
        b.cancel();
      });
    }
  });

  test('test_tasks.BaseTaskTests.test_as_completed_with_unused_timeout', async () => {
    const tryIter = async (aws: Awaitable<string>[]) => {
      for (const f of asCompleted(aws, { timeoutMs: 1000 })) expect(await f).toBe('a');
    };
    const tryAsyncIter = async (aws: Awaitable<string>[]) => {
      for await (const { future } of asCompleted(aws, { timeoutMs: 1000 }).finished()) {
        expect(await future).toBe('a');
      }
    };
    for (const foo of [tryIter, tryAsyncIter]) {
      await onFreshLoop(async (l) => {
        await l.runUntilComplete(l.createTask(() => foo([sleepValue(10, 'a')])));
        // The unused timeout left no timer behind.
        await l.runUntilIdle();
        expect(l.time()).toBe(10);
      });
    }
  });

  test('test_tasks.BaseTaskTests.test_as_completed_resume_iterator', async () => {
    const coros = () => [0, 1, 2, 3].map((i) => async () => i);
    const tryIter = async (aws: Awaitable<number>[]) => {
      const iterator = asCompleted(aws);
      const collected: number[] = [];
      for (const f of iterator) {
        collected.push(await f);
        if (collected.length === 2) break;
      }
      expect(collected).toHaveLength(2);
      for (const f of iterator) collected.push(await f); // resume the same iterator
      return collected;
    };
    const tryAsyncIter = async (aws: Awaitable<number>[]) => {
      const iterator = asCompleted(aws);
      const collected: number[] = [];
      for await (const value of iterator) {
        collected.push(value);
        if (collected.length === 2) break;
      }
      expect(collected).toHaveLength(2);
      for await (const value of iterator) collected.push(value);
      return collected;
    };
    for (const foo of [tryIter, tryAsyncIter]) {
      const results = await loop.runUntilComplete(() => foo(coros()));
      expect([...results].sort()).toEqual([0, 1, 2, 3]);
    }
  });

  test('test_tasks.BaseTaskTests.test_as_completed_reverse_wait', async () => {
    // The first Future awaited gives the first result, even if it was not the first one made.
    const fs = new Set([sleepValue(50, 'a'), sleepValue(100, 'b')]);
    await loop.runUntilComplete(async () => {
      const futs = [...asCompleted(fs)];
      expect(futs).toHaveLength(2);
      expect(await futs[1]).toBe('a');
      expect(loop.time()).toBe(50);
      expect(await futs[0]).toBe('b');
      expect(loop.time()).toBe(100);
    });
  });

  test('test_tasks.BaseTaskTests.test_as_completed_concurrent', async () => {
    // More than one Future from as_completed can be awaited at once.
    const plain = async (fs: Iterable<Awaitable<string>>) => [...asCompleted(fs)];
    const finished = async (fs: Iterable<Awaitable<string>>) => {
      const out: Future<string>[] = [];
      for await (const { future } of asCompleted(fs).finished()) out.push(future);
      return out;
    };
    for (const runner of [plain, finished]) {
      await onFreshLoop(async (l) => {
        const fs = new Set([sleepValue(50, 'a'), sleepValue(50, 'b')]);
        await l.runUntilComplete(async () => {
          const futs = await runner(fs);
          expect(futs).toHaveLength(2);
          const [done] = await wait(futs.map((f) => ensureFuture(f)));
          expect(new Set([...done].map((f) => f.result()))).toEqual(new Set(['a', 'b']));
        });
      });
    }
  });

  test('test_tasks.BaseTaskTests.test_as_completed_duplicate_coroutines', async () => {
    // The same awaitable object twice counts once: in JS, the same Promise.
    const coro = async (s: string) => s;
    for (const runner of [tryIterator, tryAsyncIterator]) {
      const result = await loop.runUntilComplete(() => {
        const c = coro('ham');
        return runner([c, c, coro('spam')]);
      });
      expect(new Set(result)).toEqual(new Set(['ham', 'spam']));
      expect(result).toHaveLength(2);
    }
  });

  test('test_tasks.BaseTaskTests.test_as_completed_coroutine_without_loop', () => {
    const err = syncErrorOf(() => [...asCompleted([async () => 42])]);
    expectExportedError(err);
    expect(err.message).toMatch(/no current event loop/);
  });

  test('test_tasks.BaseTaskTests.test_as_completed_coroutine_use_running_loop', async () => {
    await loop.runUntilComplete(async () => {
      const futs = [...asCompleted([async () => 42])];
      expect(futs).toHaveLength(1);
      expect(futs[0]?.getLoop()).toBe(loop);
      expect(await futs[0]).toBe(42);
    });
  });

  test('test_tasks.BaseTaskTests.test_as_completed_invalid_args', async () => {
    // A collection is expected, not a Future or a Promise: both iteration styles refuse it.
    const fut = loop.createFuture<number>();
    const promise = Promise.resolve(1);
    for (const aw of [fut, promise]) {
      expect(syncErrorOf(() => [...asCompleted(aw as never)])).toBeInstanceOf(NotAwaitableError);
      const err = await failure(
        loop.runUntilComplete(async () => {
          for await (const _ of asCompleted(aw as never)) break;
        }),
      );
      expect(err).toBeInstanceOf(TypeError);
    }
    fut.cancel();
  });
});
