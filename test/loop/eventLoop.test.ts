import {
  EventLoop,
  LoopArgumentError,
  LoopClosedError,
  LoopRangeError,
  LoopRunningError,
  VirtualTimeLoop,
} from '../../src';
import { Handle, TimerHandle } from '../../src/loop/handles';
import { captureLog, recordExceptions } from '../../src/testing';
import { busyWait } from './helpers';

describe('callSoon', () => {
  it('runs callbacks in FIFO order with their arguments', async () => {
    const loop = new VirtualTimeLoop();
    const out: unknown[] = [];
    for (let i = 0; i < 5; i++) loop.callSoon((a: number, b: string) => out.push(`${a}${b}`), i, 'x');
    await loop.advance(0);
    expect(out).toEqual(['0x', '1x', '2x', '3x', '4x']);
  });

  it('runs callbacks scheduled during a batch in the next batch', async () => {
    const loop = new VirtualTimeLoop();
    const out: string[] = [];
    loop.callSoon(() => {
      out.push('a');
      loop.callSoon(() => out.push('c'));
    });
    loop.callSoon(() => out.push('b'));
    // run exactly one iteration by hand
    loop._runOnce(() => {});
    expect(out).toEqual(['a', 'b']);
    loop._runOnce(() => {});
    expect(out).toEqual(['a', 'b', 'c']);
  });

  it('returns a Handle whose cancel() prevents the call and is idempotent', async () => {
    const loop = new VirtualTimeLoop();
    const fn = jest.fn();
    const h = loop.callSoon(fn);
    expect(h).toBeInstanceOf(Handle);
    expect(h.cancelled()).toBe(false);
    h.cancel();
    h.cancel();
    expect(h.cancelled()).toBe(true);
    await loop.runUntilIdle();
    expect(fn).not.toHaveBeenCalled();
  });

  it('a Handle is disposable: leaving a `using` scope cancels it', async () => {
    const loop = new VirtualTimeLoop();
    const fn = jest.fn();
    const h = loop.callLater(5, fn);
    h[Symbol.dispose]();
    expect(h.cancelled()).toBe(true);
    await loop.runUntilIdle();
    expect(fn).not.toHaveBeenCalled();
  });

  it('rejects a non-function callback with a clear error', () => {
    const loop = new EventLoop();
    expect(() => loop.callSoon(42 as never)).toThrow(LoopArgumentError);
    expect(() => loop.callSoon(42 as never)).toThrow('callSoon(callback): expected a function, got 42');
    expect(() => loop.callSoon('f' as never)).toThrow(TypeError);
  });
});

