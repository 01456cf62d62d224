import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import {
  CancelledError,
  EventLoop,
  type ExceptionContext,
  Future,
  InvalidStateError,
  LoopArgumentError,
  setEventLoop,
  VirtualTimeLoop,
} from '../../src';
import { recordExceptions } from '../../src/testing';

describe('Future states', () => {
  it('starts pending; result()/exception() then throw InvalidStateError', () => {
    const f = new VirtualTimeLoop().createFuture<number>();
    expect(f.done()).toBe(false);
    expect(f.cancelled()).toBe(false);
    expect(() => f.result()).toThrow(InvalidStateError);
    expect(() => f.result()).toThrow('Future.result(): the Future is still pending');
    expect(() => f.exception()).toThrow('Future.exception(): the Future is still pending');
  });

  it('setResult: result() returns it, exception() is undefined, a second set throws', () => {
    const f = new VirtualTimeLoop().createFuture<number>();
    f.setResult(5);
    expect(f.done()).toBe(true);
    expect(f.result()).toBe(5);
    expect(f.exception()).toBeUndefined();
    expect(() => f.setResult(6)).toThrow('Future.setResult(): the Future is already finished');
    expect(() => f.setException(new Error())).toThrow(InvalidStateError);
    expect(f.cancel()).toBe(false);
    expect(f.result()).toBe(5);
  });

  it('setException: result() throws it, exception() returns it (any value is accepted)', () => {
    const loop = new VirtualTimeLoop();
    const err = new Error('boom');
    const f = loop.createFuture();
    f.setException(err);
    expect(() => f.result()).toThrow(err);
    expect(f.exception()).toBe(err);
    const g = loop.createFuture();
    g.setException('a string');
    expect(g.exception()).toBe('a string');
  });

  it('cancel(msg): cancelled, result()/exception() throw CancelledError with msg, setResult throws', () => {
    const f = new VirtualTimeLoop().createFuture();
    expect(f.cancel('stop it')).toBe(true);
    expect(f.cancel()).toBe(false);
    expect(f.cancelled()).toBe(true);
    expect(f.done()).toBe(true);
    expect(() => f.result()).toThrow(CancelledError);
    expect(() => f.exception()).toThrow('stop it');
    expect(() => f.setResult(1)).toThrow('Future.setResult(): the Future is already cancelled');
  });

  it('defaults to the current loop; getLoop() returns it', () => {
    const loop = new VirtualTimeLoop();
    setEventLoop(loop);
    try {
      expect(new Future().getLoop()).toBe(loop);
    } finally {
      setEventLoop(null);
    }
  });

  it('describes itself', () => {
    const loop = new VirtualTimeLoop();
    const f = loop.createFuture();
    expect(String(f)).toBe('<Future pending>');
    f.setResult(3);
    expect(String(f)).toBe('<Future finished result=3>');
    expect(Object.prototype.toString.call(f)).toBe('[object Future]');
  });
});

describe('done callbacks', () => {
  it('are scheduled with callSoon in registration order, never synchronously', async () => {
    const loop = new VirtualTimeLoop();
    const f = loop.createFuture<number>();
    const out: string[] = [];
    f.addDoneCallback((x) => out.push(`a${x.result()}`));
    f.addDoneCallback(() => out.push('b'));
    f.setResult(1);
    expect(out).toEqual([]);
    await loop.advance(0);
    expect(out).toEqual(['a1', 'b']);
    f.addDoneCallback(() => out.push('late'));
    expect(out).toEqual(['a1', 'b']);
    await loop.advance(0);
    expect(out).toEqual(['a1', 'b', 'late']);
  });

  it('removeDoneCallback removes every registration and returns the count', async () => {
    const loop = new VirtualTimeLoop();
    const f = loop.createFuture();
    const cb = jest.fn();
    const other = jest.fn();
    f.addDoneCallback(cb);
    f.addDoneCallback(other);
    f.addDoneCallback(cb);
    expect(f.removeDoneCallback(cb)).toBe(2);
    expect(f.removeDoneCallback(cb)).toBe(0);
    f.cancel();
    await loop.advance(0);
    expect(cb).not.toHaveBeenCalled();
    expect(other).toHaveBeenCalledWith(f);
    expect(() => f.addDoneCallback(1 as never)).toThrow(LoopArgumentError);
  });

  it('an exception in a done callback goes to the handler', async () => {
    const loop = new VirtualTimeLoop();
    const seen = recordExceptions(loop);
    const f = loop.createFuture();
    f.addDoneCallback(() => {
      throw new Error('cb failed');
    });
    f.setResult(1);
    await loop.advance(0);
    expect((seen[0]?.exception as Error | undefined)?.message).toBe('cb failed');
  });
});

