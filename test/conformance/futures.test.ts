/**
 * Future behaviours ported from CPython's Lib/test/test_asyncio/test_futures.py (BaseFutureTests,
 * BaseFutureDoneCallbackTests, the "exception was never retrieved" logger tests) to qtasyncio's API.
 */
import {
  CancelledError,
  ensureFuture,
  type Future,
  InvalidStateError,
  isFuture,
  type VirtualTimeLoop,
  wrapFuture,
} from '../../src';
import { freshVirtualTimeLoopPerTest, recordExceptions, syncErrorOf } from './helpers';

let loop: VirtualTimeLoop;
freshVirtualTimeLoopPerTest((l) => {
  loop = l;
});

describe('states (test_initial_state, test_cancel, test_result, test_exception)', () => {
  it('a new future is pending', () => {
    const f = loop.createFuture<number>();
    expect(f.done()).toBe(false);
    expect(f.cancelled()).toBe(false);
    expect(f.getLoop()).toBe(loop);
  });

  it('cancel(): cancelled and done; result()/exception() throw CancelledError; set* throw InvalidStateError', () => {
    const f = loop.createFuture<number>();
    expect(f.cancel()).toBe(true);
    expect(f.cancelled()).toBe(true);
    expect(f.done()).toBe(true);
    expect(() => f.result()).toThrow(CancelledError);
    expect(() => f.exception()).toThrow(CancelledError);
    expect(() => f.setResult(1)).toThrow(InvalidStateError);
    expect(() => f.setException(new Error('x'))).toThrow(InvalidStateError);
    expect(f.cancel()).toBe(false);
    expect(f.cancelled()).toBe(true);
  });

  it('result(): InvalidStateError while pending; the value once set; set twice is an InvalidStateError', () => {
    const f = loop.createFuture<number>();
    expect(() => f.result()).toThrow(InvalidStateError);
    f.setResult(42);
    expect(f.cancelled()).toBe(false);
    expect(f.done()).toBe(true);
    expect(f.result()).toBe(42);
    // asyncio returns None; the JS spelling of "no exception" may be undefined or null.
    expect(f.exception() == null).toBe(true);
    const again = syncErrorOf(() => f.setResult(43));
    expect(again).toBeInstanceOf(InvalidStateError);
    expect((again as Error).message).toMatch(/setResult/);
    expect(() => f.setException(new Error('x'))).toThrow(InvalidStateError);
    expect(f.cancel()).toBe(false);
    expect(f.result()).toBe(42);
  });

  it('exception(): InvalidStateError while pending; result() rethrows the very exception', () => {
    const exc = new RangeError('boom');
    const f = loop.createFuture<number>();
    expect(() => f.exception()).toThrow(InvalidStateError);
    f.setException(exc);
    expect(f.cancelled()).toBe(false);
    expect(f.done()).toBe(true);
    expect(syncErrorOf(() => f.result())).toBe(exc);
    expect(f.exception()).toBe(exc);
    expect(() => f.setResult(1)).toThrow(InvalidStateError);
    expect(() => f.setException(new Error('y'))).toThrow(InvalidStateError);
    expect(f.cancel()).toBe(false);
  });

  it('the InvalidStateError of result() on a pending future names the function', () => {
    const f = loop.createFuture<number>();
    const err = syncErrorOf(() => f.result());
    expect(err).toBeInstanceOf(InvalidStateError);
    expect((err as Error).name).toBe('InvalidStateError');
    expect((err as Error).message).toMatch(/result\(\)/);
  });
});

describe('cancel message (test_future_cancel_message_getter)', () => {
  it('cancel(msg): result(), exception() and await throw a CancelledError carrying msg', async () => {
    const f = loop.createFuture<number>();
    f.cancel('my message');
    const fromResult = syncErrorOf(() => f.result());
    expect(fromResult).toBeInstanceOf(CancelledError);
    expect((fromResult as Error).message).toContain('my message');
    const fromException = syncErrorOf(() => f.exception());
    expect((fromException as Error).message).toContain('my message');
    let fromAwait: unknown;
    const waiter = loop.createTask(async () => {
      try {
        await f;
      } catch (e) {
        fromAwait = e;
      }
    });
    await loop.runUntilIdle();
    expect(waiter.done()).toBe(true);
    expect(fromAwait).toBeInstanceOf(CancelledError);
    expect((fromAwait as Error).message).toContain('my message');
  });
});