describe('callLater / callAt', () => {
  it('runs timers by deadline, then by scheduling order', async () => {
    const loop = new VirtualTimeLoop();
    const out: string[] = [];
    loop.callLater(20, () => out.push('20a'));
    loop.callLater(10, () => out.push('10'));
    loop.callLater(20, () => out.push('20b'));
    loop.callAt(loop.time() + 20, () => out.push('20c'));
    loop.callLater(0, () => out.push('0'));
    await loop.runUntilIdle();
    expect(out).toEqual(['0', '10', '20a', '20b', '20c']);
  });

  it('runs each timer at its deadline with time() equal to it', async () => {
    const loop = new VirtualTimeLoop({ start: 1000 });
    const at: number[] = [];
    const h = loop.callLater(15.5, () => at.push(loop.time()));
    expect(h).toBeInstanceOf(TimerHandle);
    expect(h.when()).toBe(1015.5);
    loop.callAt(1003, () => at.push(loop.time()));
    await loop.advance(100);
    expect(at).toEqual([1003, 1015.5]);
    expect(loop.time()).toBe(1100);
  });

  it('callAt in the past runs on the next iteration', async () => {
    const loop = new VirtualTimeLoop({ start: 50 });
    const fn = jest.fn();
    loop.callAt(10, fn);
    await loop.advance(0);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('cancelled timers never run, and many cancellations are purged from the heap', async () => {
    const loop = new VirtualTimeLoop();
    const fn = jest.fn();
    const handles = Array.from({ length: 500 }, (_, i) => loop.callLater(i + 1, fn));
    for (const h of handles.slice(0, 400)) h.cancel();
    loop.callLater(0, () => {});
    await loop.advance(0);
    expect(loop._timers.size).toBeLessThanOrEqual(100);
    await loop.runUntilIdle();
    expect(fn).toHaveBeenCalledTimes(100);
  });

  it.each([
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
  ])('callLater rejects delay %p with LoopRangeError naming the value', (delay, shown) => {
    const loop = new EventLoop();
    expect(() => loop.callLater(delay, () => {})).toThrow(LoopRangeError);
    expect(() => loop.callLater(delay, () => {})).toThrow(
      `callLater(delay): expected a finite number, got ${shown}`,
    );
    expect(() => loop.callLater(delay, () => {})).toThrow(RangeError);
  });

  it('callLater rejects a non-number delay and callAt a non-finite time', () => {
    const loop = new EventLoop();
    expect(() => loop.callLater('5' as never, () => {})).toThrow(LoopArgumentError);
    expect(() => loop.callAt(Number.NaN, () => {})).toThrow(
      'callAt(when): expected a finite number, got NaN',
    );
    expect(() => loop.callLater(5, null as never)).toThrow(
      'callLater(callback): expected a function, got null',
    );
  });
});

describe('running and stopping', () => {
  it('runForever resolves after stop(); the current batch completes first', async () => {
    const loop = new EventLoop();
    const out: string[] = [];
    loop.callSoon(() => {
      out.push('a');
      loop.stop();
      loop.callSoon(() => out.push('next run'));
    });
    loop.callSoon(() => out.push('b'));
    await loop.runForever();
    expect(out).toEqual(['a', 'b']);
    expect(loop.isRunning()).toBe(false);
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    expect(out).toEqual(['a', 'b', 'next run']);
    loop.close();
  });

  it('stop() before runForever runs one iteration then stops', async () => {
    const loop = new EventLoop();
    const fn = jest.fn();
    loop.callSoon(fn);
    loop.stop();
    await loop.runForever();
    expect(fn).toHaveBeenCalledTimes(1);
    loop.close();
  });

  it('wakes up for real timers and a stop() from outside the loop', async () => {
    const loop = new EventLoop();
    const fired: number[] = [];
    // Deadlines from one reading of the clock: two callLater calls could be more than 4 ms apart on a busy
    // machine, and then the second one is really due later.
    const now = loop.time();
    loop.callAt(now + 5, () => fired.push(5));
    loop.callAt(now + 1, () => fired.push(1));
    setTimeout(() => loop.stop(), 30);
    await loop.runForever();
    expect(fired).toEqual([1, 5]);
    loop.close();
  });

  it('isRunning() is true inside callbacks; running twice is an error', async () => {
    const loop = new EventLoop();
    let inside: boolean | undefined;
    let again: unknown;
    loop.callSoon(() => {
      inside = loop.isRunning();
      loop.runForever().catch((e: unknown) => {
        again = e;
      });
      loop.stop();
    });
    await loop.runForever();
    expect(inside).toBe(true);
    expect(again).toBeInstanceOf(LoopRunningError);
    expect((again as Error).message).toBe('runForever(): this event loop is already running');
    loop.close();
  });

  it('a second loop cannot run while one runs', async () => {
    const a = new EventLoop();
    const b = new EventLoop();
    let err: unknown;
    a.callSoon(() => {
      b.runForever().catch((e: unknown) => {
        err = e;
      });
      a.stop();
    });
    await a.runForever();
    expect(err).toBeInstanceOf(LoopRunningError);
    expect((err as Error).message).toMatch(/another event loop/);
    a.close();
    b.close();
  });

  it('runUntilComplete returns the result or throws the exception', async () => {
    const loop = new VirtualTimeLoop();
    await expect(loop.runUntilComplete(async () => 7)).resolves.toBe(7);
    await expect(
      loop.runUntilComplete(async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(loop.runUntilComplete(Promise.resolve('p'))).resolves.toBe('p');
    const f = loop.createFuture<number>();
    loop.callLater(10, () => f.setResult(3));
    await expect(loop.runUntilComplete(f)).resolves.toBe(3);
    await expect(loop.runUntilComplete(5 as never)).rejects.toThrow(
      'runUntilComplete(main): expected a task function, a Future or a Promise-like, got 5',
    );
    await expect(loop.runUntilComplete(new VirtualTimeLoop().createFuture())).rejects.toThrow(
      LoopArgumentError,
    );
  });

  it('runUntilComplete rejects when the loop stops before the Future is done', async () => {
    const loop = new VirtualTimeLoop();
    const f = loop.createFuture();
    loop.callSoon(() => loop.stop());
    await expect(loop.runUntilComplete(f)).rejects.toThrow(/stopped before the Future completed/);
  });
});

describe('closing', () => {
  it('close() is idempotent, drops callbacks, and nothing can be scheduled afterwards', async () => {
    const loop = new EventLoop();
    const fn = jest.fn();
    loop.callSoon(fn);
    loop.callLater(1, fn);
    loop.close();
    loop.close();
    expect(loop.isClosed()).toBe(true);
    expect(() => loop.callSoon(fn)).toThrow(LoopClosedError);
    expect(() => loop.callSoon(fn)).toThrow('callSoon(): the event loop is closed');
    expect(() => loop.callLater(1, fn)).toThrow('callLater(): the event loop is closed');
    expect(() => loop.callAt(1, fn)).toThrow('callAt(): the event loop is closed');
    expect(() => loop.createTask(async () => {})).toThrow(LoopClosedError);
    await expect(loop.runForever()).rejects.toThrow('runForever(): the event loop is closed');
    await expect(loop.runUntilComplete(async () => {})).rejects.toThrow(LoopClosedError);
    expect(fn).not.toHaveBeenCalled();
  });

  it('a running loop cannot be closed', async () => {
    const loop = new EventLoop();
    let err: unknown;
    loop.callSoon(() => {
      try {
        loop.close();
      } catch (e) {
        err = e;
      }
      loop.stop();
    });
    await loop.runForever();
    expect(err).toBeInstanceOf(LoopRunningError);
    loop.close();
  });
});

describe('exception handling', () => {
  it('an exception in a callback goes to the handler with asyncio keys and the loop goes on', async () => {
    const loop = new VirtualTimeLoop();
    const seen = recordExceptions(loop);
    const err = new Error('bad');
    const after = jest.fn();
    const h = loop.callSoon(function failing() {
      throw err;
    });
    loop.callSoon(after);
    await loop.advance(0);
    expect(after).toHaveBeenCalled();
    expect(seen).toHaveLength(1);
    expect(seen[0]?.exception).toBe(err);
    expect(seen[0]?.handle).toBe(h);
    expect(seen[0]?.message).toMatch(/^Exception in callback <Handle failing\(\)>/);
  });

  it('get/setExceptionHandler; null restores the default, which logs', async () => {
    const loop = new VirtualTimeLoop();
    expect(loop.getExceptionHandler()).toBeNull();
    const h = (): void => {};
    loop.setExceptionHandler(h);
    expect(loop.getExceptionHandler()).toBe(h);
    loop.setExceptionHandler(null);
    expect(() => loop.setExceptionHandler(1 as never)).toThrow(LoopArgumentError);
    const log = captureLog();
    try {
      loop.callSoon(() => {
        throw new Error('logged');
      });
      await loop.advance(0);
    } finally {
      log.restore();
    }
    expect(log.errors).toHaveLength(1);
    expect(log.errors[0]).toMatch(/Exception in callback/);
    expect(log.errors[0]).toMatch(/Error: logged/);
    expect(log.errors[0]).toMatch(/handle: <Handle/);
  });

  it('an error thrown by the handler itself is logged, not propagated', () => {
    const loop = new EventLoop();
    loop.setExceptionHandler(() => {
      throw new Error('handler broke');
    });
    const log = captureLog();
    try {
      loop.callExceptionHandler({ message: 'original', exception: new RangeError('first') });
    } finally {
      log.restore();
    }
    expect(log.errors[0]).toMatch(/Unhandled error in exception handler/);
    expect(log.errors[0]).toMatch(/handler broke/);
    // The context the handler failed on is part of the report.
    expect(log.errors[0]).toMatch(/^context: original \(RangeError: first\)$/m);
  });
});

describe('debug mode', () => {
  it('getDebug/setDebug, with a type check', () => {
    const loop = new EventLoop();
    expect(loop.getDebug()).toBe(false);
    loop.setDebug(true);
    expect(loop.getDebug()).toBe(true);
    expect(() => loop.setDebug('yes' as never)).toThrow('setDebug(enabled): expected a boolean, got "yes"');
    expect(new EventLoop({ debug: true }).getDebug()).toBe(true);
  });

  it('handles remember where they were created, and the handler context carries it', async () => {
    const loop = new VirtualTimeLoop({ debug: true });
    const seen = recordExceptions(loop);
    const h = loop.callSoon(function boom() {
      throw new Error('x');
    });
    expect(h.toString()).toMatch(/created at .*eventLoop\.test\.ts:\d+/);
    await loop.advance(0);
    expect(String(seen[0]?.sourceTraceback)).toMatch(/eventLoop\.test\.ts/);
  });

  it('logs callbacks slower than slowCallbackDurationMs with their source location', async () => {
    const loop = new VirtualTimeLoop({ debug: true });
    loop.slowCallbackDurationMs = 5;
    const log = captureLog();
    try {
      loop.callSoon(function slow() {
        busyWait(10);
      });
      loop.callSoon(function fast() {});
      await loop.advance(0);
    } finally {
      log.restore();
    }
    expect(log.warnings).toHaveLength(1);
    expect(log.warnings[0]).toMatch(
      /^Executing <Handle slow\(\) created at .*eventLoop\.test\.ts:\d+:\d+\)?> took \d+\.\d+ ms/,
    );
  });

  it('nothing is timed or logged without debug mode', async () => {
    const loop = new VirtualTimeLoop();
    loop.slowCallbackDurationMs = 0;
    const log = captureLog();
    try {
      loop.callSoon(() => busyWait(1));
      await loop.advance(0);
    } finally {
      log.restore();
    }
    expect(log.warnings).toEqual([]);
  });
});

describe('task factory', () => {
  it('setTaskFactory/getTaskFactory route createTask', async () => {
    const loop = new VirtualTimeLoop();
    expect(loop.getTaskFactory()).toBeNull();
    const made: string[] = [];
    loop.setTaskFactory((l, fn, opts) => {
      made.push(opts.name ?? '?');
      loop.setTaskFactory(null);
      const t = l.createTask(fn, opts);
      return t;
    });
    const t = loop.createTask(async () => 1, { name: 'via-factory' });
    await loop.runUntilIdle();
    expect(made).toEqual(['via-factory']);
    expect(t.result()).toBe(1);
    expect(() => loop.setTaskFactory(3 as never)).toThrow(LoopArgumentError);
  });
});