describe('await / then / catch / finally', () => {
  it('await gives the result, throws the exception or a CancelledError', async () => {
    const loop = new VirtualTimeLoop();
    const a = loop.createFuture<number>();
    const b = loop.createFuture();
    const c = loop.createFuture();
    a.setResult(1);
    b.setException(new Error('bad'));
    c.cancel('why');
    await expect(a).resolves.toBe(1);
    await expect(b).rejects.toThrow('bad');
    await expect(c).rejects.toThrow(CancelledError);
  });

  it('then works without a running loop and handlers run asynchronously', async () => {
    const f = new EventLoop().createFuture<number>();
    const order: string[] = [];
    const p = f.then((v) => {
      order.push(`then ${v}`);
      return v * 2;
    });
    f.setResult(21);
    order.push('sync');
    expect(await p).toBe(42);
    expect(order).toEqual(['sync', 'then 21']);
  });

  it('then adopts thenables returned by handlers; catch and finally behave like Promise', async () => {
    const f = new VirtualTimeLoop().createFuture<number>();
    f.setException(new Error('x'));
    const chained = f.catch(() => Promise.resolve('recovered')).then((s) => `${s}!`);
    await expect(chained).resolves.toBe('recovered!');
    const fin = jest.fn();
    const g = new VirtualTimeLoop().createFuture<string>();
    g.setResult('kept');
    await expect(g.finally(fin)).resolves.toBe('kept');
    expect(fin).toHaveBeenCalledTimes(1);
  });

  it('a handler returning the derived Future rejects it with a TypeError', async () => {
    const f = new VirtualTimeLoop().createFuture<number>();
    f.setResult(1);
    const d: PromiseLike<unknown> = f.then(() => d);
    await expect(d).rejects.toBeInstanceOf(TypeError);
  });
});

describe('"exception was never retrieved"', () => {
  it('is reported when the loop closes, once, with the future in the context', () => {
    const loop = new VirtualTimeLoop();
    const seen = recordExceptions(loop);
    const f = loop.createFuture();
    const err = new Error('lost');
    f.setException(err);
    loop.close();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      message: 'Future exception was never retrieved',
      exception: err,
      future: f,
    });
  });

  it('is not reported once retrieved through result(), exception(), await or cancel()', async () => {
    const loop = new VirtualTimeLoop();
    const seen = recordExceptions(loop);
    const futures = [0, 1, 2, 3].map(() => loop.createFuture());
    for (const f of futures) f.setException(new Error('seen'));
    expect(() => futures[0]?.result()).toThrow();
    futures[1]?.exception();
    await expect(futures[2]).rejects.toThrow();
    futures[3]?.cancel();
    loop.close();
    expect(seen).toEqual([]);
  });

  it('is reported when the Future is garbage-collected', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const loop = new VirtualTimeLoop();
    const seen: ExceptionContext[] = recordExceptions(loop);
    (() => {
      loop.createFuture().setException(new Error('collected'));
    })();
    for (let i = 0; i < 20 && seen.length === 0; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(seen).toHaveLength(1);
    expect(seen[0]?.message).toBe('Future exception was never retrieved');
    expect((seen[0]?.exception as Error | undefined)?.message).toBe('collected');
    expect(seen[0]?.futureDescription).toMatch(/<Future finished exception=Error: collected>/);
  });
});