describe('done callbacks (BaseFutureDoneCallbackTests)', () => {
  const bagger = (bag: number[], thing: number) => (_f: Future<unknown>) => {
    bag.push(thing);
  };

  it('are scheduled with callSoon, not called synchronously, and run in registration order', async () => {
    const bag: number[] = [];
    const f = loop.createFuture<string>();
    f.addDoneCallback(bagger(bag, 42));
    f.addDoneCallback(bagger(bag, 17));
    f.setResult('foo');
    expect(bag).toEqual([]);
    await loop.runUntilIdle();
    expect(bag).toEqual([42, 17]);
    expect(f.result()).toBe('foo');
  });

  it('run on setException too and receive the future', async () => {
    const seen: unknown[] = [];
    const f = loop.createFuture<string>();
    f.addDoneCallback((x) => seen.push(x));
    const exc = new Error('e');
    f.setException(exc);
    expect(seen).toEqual([]);
    await loop.runUntilIdle();
    expect(seen).toEqual([f]);
    expect(f.exception()).toBe(exc);
  });

  it('run on cancel too', async () => {
    const seen: boolean[] = [];
    const f = loop.createFuture<string>();
    f.addDoneCallback((x) => seen.push(x.cancelled()));
    f.cancel();
    await loop.runUntilIdle();
    expect(seen).toEqual([true]);
  });

  it('added to a done future are scheduled soon, not called synchronously', async () => {
    const bag: number[] = [];
    const f = loop.createFuture<string>();
    f.setResult('x');
    f.addDoneCallback(bagger(bag, 1));
    expect(bag).toEqual([]);
    await loop.runUntilIdle();
    expect(bag).toEqual([1]);
  });

  it('test_callbacks_remove_first_callback / second / third', async () => {
    const cases: [number[], number[]][] = [
      [
        [0, 0],
        [17, 100],
      ],
      [[0, 1, 0], [100]],
      [
        [2, 2],
        [42, 17],
      ],
    ];
    for (const [removals, expected] of cases) {
      const bag: number[] = [];
      const f = loop.createFuture<string>();
      const cbs = [bagger(bag, 42), bagger(bag, 17), bagger(bag, 100)];
      for (const cb of cbs) f.addDoneCallback(cb);
      for (const r of removals) f.removeDoneCallback(cbs[r] as (f: Future<string>) => void);
      expect(bag).toEqual([]);
      f.setResult('foo');
      await loop.runUntilIdle();
      expect(bag).toEqual(expected);
      expect(f.result()).toBe('foo');
    }
  });

  it('removeDoneCallback returns how many registrations it removed (test_remove_done_callback)', async () => {
    const bag: number[] = [];
    const f = loop.createFuture<string>();
    const cb1 = bagger(bag, 1);
    const cb2 = bagger(bag, 2);
    const cb3 = bagger(bag, 3);
    f.addDoneCallback(cb1);
    f.addDoneCallback(cb2);
    expect(f.removeDoneCallback(cb2)).toBe(1);
    expect(f.removeDoneCallback(cb3)).toBe(0);
    f.addDoneCallback(cb2);
    for (let i = 0; i < 5; i++) f.addDoneCallback(cb1);
    expect(f.removeDoneCallback(cb1)).toBe(6);
    expect(bag).toEqual([]);
    f.setResult('foo');
    await loop.runUntilIdle();
    expect(bag).toEqual([2]);
  });

  it('a callback that removes later callbacks while they are being scheduled does not break the loop', async () => {
    const bag: string[] = [];
    const f = loop.createFuture<number>();
    const later = () => bag.push('later');
    f.addDoneCallback(() => {
      bag.push('first');
      f.removeDoneCallback(later);
    });
    f.addDoneCallback(later);
    f.setResult(1);
    await loop.runUntilIdle();
    // asyncio schedules all callbacks at set_result time: removing afterwards does not unschedule them.
    expect(bag).toEqual(['first', 'later']);
  });

  it('a non-function done callback is rejected with an error naming the argument', () => {
    const f = loop.createFuture<number>();
    const err = syncErrorOf(() => f.addDoneCallback(42 as never));
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toMatch(/addDoneCallback/);
    expect((err as Error).message).toMatch(/42/);
  });
});

