/**
 * CPython's Lib/test/test_asyncio/test_runners.py, RunnerTests: `asyncio.Runner` is `Runner`. `with
 * asyncio.Runner() as runner:` is `await using runner = new Runner()`; every case checks, as CPython's
 * BaseTest.tearDown does, that the Runner's loop ended closed. The interrupt cases (CPython's
 * `_thread.interrupt_main()`) send a real SIGINT, so they run as a child program
 * (test/fixtures/cpython/runners-interrupt.js, on the built package) that prints what it saw.
 */
import { join } from 'node:path';
import {
  EventLoop,
  getEventLoop,
  LoopArgumentError,
  LoopClosedError,
  LoopRunningError,
  NoCurrentLoopError,
  Runner,
  setEventLoop,
  sleep,
  VirtualTimeLoop,
} from '../../src';
import { assertBuilt } from '../helpers/built';
import { runNode } from '../qt/run-fixture';

/** Run one case of the interrupt fixture: its exit code and its RESULT line. */
async function runInterruptCase(
  name: string,
): Promise<{ code: number | null; seen: Record<string, unknown> }> {
  const r = await runNode('test/fixtures/cpython/runners-interrupt.js', { args: [name] });
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (line === undefined) {
    throw new Error(`${name}: exited with ${r.code} (${r.signal}), stdout: ${r.stdout} stderr: ${r.stderr}`);
  }
  expect(r.stderr).toBe('');
  return { code: r.code, seen: JSON.parse(line.slice('RESULT '.length)) as Record<string, unknown> };
}

beforeAll(() => assertBuilt(join('dist', 'index.js')));
beforeEach(() => setEventLoop(null)); // BaseTest.setUp: asyncio.set_event_loop(None)
afterEach(() => setEventLoop(null));

