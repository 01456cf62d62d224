/**
 * CPython's Lib/test/test_asyncio/test_tasks.py, BaseTaskTests: wait(). Seconds became milliseconds; CPython's
 * test loop generators (which check each timer deadline) became checks of `loop.time()` afterwards.
 */
import {
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  type Future,
  InvalidArgumentError,
  NotAwaitableError,
  sleep,
  type Task,
  type VirtualTimeLoop,
  wait,
} from '../../src';
import { failure, useTestLoop } from './taskHelpers';

let loop: VirtualTimeLoop;
useTestLoop((l) => {
  loop = l;
});

/** The names of the tasks in `set`, sorted (Sets of Tasks compared by identity, with readable failures). */
function names(set: Set<Future<unknown>>): string[] {
  return [...set].map((t) => (t as Task<unknown>).getName()).sort();
}

/** Two sleeping tasks named a (`msA`) and b (`msB`). */
function sleepers(msA: number, msB: number): [Task<void>, Task<void>] {
  return [loop.createTask(() => sleep(msA), { name: 'a' }), loop.createTask(() => sleep(msB), { name: 'b' })];
}

describe('test_tasks.BaseTaskTests: wait()', () => {
  test('test_tasks.BaseTaskTests.test_wait', async () => {
    const [a, b] = sleepers(100, 150);
    const foo = async (): Promise<number> => {
      const [done, pending] = await wait([b, a]);
      expect(names(done)).toEqual(['a', 'b']);
      expect(pending.size).toBe(0);
      return 42;
    };
    expect(await loop.runUntilComplete(loop.createTask(foo))).toBe(42);
    expect(loop.time()).toBe(150);
    // Doing it again takes no time and exercises a different path.
    expect(await loop.runUntilComplete(loop.createTask(foo))).toBe(42);
    expect(loop.time()).toBe(150);
  });

  test('test_tasks.BaseTaskTests.test_wait_duplicate_coroutines', async () => {
    const c = loop.createTask(async () => 'test');
    const task = loop.createTask(() => wait([c, c, loop.createTask(async () => 'spam')]));
    const [done, pending] = await loop.runUntilComplete(task);
    expect(pending.size).toBe(0);
    expect(new Set([...done].map((f) => f.result()))).toEqual(new Set(['test', 'spam']));
  });

  test('test_tasks.BaseTaskTests.test_wait_errors', async () => {
    expect(await failure(() => wait(new Set<Future<void>>()))).toBeInstanceOf(InvalidArgumentError);
    const f = loop.createFuture<void>();
    const err = await failure(() => wait([f], { returnWhen: -1 as never }));
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(err.message).toMatch(/returnWhen/);
  });

  test('test_tasks.BaseTaskTests.test_wait_first_completed', async () => {
    const [a, b] = sleepers(10_000, 100);
    const task = loop.createTask(() => wait([b, a], { returnWhen: FIRST_COMPLETED }));
    const [done, pending] = await loop.runUntilComplete(task);
    expect(names(done)).toEqual(['b']);
    expect(names(pending)).toEqual(['a']);
    expect(a.done()).toBe(false);
    expect(b.done()).toBe(true);
    expect(b.result()).toBeUndefined();
    expect(loop.time()).toBe(100);
  });

  test('test_tasks.BaseTaskTests.test_wait_really_done', async () => {
    // Tasks done in the same iteration as the first one count as done, too.
    const a = loop.createTask(
      async () => {
        await sleep(0);
      },
      { name: 'a' },
    );
    const b = loop.createTask(
      async () => {
        await sleep(0);
        await sleep(0);
      },
      { name: 'b' },
    );
    const task = loop.createTask(() => wait([b, a], { returnWhen: FIRST_COMPLETED }));
    const [done] = await loop.runUntilComplete(task);
    expect(names(done)).toEqual(['a', 'b']);
    expect(a.result()).toBeUndefined();
    expect(b.result()).toBeUndefined();
  });

  test('test_tasks.BaseTaskTests.test_wait_first_exception', async () => {
    // FIRST_EXCEPTION with a task that already failed.
    const a = loop.createTask(() => sleep(10_000), { name: 'a' });
    const b = loop.createTask(
      async () => {
        throw new RangeError('err');
      },
      { name: 'b' },
    );
    const task = loop.createTask(() => wait([b, a], { returnWhen: FIRST_EXCEPTION }));
    const [done, pending] = await loop.runUntilComplete(task);
    expect(names(done)).toEqual(['b']);
    expect(names(pending)).toEqual(['a']);
    expect(loop.time()).toBe(0);
    b.exception(); // retrieved, so that closing the loop does not report it
  });

  test('test_tasks.BaseTaskTests.test_wait_first_exception_in_wait', async () => {
    // FIRST_EXCEPTION with an error while waiting.
    const a = loop.createTask(() => sleep(10_000), { name: 'a' });
    const b = loop.createTask(
      async () => {
        await sleep(10);
        throw new RangeError('err');
      },
      { name: 'b' },
    );
    const [done, pending] = await loop.runUntilComplete(() => wait([b, a], { returnWhen: FIRST_EXCEPTION }));
    expect(names(done)).toEqual(['b']);
    expect(names(pending)).toEqual(['a']);
    expect(loop.time()).toBe(10);
    b.exception(); // retrieved, so that closing the loop does not report it
  });

  test('test_tasks.BaseTaskTests.test_wait_with_exception', async () => {
    const a = loop.createTask(() => sleep(100), { name: 'a' });
    const b = loop.createTask(
      async () => {
        await sleep(150);
        throw new RangeError('really');
      },
      { name: 'b' },
    );
    const foo = async (): Promise<void> => {
      const [done, pending] = await wait([b, a]);
      expect(done.size).toBe(2);
      expect(pending.size).toBe(0);
      expect([...done].filter((f) => f.exception() !== undefined)).toHaveLength(1);
    };
    await loop.runUntilComplete(loop.createTask(foo));
    expect(loop.time()).toBe(150);
    await loop.runUntilComplete(loop.createTask(foo));
    expect(loop.time()).toBe(150);
  });

  test('test_tasks.BaseTaskTests.test_wait_with_timeout', async () => {
    const [a, b] = sleepers(100, 150);
    const foo = async (): Promise<void> => {
      const [done, pending] = await wait([b, a], { timeoutMs: 110 });
      expect(names(done)).toEqual(['a']);
      expect(names(pending)).toEqual(['b']);
    };
    await loop.runUntilComplete(loop.createTask(foo));
    expect(loop.time()).toBe(110);
  });

  test('test_tasks.BaseTaskTests.test_wait_concurrent_complete', async () => {
    const [a, b] = sleepers(100, 150);
    const [done, pending] = await loop.runUntilComplete(() => wait([b, a], { timeoutMs: 100 }));
    expect(names(done)).toEqual(['a']);
    expect(names(pending)).toEqual(['b']);
    expect(loop.time()).toBe(100);
  });

  test('test_tasks.BaseTaskTests.test_wait_with_iterator_of_tasks', async () => {
    const [a, b] = sleepers(100, 150);
    const foo = async (): Promise<number> => {
      const [done, pending] = await wait([b, a][Symbol.iterator]());
      expect(names(done)).toEqual(['a', 'b']);
      expect(pending.size).toBe(0);
      return 42;
    };
    expect(await loop.runUntilComplete(loop.createTask(foo))).toBe(42);
    expect(loop.time()).toBe(150);
  });

  test('test_tasks.BaseTaskTests.test_wait_generator', async () => {
    await loop.runUntilComplete(async () => {
      function* tasks() {
        for (let i = 0; i < 10; i++) yield loop.createTask(async () => i);
      }
      const [done, pending] = await wait(tasks(), { returnWhen: 'ALL_COMPLETED' });
      expect(done.size).toBe(10);
      expect(pending.size).toBe(0);
    });
  });

  test('test_tasks.BaseTaskTests.test_wait_invalid_args', async () => {
    const fut = loop.createFuture<void>();
    // wait() takes a collection of Futures, not a Future or a Promise.
    expect(await failure(() => wait(fut as never))).toBeInstanceOf(NotAwaitableError);
    expect(await failure(() => wait(Promise.resolve() as never))).toBeInstanceOf(NotAwaitableError);
    expect(await failure(() => wait([]))).toBeInstanceOf(InvalidArgumentError);
    fut.cancel();
  });
});