describe('awaiting a future', () => {
  it('await returns the result; await of a failed future throws its exception', async () => {
    const ok = loop.createFuture<number>();
    const bad = loop.createFuture<number>();
    const exc = new Error('bad');
    const got: unknown[] = [];
    loop.createTask(async () => {
      got.push(await ok);
      try {
        await bad;
      } catch (e) {
        got.push(e);
      }
    });
    await loop.runUntilIdle();
    expect(got).toEqual([]);
    ok.setResult(7);
    bad.setException(exc);
    await loop.runUntilIdle();
    expect(got).toEqual([7, exc]);
  });

  it('then/catch/finally: finally runs its callback and passes the outcome through', async () => {
    const ok = loop.createFuture<number>();
    const bad = loop.createFuture<number>();
    const exc = new Error('bad');
    const trace: unknown[] = [];
    loop.createTask(async () => {
      trace.push(await ok.finally(() => trace.push('finally ok')));
      try {
        await bad.finally(() => trace.push('finally bad'));
      } catch (e) {
        trace.push(e);
      }
      trace.push(await bad.catch((e) => `caught ${(e as Error).message}`));
      trace.push(await ok.then((v) => v * 2));
    });
    ok.setResult(21);
    bad.setException(exc);
    for (let i = 0; i < 3; i++) {
      await loop.runUntilIdle();
      await new Promise((r) => setImmediate(r));
    }
    expect(trace).toEqual(['finally ok', 21, 'finally bad', exc, 'caught bad', 42]);
  });

  it('awaiting a done future twice gives the same result both times (test_yield_from_twice)', async () => {
    const f = loop.createFuture<number>();
    const got: number[] = [];
    loop.createTask(async () => {
      got.push(await f);
      got.push(await f);
    });
    f.setResult(42);
    await loop.runUntilIdle();
    expect(got).toEqual([42, 42]);
  });
});

describe('"exception was never retrieved" (test_tb_logger_*)', () => {
  it('an unretrieved exception is reported when the loop closes, with message, exception and future', () => {
    const log = recordExceptions(loop);
    const f = loop.createFuture<number>();
    const exc = new Error('boom');
    f.setException(exc);
    loop.close();
    expect(log.contexts).toHaveLength(1);
    const ctx = log.contexts[0] as Record<string, unknown>;
    expect(String(ctx.message)).toMatch(/exception was never retrieved/);
    expect(ctx.exception).toBe(exc);
    expect(ctx.future).toBe(f);
  });

  it.each([
    ['exception() retrieved it', (f: Future<number>) => f.exception()],
    ['result() rethrew it', (f: Future<number>) => syncErrorOf(() => f.result())],
    ['cancel() after setException (asyncio clears the log flag)', (f: Future<number>) => f.cancel()],
  ])('nothing is reported when %s', (_name, retrieve) => {
    const log = recordExceptions(loop);
    const f = loop.createFuture<number>();
    f.setException(new Error('boom'));
    retrieve(f);
    loop.close();
    expect(log.contexts).toEqual([]);
  });

  it('nothing is reported for a result, for a pending future, or for a cancelled one', () => {
    const log = recordExceptions(loop);
    loop.createFuture<number>().setResult(42);
    loop.createFuture<number>();
    loop.createFuture<number>().cancel();
    loop.close();
    expect(log.contexts).toEqual([]);
  });

  it('nothing is reported when the exception was retrieved by await', async () => {
    const log = recordExceptions(loop);
    const f = loop.createFuture<number>();
    loop.createTask(async () => {
      try {
        await f;
      } catch {
        /* retrieved */
      }
    });
    await loop.runUntilIdle();
    f.setException(new Error('boom'));
    await loop.runUntilIdle();
    loop.close();
    expect(log.contexts).toEqual([]);
  });
});