describe('test_runners.RunnerTests', () => {
  test('test_runners.RunnerTests.test_non_debug', async () => {
    let loop: EventLoop;
    {
      await using runner = new Runner({ debug: false });
      loop = runner.getLoop();
      expect(loop.getDebug()).toBe(false);
    }
    expect(loop.isClosed()).toBe(true);
  });

  test('test_runners.RunnerTests.test_debug', async () => {
    let loop: EventLoop;
    {
      await using runner = new Runner({ debug: true });
      loop = runner.getLoop();
      expect(loop.getDebug()).toBe(true);
    }
    expect(loop.isClosed()).toBe(true);
  });

  test('test_runners.RunnerTests.test_custom_factory', async () => {
    const loop = new VirtualTimeLoop(); // asyncio passes a Mock; any loop of the factory's will do
    {
      await using runner = new Runner({ loopFactory: () => loop });
      expect(runner.getLoop()).toBe(loop);
    }
    expect(loop.isClosed()).toBe(true);
  });

  test('test_runners.RunnerTests.test_run', async () => {
    const f = async (): Promise<string> => {
      await sleep(0);
      return 'done';
    };
    let loop: EventLoop;
    const runner = new Runner();
    {
      await using _ = runner;
      expect(await runner.run(f)).toBe('done');
      loop = runner.getLoop();
    }
    expect(() => runner.getLoop()).toThrow(LoopClosedError);
    expect(() => runner.getLoop()).toThrow(/Runner is closed/);
    expect(loop.isClosed()).toBe(true);
  });

  test('test_runners.RunnerTests.test_run_non_coro', async () => {
    // asyncio: TypeError 'an awaitable is required'; LoopArgumentError is a TypeError.
    let loop: EventLoop;
    {
      await using runner = new Runner();
      loop = runner.getLoop();
      await expect(runner.run(123 as never)).rejects.toThrow(LoopArgumentError);
      await expect(runner.run(123 as never)).rejects.toThrow(TypeError);
    }
    expect(loop.isClosed()).toBe(true);
  });

  test('test_runners.RunnerTests.test_run_future', async () => {
    let loop: EventLoop;
    {
      await using runner = new Runner();
      loop = runner.getLoop();
      const fut = runner.getLoop().createFuture<string>();
      fut.setResult('done');
      expect(await runner.run(fut)).toBe('done');
    }
    expect(loop.isClosed()).toBe(true);
  });

  test('test_runners.RunnerTests.test_run_awaitable', async () => {
    // Python's __await__ is JavaScript's `then`: an object of a class of its own that is awaitable.
    class MyAwaitable implements PromiseLike<string> {
      // biome-ignore lint/suspicious/noThenProperty: this class is a thenable on purpose
      then<A = string, B = never>(
        onFulfilled?: ((value: string) => A | PromiseLike<A>) | null,
        onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
      ): PromiseLike<A | B> {
        return MyAwaitable.run().then(onFulfilled, onRejected);
      }
      static async run(): Promise<string> {
        return 'done';
      }
    }
    let loop: EventLoop;
    {
      await using runner = new Runner();
      loop = runner.getLoop();
      expect(await runner.run(new MyAwaitable())).toBe('done');
    }
    expect(loop.isClosed()).toBe(true);
  });

  test('test_runners.RunnerTests.test_explicit_close', async () => {
    const runner = new Runner();
    const loop = runner.getLoop();
    await runner.close();
    expect(() => runner.getLoop()).toThrow(LoopClosedError);
    expect(() => runner.getLoop()).toThrow(/Runner is closed/);
    expect(loop.isClosed()).toBe(true);
  });

  test('test_runners.RunnerTests.test_double_close', async () => {
    const runner = new Runner();
    const loop = runner.getLoop();
    await runner.close();
    expect(loop.isClosed()).toBe(true);
    // the second call is a no-op
    await runner.close();
    expect(loop.isClosed()).toBe(true);
  });

  test('test_runners.RunnerTests.test_second_with_block_raises', async () => {
    const ret: number[] = [];
    const f = async (arg: number): Promise<void> => {
      ret.push(arg);
    };
    const runner = new Runner();
    {
      await using _ = runner;
      await runner.run(() => f(1));
    }
    // asyncio raises on entering the second `with` block; `await using` has no entry step, so run() raises.
    const second = async (): Promise<void> => {
      await using _ = runner;
      await runner.run(() => f(2));
    };
    await expect(second()).rejects.toThrow(LoopClosedError);
    await expect(second()).rejects.toThrow(/Runner is closed/);
    expect(ret).toEqual([1]);
  });

  test('test_runners.RunnerTests.test_recursive_run', async () => {
    let gStarted = false; // asyncio warns "coroutine g was never awaited": here g is never called
    const g = async (): Promise<void> => {
      gStarted = true;
    };
    let loop: EventLoop;
    {
      await using runner = new Runner();
      loop = runner.getLoop();
      const f = async (): Promise<void> => {
        await runner.run(g);
      };
      await expect(runner.run(f)).rejects.toThrow(LoopRunningError);
      await expect(runner.run(f)).rejects.toThrow(
        /Runner\.run\(\): cannot be called while an event loop is running/,
      );
    }
    expect(gStarted).toBe(false);
    expect(loop.isClosed()).toBe(true);
  });

  test('test_runners.RunnerTests.test_interrupt_call_soon', async () => {
    const { code, seen } = await runInterruptCase('test_interrupt_call_soon');
    expect(seen).toEqual({
      result: 'KeyboardInterrupt',
      sawCancelled: true,
      loopClosed: true,
      sigintListeners: 0,
    });
    expect(code).toBe(130);
  });

  test('test_runners.RunnerTests.test_interrupt_wait', async () => {
    const { code, seen } = await runInterruptCase('test_interrupt_wait');
    expect(seen).toEqual({
      result: 'KeyboardInterrupt',
      sawCancelled: true,
      futCancelled: true,
      loopClosed: true,
      sigintListeners: 0,
    });
    expect(code).toBe(130);
  });

  test('test_runners.RunnerTests.test_interrupt_cancelled_task', async () => {
    // The main task was cancelled before the SIGINT came: CancelledError, not KeyboardInterrupt (exit code 0).
    const { code, seen } = await runInterruptCase('test_interrupt_cancelled_task');
    expect(seen).toEqual({ result: 'CancelledError', loopClosed: true, sigintListeners: 0 });
    expect(code).toBe(0);
  });

  test('test_runners.RunnerTests.test_signal_install_not_supported_ok', async () => {
    const { code, seen } = await runInterruptCase('test_signal_install_not_supported_ok');
    // In the worker thread: run() returned and left no SIGINT listener; the main thread's Runner closed its loop.
    expect(seen).toEqual({ result: 'returned', loopClosed: true, sigintListeners: 0 });
    expect(code).toBe(0);
  });

  test('test_runners.RunnerTests.test_set_event_loop_called_once', async () => {
    // asyncio calls set_event_loop() once, when the Runner makes its loop, however many run() calls follow: the
    // first run() makes the Runner's loop current, and a loop set in between stays current through the second.
    const coro = async (): Promise<void> => {};
    const runner = new Runner();
    await runner.run(coro);
    const loop = runner.getLoop();
    expect(getEventLoop()).toBe(loop);
    const other = new EventLoop();
    setEventLoop(other);
    await runner.run(coro);
    expect(getEventLoop()).toBe(other);
    await runner.close();
    expect(loop.isClosed()).toBe(true);
    expect(() => getEventLoop()).toThrow(NoCurrentLoopError); // close() clears it, as asyncio's does
    other.close();
  });

  test('test_runners.RunnerTests.test_no_repr_is_call_on_the_task_result', async () => {
    // asyncio must not call repr() on main's result; JavaScript's ways to render a value are counted instead.
    class MyResult {
      reprCount = 0;
      toString(): string {
        this.reprCount++;
        return 'MyResult';
      }
      toJSON(): string {
        return this.toString();
      }
      [Symbol.for('nodejs.util.inspect.custom')](): string {
        return this.toString();
      }
    }
    const coro = async (): Promise<MyResult> => new MyResult();
    let result: MyResult;
    {
      await using runner = new Runner();
      result = await runner.run(coro);
    }
    expect(result.reprCount).toBe(0);
  });
});
