/**
 * Errors of the loop core: the bad-input contract (exported error classes, messages naming the function,
 * the argument and the value, nothing else disturbed), exceptions in callbacks and the exception handler with
 * asyncio's context keys (CPython test_base_events.py: test_set_exc_handler_*, test_default_exc_handler_*), and
 * debug mode (slow callbacks, where handles were created).
 */
import * as path from 'node:path';
import { EventLoop, LoopArgumentError, LoopRangeError, sleep, VirtualTimeLoop } from '../../src';
import { captureLog, recordExceptions, useLoop } from '../../src/testing';
import { expectExportedError, syncErrorOf } from './helpers';

let loop: VirtualTimeLoop;
const fixture = useLoop({ beforeEach, afterEach });
beforeEach(() => {
  loop = fixture.loop;
});

describe('bad input: clear exported errors, nothing else disturbed', () => {
  const badDelays: [number, string][] = [
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [Number.NEGATIVE_INFINITY, '-Infinity'],
  ];

  it('callLater(NaN) has exactly the documented message', () => {
    const err = syncErrorOf(() => loop.callLater(Number.NaN, () => {}));
    expectExportedError(err);
    expect(err.message).toBe('callLater(delay): expected a finite number, got NaN');
  });

  it.each(badDelays)('callLater(%p): a RangeError naming callLater(delay) and the value', (delay, shown) => {
    const err = syncErrorOf(() => loop.callLater(delay, () => {}));
    expectExportedError(err);
    expect(err).toBeInstanceOf(RangeError);
    expect(err).toBeInstanceOf(LoopRangeError);
    expect(err.message).toBe(`callLater(delay): expected a finite number, got ${shown}`);
  });

  it.each([
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
  ])('callAt(%p): an error naming callAt(when) and the value', (when, shown) => {
    const err = syncErrorOf(() => loop.callAt(when, () => {}));
    expectExportedError(err);
    expect(err).toBeInstanceOf(RangeError);
    expect(err.message).toMatch(/^callAt\(when\): /);
    expect(err.message).toMatch(new RegExp(`got ${shown}$`));
  });

  it('a non-numeric delay is a TypeError naming the argument and the value', () => {
    const err = syncErrorOf(() => loop.callLater('10' as never, () => {}));
    expectExportedError(err);
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toMatch(/^callLater\(delay\): /);
    expect(err.message).toContain('"10"');
  });

  it.each([
    ['callSoon', (cb: unknown) => loop.callSoon(cb as never)],
    ['callLater', (cb: unknown) => loop.callLater(1, cb as never)],
    ['callAt', (cb: unknown) => loop.callAt(loop.time() + 1, cb as never)],
  ])('%s(non-function): LoopArgumentError naming the function, the argument and the value', (name, call) => {
    for (const [value, shown] of [
      [42, '42'],
      [null, 'null'],
      [undefined, 'undefined'],
      ['f', '"f"'],
    ] as [unknown, string][]) {
      const err = syncErrorOf(() => call(value));
      expectExportedError(err);
      expect(err).toBeInstanceOf(TypeError);
      expect(err).toBeInstanceOf(LoopArgumentError);
      expect(err.message).toMatch(new RegExp(`^${name}\\(callback\\): `));
      expect(err.message).toMatch(new RegExp(`got ${shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    }
  });

  it.each([
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
  ])('sleep(%p): the same RangeError, naming sleep(ms)', (ms, shown) => {
    const err = syncErrorOf(() => sleep(ms));
    expectExportedError(err);
    expect(err).toBeInstanceOf(RangeError);
    expect(err.message).toBe(`sleep(ms): expected a finite number, got ${shown}`);
  });

  it('a rejected call schedules nothing and the loop keeps working', async () => {
    const ran: string[] = [];
    loop.callSoon(() => ran.push('before'));
    syncErrorOf(() => loop.callLater(Number.NaN, () => ran.push('bad timer')));
    syncErrorOf(() => loop.callSoon(7 as never));
    loop.callSoon(() => ran.push('after'));
    await loop.runUntilIdle();
    expect(ran).toEqual(['before', 'after']);
    expect(loop.isClosed()).toBe(false);
  });

  it('setExceptionHandler(non-function) is a TypeError and keeps the previous handler', () => {
    const h = () => {};
    loop.setExceptionHandler(h);
    const err = syncErrorOf(() => loop.setExceptionHandler('spam' as never));
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toMatch(/setExceptionHandler/);
    expect((err as Error).message).toContain('"spam"');
    expect(loop.getExceptionHandler()).toBe(h);
  });
});

describe('exceptions in callbacks and the exception handler (test_set_exc_handler_*, test_default_exc_handler_*)', () => {
  it('an exception in a callback goes to the handler with message, exception, handle; the loop goes on', async () => {
    const log = recordExceptions(loop);
    const exc = new Error('zero');
    const ran: string[] = [];
    const h = loop.callSoon(function zeroError() {
      throw exc;
    });
    loop.callSoon(() => ran.push('same batch'));
    loop.callLater(5, () => ran.push('timer'));
    await loop.runUntilIdle();
    expect(ran).toEqual(['same batch', 'timer']);
    expect(log).toHaveLength(1);
    const ctx = log[0] as Record<string, unknown>;
    expect(String(ctx.message)).toMatch(/^Exception in callback.*zeroError/);
    expect(ctx.exception).toBe(exc);
    expect(ctx.handle).toBe(h);
    expect(loop.isClosed()).toBe(false);
  });

  it('on a real running loop too: the exception is reported and runForever goes on until stop()', async () => {
    const real = new EventLoop();
    const log = recordExceptions(real);
    const ran: string[] = [];
    real.callSoon(() => {
      throw new Error('in a real loop');
    });
    real.callSoon(() => {
      ran.push('after the failure');
      real.callSoon(() => {
        ran.push('next iteration');
        real.stop();
      });
    });
    await real.runForever();
    real.close();
    expect(ran).toEqual(['after the failure', 'next iteration']);
    expect(log.map((c) => (c.exception as Error).message)).toEqual(['in a real loop']);
  });

  it('the same for a TimerHandle', async () => {
    const log = recordExceptions(loop);
    const exc = new Error('late');
    const h = loop.callLater(3, () => {
      throw exc;
    });
    await loop.runUntilIdle();
    expect(log).toHaveLength(1);
    expect(log[0]?.handle).toBe(h);
    expect(log[0]?.exception).toBe(exc);
  });

  it('the handler is called with the loop', async () => {
    const args: unknown[][] = [];
    loop.setExceptionHandler((...a: unknown[]) => {
      args.push(a);
    });
    loop.callSoon(() => {
      throw new Error('x');
    });
    await loop.runUntilIdle();
    expect(args).toHaveLength(1);
    expect(args[0]).toContain(loop);
  });

  it('a handler that throws does not stop the loop, and its error is logged (test_set_exc_handler_broken)', async () => {
    const logged = captureLog();
    try {
      const ran: string[] = [];
      loop.setExceptionHandler(() => {
        throw new Error('broken handler');
      });
      loop.callSoon(() => {
        throw new Error('first');
      });
      loop.callSoon(() => ran.push('next'));
      loop.callLater(1, () => ran.push('timer'));
      await loop.runUntilIdle();
      expect(ran).toEqual(['next', 'timer']);
      expect(logged.errors).toHaveLength(1);
      expect(logged.errors[0]).toMatch(/Unhandled error in exception handler/);
      expect(logged.errors[0]).toMatch(/broken handler/);
    } finally {
      logged.restore();
    }
  });

  it('without a custom handler, the default handler logs the message and the exception', async () => {
    const logged = captureLog();
    try {
      loop.callSoon(function failing() {
        throw new Error('logged by default');
      });
      await loop.runUntilIdle();
      expect(logged.errors).toHaveLength(1);
      expect(logged.errors[0]).toMatch(/Exception in callback.*failing/);
      expect(logged.errors[0]).toMatch(/logged by default/);
    } finally {
      logged.restore();
    }
  });

  it('getExceptionHandler() reflects setExceptionHandler(h | null)', () => {
    expect(loop.getExceptionHandler()).toBeNull();
    const h = () => {};
    loop.setExceptionHandler(h);
    expect(loop.getExceptionHandler()).toBe(h);
    loop.setExceptionHandler(null);
    expect(loop.getExceptionHandler()).toBeNull();
  });

  it('callExceptionHandler(ctx) calls the custom handler with ctx, and defaultExceptionHandler without one', () => {
    const defaults: unknown[] = [];
    class MyLoop extends VirtualTimeLoop {
      override defaultExceptionHandler(ctx: never): void {
        defaults.push(ctx);
      }
    }
    const my = new MyLoop();
    const ctx = { message: 'hello', exception: new Error('e') };
    my.callExceptionHandler(ctx);
    expect(defaults).toEqual([ctx]);
    const log = recordExceptions(my);
    my.callExceptionHandler(ctx);
    expect(log).toEqual([ctx]);
    expect(defaults).toHaveLength(1);
    my.close();
  });

  it('defaultExceptionHandler(ctx) logs the message and the exception, and does not throw', () => {
    const logged = captureLog();
    try {
      expect(() => loop.defaultExceptionHandler({ message: 'just a message' })).not.toThrow();
      expect(() =>
        loop.defaultExceptionHandler({ message: 'with exc', exception: new Error('xyz') }),
      ).not.toThrow();
      expect(logged.errors).toHaveLength(2);
      expect(logged.errors[0]).toMatch(/just a message/);
      expect(logged.errors[1]).toMatch(/with exc/);
      expect(logged.errors[1]).toMatch(/xyz/);
    } finally {
      logged.restore();
    }
  });
});

describe('debug mode', () => {
  it('getDebug() is false by default; setDebug toggles it; slowCallbackDurationMs defaults to 100', () => {
    expect(loop.getDebug()).toBe(false);
    loop.setDebug(true);
    expect(loop.getDebug()).toBe(true);
    loop.setDebug(false);
    expect(loop.getDebug()).toBe(false);
    expect(loop.slowCallbackDurationMs).toBe(100);
  });

  it('a callback slower than slowCallbackDurationMs is logged with its name and where it was created', async () => {
    const logged = captureLog();
    try {
      loop.setDebug(true);
      loop.slowCallbackDurationMs = 1;
      loop.callSoon(function slowCallback() {
        // Busy for a few ms so that its duration exceeds the 1 ms threshold on any machine.
        const end = performance.now() + 5;
        while (performance.now() < end) {}
      });
      await loop.runUntilIdle();
      const slow = logged.warnings.filter((w) => /slowCallback/.test(w));
      expect(slow).toHaveLength(1);
      expect(slow[0]).toContain(path.basename(__filename));
    } finally {
      logged.restore();
    }
  });

  it('a fast callback is not logged, and nothing is logged outside debug mode', async () => {
    const logged = captureLog();
    try {
      loop.setDebug(true);
      loop.slowCallbackDurationMs = 60_000;
      loop.callSoon(function fastCallback() {});
      await loop.runUntilIdle();
      loop.setDebug(false);
      loop.slowCallbackDurationMs = 0;
      loop.callSoon(function nonDebugCallback() {
        const end = performance.now() + 2;
        while (performance.now() < end) {}
      });
      await loop.runUntilIdle();
      expect(logged.warnings).toEqual([]);
    } finally {
      logged.restore();
    }
  });

  it('in debug mode the exception context says where the failing handle was created', async () => {
    loop.setDebug(true);
    const log = recordExceptions(loop);
    loop.callSoon(() => {
      throw new Error('x');
    });
    await loop.runUntilIdle();
    expect(log).toHaveLength(1);
    expect(String(log[0]?.sourceTraceback)).toContain(path.basename(__filename));
  });
});
