/**
 * Future behaviours beyond CPython's own cases (those are ported one by one in test/cpython/test_futures.test.ts):
 * error messages, done callbacks on cancel and on a done Future, Promise-style then/catch/finally, and the
 * "exception was never retrieved" report when the loop closes.
 */
import { type Future, InvalidStateError, isFuture, type VirtualTimeLoop, wrapFuture } from '../../src';
import { recordExceptions, useLoop } from '../../src/testing';
import { syncErrorOf } from './helpers';

let loop: VirtualTimeLoop;
const fixture = useLoop({ beforeEach, afterEach });
beforeEach(() => {
  loop = fixture.loop;
});

describe('states', () => {
  it('the InvalidStateError of result() on a pending future names the function', () => {
    const f = loop.createFuture<number>();
    const err = syncErrorOf(() => f.result());
    expect(err).toBeInstanceOf(InvalidStateError);
    expect((err as Error).name).toBe('InvalidStateError');
    expect((err as Error).message).toMatch(/result\(\)/);
  });
});

describe('done callbacks', () => {
  const bagger = (bag: number[], thing: number) => (_f: Future<unknown>) => {
    bag.push(thing);
  };

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
});

describe('"exception was never retrieved" on close', () => {
  it('an unretrieved exception is reported when the loop closes, with message, exception and future', () => {
    const log = recordExceptions(loop);
    const f = loop.createFuture<number>();
    const exc = new Error('boom');
    f.setException(exc);
    loop.close();
    expect(log).toHaveLength(1);
    const ctx = log[0] as Record<string, unknown>;
    expect(String(ctx.message)).toMatch(/exception was never retrieved/);
    expect(ctx.exception).toBe(exc);
    expect(ctx.future).toBe(f);
  });

  it('nothing is reported for a result, for a pending future, or for a cancelled one', () => {
    const log = recordExceptions(loop);
    loop.createFuture<number>().setResult(42);
    loop.createFuture<number>();
    loop.createFuture<number>().cancel();
    loop.close();
    expect(log).toEqual([]);
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
    expect(log).toEqual([]);
  });
});

describe('isFuture and wrapFuture', () => {
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
});