describe('isFuture, ensureFuture, wrapFuture (test_isfuture, test_ensure_future_*, test_wrap_future_*)', () => {
  it('isFuture recognises futures and tasks only', () => {
    const f = loop.createFuture<number>();
    const t = loop.createTask(async () => 1);
    expect(isFuture(f)).toBe(true);
    expect(isFuture(t)).toBe(true);
    expect(isFuture(1)).toBe(false);
    expect(isFuture(Promise.resolve(1))).toBe(false);
    // biome-ignore lint/suspicious/noThenProperty: a foreign thenable is exactly what is being tested
    expect(isFuture({ then() {} })).toBe(false);
    expect(isFuture(null)).toBe(false);
    t.cancel();
  });

  it('ensureFuture returns a future or task unchanged', () => {
    const f = loop.createFuture<number>();
    const t = loop.createTask(async () => 1);
    expect(ensureFuture(f)).toBe(f);
    expect(ensureFuture(t)).toBe(t);
    t.cancel();
  });

  it('ensureFuture of a function makes a task of the given loop', async () => {
    const t = ensureFuture(async () => 'from fn', loop);
    expect(isFuture(t)).toBe(true);
    expect(t.getLoop()).toBe(loop);
    await loop.runUntilIdle();
    expect(t.result()).toBe('from fn');
  });

  it('ensureFuture of a non-awaitable is a TypeError naming the value', () => {
    const err = syncErrorOf(() => ensureFuture('ok' as never));
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toMatch(/ensureFuture/);
    expect((err as Error).message).toMatch(/"ok"/);
  });

  it('wrapFuture of a future is that future; of a promise, a future of the running loop with its outcome', async () => {
    const f = loop.createFuture<number>();
    expect(wrapFuture(f)).toBe(f);
    const out: unknown[] = [];
    const exc = new Error('nope');
    loop.createTask(async () => {
      const ok = wrapFuture(Promise.resolve('oi'));
      const bad = wrapFuture(Promise.reject(exc));
      expect(isFuture(ok)).toBe(true);
      expect(ok.getLoop()).toBe(loop);
      out.push(await ok);
      try {
        await bad;
      } catch (e) {
        out.push(e);
      }
    });
    await loop.runUntilIdle();
    expect(out).toEqual(['oi', exc]);
  });

  it('cancelling the wrapper of a promise cancels the wrapper (test_wrap_future_cancel)', async () => {
    let resolve!: (v: number) => void;
    const p = new Promise<number>((r) => {
      resolve = r;
    });
    let wrapped: Future<number> | undefined;
    loop.createTask(async () => {
      wrapped = wrapFuture(p);
    });
    await loop.runUntilIdle();
    expect(wrapped?.cancel()).toBe(true);
    resolve(42);
    await loop.runUntilIdle();
    expect(wrapped?.cancelled()).toBe(true);
    expect(await p).toBe(42);
  });
});

describe('"exception was never retrieved" when the future is garbage-collected (test_tb_logger_exception_unretrieved)', () => {
  it('reports the lost exception through the exception handler', async () => {
    // node:v8 + node:vm give a gc() without --expose-gc on the command line.
    const v8 = require('node:v8');
    v8.setFlagsFromString('--expose-gc');
    const gc: () => void = require('node:vm').runInNewContext('gc');
    const log = recordExceptions(loop);
    const exc = new Error('collected');
    (() => {
      loop.createFuture<number>().setException(exc);
    })();
    for (let i = 0; i < 50 && log.contexts.length === 0; i++) {
      gc();
      await new Promise((r) => setImmediate(r));
    }
    expect(log.contexts).toHaveLength(1);
    expect(String(log.contexts[0]?.message)).toMatch(/exception was never retrieved/);
    expect(log.contexts[0]?.exception).toBe(exc);
  });
});
