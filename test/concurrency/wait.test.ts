/**
 * wait(): behaviours ported from CPython's test_tasks.py (test_wait, test_wait_first_completed,
 * test_wait_really_done, test_wait_first_exception*, test_wait_with_exception, test_wait_with_timeout,
 * test_wait_errors, test_wait_invalid_args) to qtasyncio's API.
 */
import {
  FIRST_COMPLETED,
  InvalidArgumentError,
  InvalidTimeoutError,
  NotAwaitableError,
  wait,
} from '../../src/concurrency/index';
import { type Future, sleep } from '../../src/index';
import { useLoop } from '../../src/testing';
import { thrown } from './helpers';

const L = useLoop({ beforeEach, afterEach });
const run = <T>(fn: () => Promise<T>): Promise<T> => L.loop.runUntilComplete(fn);

function failAfter(ms: number, error: Error): () => Promise<never> {
  return async () => {
    await sleep(ms);
    throw error;
  };
}

describe('wait (test_tasks.py)', () => {
  it('ALL_COMPLETED (default): every Future is done (test_wait)', async () => {
    const loop = L.loop;
    const r = await run(async () => {
      const a = loop.createTask(() => sleep(100, 'a'));
      const b = loop.createTask(() => sleep(150, 'b'));
      const [done, pending] = await wait([b, a]);
      return { done, pending, a, b, t: loop.time() };
    });
    expect(r.done).toEqual(new Set([r.a, r.b]));
    expect(r.pending.size).toBe(0);
    expect(r.t).toBe(150);
  });

  it('FIRST_COMPLETED returns at the first one; nothing is cancelled (test_wait_first_completed)', async () => {
    const loop = L.loop;
    const r = await run(async () => {
      const a = loop.createTask(() => sleep(10_000, 'a'));
      const b = loop.createTask(() => sleep(100, 'b'));
      const [done, pending] = await wait([b, a], { returnWhen: FIRST_COMPLETED });
      return { done, pending, a, b, t: loop.time() };
    });
    expect([...r.done]).toEqual([r.b]);
    expect([...r.pending]).toEqual([r.a]);
    expect(r.a.cancelled()).toBe(false);
    expect(r.t).toBe(100);
    r.a.cancel();
  });

  it('FIRST_COMPLETED: everything done by then is in done (test_wait_really_done)', async () => {
    const loop = L.loop;
    const [done, pending] = await run(async () => {
      const a = loop.createTask(async () => 'a');
      const b = loop.createTask(async () => 'b');
      return wait([a, b], { returnWhen: 'FIRST_COMPLETED' });
    });
    expect(done.size).toBe(2);
    expect(pending.size).toBe(0);
  });

  it('FIRST_EXCEPTION returns at the first error (test_wait_first_exception_in_wait)', async () => {
    const loop = L.loop;
    const r = await run(async () => {
      const a = loop.createTask(() => sleep(10_000));
      const b = loop.createTask(failAfter(10, new RangeError('b')));
      const [done, pending] = await wait([a, b], { returnWhen: 'FIRST_EXCEPTION' });
      a.cancel();
      return { done, pending, a, b, t: loop.time() };
    });
    expect([...r.done]).toEqual([r.b]);
    expect([...r.pending]).toEqual([r.a]);
    expect(r.t).toBe(10);
    expect(r.b.exception()).toBeInstanceOf(RangeError);
  });

  it('FIRST_EXCEPTION: a cancelled Future is not an exception; without errors it waits for all', async () => {
    const loop = L.loop;
    const r = await run(async () => {
      const a = loop.createTask(() => sleep(100));
      const b = loop.createFuture<void>();
      b.cancel();
      const [done, pending] = await wait([a, b], { returnWhen: 'FIRST_EXCEPTION' });
      return { done, pending, t: loop.time() };
    });
    expect(r.done.size).toBe(2);
    expect(r.pending.size).toBe(0);
    expect(r.t).toBe(100);
  });

  it('ALL_COMPLETED with an error: the error stays in the Future, nothing is raised (test_wait_with_exception)', async () => {
    const loop = L.loop;
    const r = await run(async () => {
      const a = loop.createTask(() => sleep(100));
      const b = loop.createTask(failAfter(150, new RangeError('b')));
      const [done] = await wait([a, b]);
      return { done, b, t: loop.time() };
    });
    expect(r.done.size).toBe(2);
    expect(r.t).toBe(150);
    expect(r.b.exception()).toBeInstanceOf(RangeError);
  });

  it('timeoutMs returns what is done by then, without an error (test_wait_with_timeout)', async () => {
    const loop = L.loop;
    const r = await run(async () => {
      const a = loop.createTask(() => sleep(100));
      const b = loop.createTask(() => sleep(150));
      const [done, pending] = await wait([a, b], { timeoutMs: 110 });
      const t = loop.time();
      await b;
      return { done, pending, a, b, t };
    });
    expect([...r.done]).toEqual([r.a]);
    expect([...r.pending]).toEqual([r.b]);
    expect(r.t).toBe(110);
  });

  it('a timeoutMs ≤ 0 means the time is already up, as in asyncio', async () => {
    const loop = L.loop;
    const r = await run(async () => {
      const a = loop.createTask(() => sleep(100));
      const [done, pending] = await wait([a], { timeoutMs: -1 });
      return { done: done.size, pending: pending.size, t: loop.time() };
    });
    expect(r).toEqual({ done: 0, pending: 1, t: 0 });
  });

  it('accepts any iterable; duplicates count once; Promise-likes are wrapped', async () => {
    const loop = L.loop;
    const r = await run(async () => {
      const a = loop.createTask(() => sleep(10));
      const [done, pending] = await wait(
        new Set<Future<unknown> | PromiseLike<unknown>>([a, Promise.resolve(1)]),
      );
      const [done2] = await wait([a, a]);
      return { done, pending, done2, a };
    });
    expect(r.done.size).toBe(2);
    expect(r.done.has(r.a)).toBe(true);
    expect(r.pending.size).toBe(0);
    expect([...r.done2]).toEqual([r.a]);
  });

  it('cancelling the waiting task does not cancel the Futures it waits for', async () => {
    const loop = L.loop;
    const a = loop.createTask(() => sleep(100));
    const waiter = loop.createTask(() => wait([a]));
    await loop.advance(10);
    waiter.cancel();
    await loop.advance(0);
    expect(waiter.cancelled()).toBe(true);
    expect(a.cancelled()).toBe(false);
    await loop.advance(100);
    expect(a.done()).toBe(true);
  });
});

