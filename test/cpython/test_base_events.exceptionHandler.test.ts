/**
 * CPython's Lib/test/test_asyncio/test_base_events.py, BaseEventLoopTests: the exception-handler and
 * slow-callback cases (the rest is in test_base_events.test.ts). What the loop logs is read with `captureLog`,
 * where CPython patches the module's logger. Each case runs on a VirtualTimeLoop.
 */
import {
  EventLoop,
  type ExceptionContext,
  ensureFuture,
  LoopArgumentError,
  setEventLoop,
  sleep,
  type Task,
  type VirtualTimeLoop,
} from '../../src';
import { captureLog } from '../../src/testing';
import { divideByZero, runBriefly } from './helpers';
import { hangGuard, useTestLoop } from './taskHelpers';

let loop: VirtualTimeLoop;
useTestLoop((l) => {
  loop = l;
});

/** Python's `1/0` in a callback named as CPython's. */
function zeroError(): void {
  divideByZero();
}

/** Python's AttributeError, raised by a broken exception handler. */
class AttributeError extends Error {
  override readonly name = 'AttributeError';
}

describe('test_base_events.BaseEventLoopTests', () => {
  test('test_base_events.BaseEventLoopTests.test_default_exc_handler_callback', async () => {
    const log = captureLog();
    try {
      // callSoon (Handle)
      let fut = loop.createFuture<boolean>();
      loop.callSoon((f: typeof fut) => {
        f.setResult(true);
        zeroError();
      }, fut);
      fut.addDoneCallback(() => loop.stop());
      await hangGuard(loop, loop.runForever(), 'the callback completes the future');
      expect(log.errors.at(-1)).toMatch(/^Exception in callback[\s\S]*ZeroDivisionError/);

      // callLater (TimerHandle)
      fut = loop.createFuture<boolean>();
      loop.callLater(
        10,
        function zeroErrorLater(f: typeof fut) {
          f.setResult(true);
          zeroError();
        },
        fut,
      );
      fut.addDoneCallback(() => loop.stop());
      await hangGuard(loop, loop.runForever(), 'the timer completes the future');
      expect(log.errors.at(-1)).toMatch(
        /^Exception in callback[\s\S]*zeroErrorLater[\s\S]*ZeroDivisionError/,
      );
    } finally {
      log.restore();
    }
  });

  test('test_base_events.BaseEventLoopTests.test_default_exc_handler_coro', async () => {
    const log = captureLog();
    try {
      let fut: Task<void> | null = ensureFuture(async () => {
        await sleep(10);
        zeroError();
      }, loop) as Task<void>;
      fut.addDoneCallback(() => loop.stop());
      await hangGuard(loop, loop.runForever(), 'the task ends');
      fut = null; // nobody retrieves its exception; closing the loop reports it at the latest
      loop.close();
      expect(log.errors.at(-1)).toMatch(/exception was never retrieved[\s\S]*ZeroDivisionError/);
    } finally {
      log.restore();
    }
  });

  test('test_base_events.BaseEventLoopTests.test_set_exc_handler_invalid', () => {
    expect(() => loop.setExceptionHandler('spam' as never)).toThrow(LoopArgumentError);
    expect(() => loop.setExceptionHandler('spam' as never)).toThrow(/a function or null/);
  });

  test('test_base_events.BaseEventLoopTests.test_set_exc_handler_custom', async () => {
    const runLoop = async () => {
      const handle = loop.callSoon(zeroError);
      await runBriefly(loop);
      return handle;
    };
    loop.setDebug(true);
    expect(loop.getExceptionHandler()).toBeNull();
    const calls: [EventLoop, ExceptionContext][] = [];
    const handler = (l: EventLoop, context: ExceptionContext): void => {
      calls.push([l, context]);
    };
    loop.setExceptionHandler(handler);
    expect(loop.getExceptionHandler()).toBe(handler);
    const handle = await runLoop();
    expect(calls).toHaveLength(1);
    const [l, context] = calls[0] as [EventLoop, ExceptionContext];
    expect(l).toBe(loop);
    expect(context.message).toMatch(/^Exception in callback.*zeroError/);
    expect(context.exception).toBeInstanceOf(Error);
    expect(context.handle).toBe(handle);
    expect(context.sourceTraceback).toMatch(/test_base_events\.exceptionHandler\.test\.ts:\d+/);

    loop.setExceptionHandler(null);
    const log = captureLog();
    try {
      await runLoop();
      expect(log.errors.at(-1)).toMatch(/^Exception in callback[\s\S]*zeroError[\s\S]*ZeroDivisionError/);
    } finally {
      log.restore();
    }
    expect(calls).toHaveLength(1);
  });

  test('test_base_events.BaseEventLoopTests.test_set_exc_handler_broken', async () => {
    loop.setExceptionHandler(() => {
      throw new AttributeError('spam');
    });
    const log = captureLog();
    try {
      loop.callSoon(zeroError);
      await runBriefly(loop);
      expect(log.errors.at(-1)).toMatch(/^Unhandled error in exception handler[\s\S]*AttributeError: spam/);
    } finally {
      log.restore();
    }
  });

  test('test_base_events.BaseEventLoopTests.test_default_exc_handler_broken', async () => {
    let seen: ExceptionContext | null = null;
    class Loop extends EventLoop {
      override defaultExceptionHandler(context: ExceptionContext): void {
        seen = context;
        // a custom, buggy default exception handler
        throw new Error('spam');
      }
    }
    const l = new Loop();
    const runLoop = () =>
      l.runUntilComplete(async () => {
        l.callSoon(zeroError);
        await sleep(0);
      });
    const log = captureLog();
    try {
      await runLoop();
      expect(log.errors.at(-1)).toMatch(/^Exception in default exception handler[\s\S]*Error: spam/);

      l.setExceptionHandler(() => {
        throw new Error('ham');
      });
      seen = null;
      await runLoop();
      expect(log.errors.at(-1)).toMatch(
        /^Exception in default exception handler.*while handling.*in custom[\s\S]*Error: spam/,
      );
      // the original context was passed to the default exception handler
      const ctx = seen as ExceptionContext | null;
      const original = ctx?.context as ExceptionContext | undefined;
      expect(original?.exception).toBeInstanceOf(Error);
      expect(original?.exception).toMatchObject({ name: 'ZeroDivisionError' });
    } finally {
      log.restore();
      l.close();
    }
  });

  test('test_base_events.BaseEventLoopTests.test_log_slow_callbacks', async () => {
    setEventLoop(loop);
    loop.setDebug(true);
    loop.slowCallbackDurationMs = 0;
    const log = captureLog();
    try {
      // slow callback
      loop.callSoon(function stopLoopCb(l: EventLoop) {
        l.stop();
      }, loop);
      await hangGuard(loop, loop.runForever(), 'the callback stops the loop');
      expect(log.warnings.at(-1)).toMatch(/^Executing <Handle.*stopLoopCb.*> took .* ms/);
      // slow task
      ensureFuture(async function stopLoopCoro() {
        loop.stop();
      }, loop);
      await hangGuard(loop, loop.runForever(), 'the task stops the loop');
      // asyncio's Task repr names the coroutine (`coro=<stop_loop_coro() …>`); qtasyncio's names the task and,
      // in debug mode, where it was created
      expect(log.warnings.at(-1)).toMatch(
        /^Executing <Task.*created at .*test_base_events\.exceptionHandler\.test\.ts:\d+.*> took .* ms/,
      );
    } finally {
      log.restore();
      setEventLoop(null);
    }
  });
});