describe('wait: bad input (test_wait_errors, test_wait_invalid_args)', () => {
  it('an empty collection is an InvalidArgumentError', async () => {
    const e = thrown(() => wait([]));
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect(e.message).toBe('wait(aws): expected at least one awaitable, got an empty collection');
  });

  it('an unknown returnWhen is an InvalidArgumentError', () => {
    const loop = L.loop;
    const e = thrown(() => wait([loop.createFuture()], { returnWhen: 'FIRST' as never }));
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect(e.message).toBe(
      `wait(options.returnWhen): expected 'FIRST_COMPLETED', 'FIRST_EXCEPTION' or 'ALL_COMPLETED', got "FIRST"`,
    );
  });

  it('a single Future instead of a collection is a NotAwaitableError', () => {
    const loop = L.loop;
    const e = thrown(() => wait(loop.createFuture() as never));
    expect(e).toBeInstanceOf(NotAwaitableError);
    expect(e.message).toBe('wait(aws): expected an iterable (array or Set) of awaitables, got a Future');
  });

  it('a function is refused (start it as a Task first), as are non-awaitables', () => {
    const loop = L.loop;
    const job = async (): Promise<void> => {};
    const e = thrown(() => wait([loop.createFuture(), job as never]));
    expect(e).toBeInstanceOf(NotAwaitableError);
    expect(e.message).toBe(
      'wait(aws[1]): expected a Future or a Promise-like, got function job (start it as a Task first: loop.createTask(fn))',
    );
    expect(thrown(() => wait([7 as never])).message).toBe(
      'wait(aws[0]): expected a Future or a Promise-like, got 7',
    );
  });

  it('a NaN timeoutMs is an InvalidTimeoutError; an unknown option an InvalidArgumentError', () => {
    const loop = L.loop;
    const e = thrown(() => wait([loop.createFuture()], { timeoutMs: Number.NaN }));
    expect(e).toBeInstanceOf(InvalidTimeoutError);
    expect(e.message).toBe('wait(options.timeoutMs): expected a finite number or null, got NaN');
    const e2 = thrown(() => wait([loop.createFuture()], { timeout: 1 } as never));
    expect(e2).toBeInstanceOf(InvalidArgumentError);
    expect(e2.message).toBe(
      'wait(options): unknown option "timeout" (did you mean "timeoutMs"? known: timeoutMs, returnWhen)',
    );
  });
});
