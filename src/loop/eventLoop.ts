/**
 * The event loop (asyncio's `BaseEventLoop`, the public half): Futures and Tasks, `runUntilComplete`, the
 * exception handler, the task factory (RxJS scheduling on the loop is `loopScheduler()` in `qtasyncio/rx`). The scheduling core (queue, timers, running, closing, debug mode) is `BaseEventLoop`.
 *
 * @packageDocumentation
 */

import { InvalidStateError, LoopArgumentError, LoopClosedError, LoopRunningError } from '../core/errors';
import { describeValue } from '../core/render';
import { _setLoopFactory } from '../core/runningLoop';
import { checkFunction } from '../core/validate';
import { ensureFuture } from '../futures/ensureFuture';
import { Future } from '../futures/future';
import { _newTask, type Task, type TaskFunction } from '../futures/task';
import { TaskList } from '../futures/taskList';
import type { TaskOptions } from '../futures/taskOptions';
// Registers the hook `npx qtasyncio ps|where|cancel PID` calls in this process (through Node's inspector).
import '../inspect/processHook';
import { BaseEventLoop } from './baseEventLoop';
import {
  type ExceptionContext,
  type ExceptionHandler,
  formatExceptionContext,
  loopLogger,
} from './exceptionHandler';
import { type LoopExecutorMethods, loopExecutorMethods } from './executorMethods';
import { type LoopIoMethods, loopIoMethods } from './ioMethods';

export type { EventLoopOptions } from './baseEventLoop';

/** `createTask(fn)` without options. */
const NO_OPTIONS: TaskOptions = Object.freeze({});

/** Makes the Tasks of `createTask` (see {@link EventLoop.setTaskFactory}). */
export type TaskFactory = <T>(loop: EventLoop, fn: TaskFunction<T>, options: TaskOptions) => Task<T>;

/**
 * An asyncio-style event loop. Most programs use {@link run} or `getEventLoop()` rather than constructing one.
 *
 * @example
 * ```ts
 * import { EventLoop } from 'qtasyncio';
 * const loop = new EventLoop();
 * loop.callSoon(() => console.log('first'));
 * loop.callLater(10, () => loop.stop());
 * await loop.runForever();
 * loop.close();
 * ```
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the merged interface adds the io/executor methods installed at the end of this module
export class EventLoop extends BaseEventLoop {
  /** @internal pending tasks of this loop */ readonly _tasks = new TaskList<Task<unknown>>();
  #exceptionHandler: ExceptionHandler | null = null;
  #taskFactory: TaskFactory | null = null;

  /**
   * Run until `main` completes and return its result (or throw its exception). `main` is a task function
   * (`(signal) => …`), a Future or any Promise-like.
   *
   * @example
   * ```ts
   * import { sleep } from 'qtasyncio';
   * const n = await loop.runUntilComplete(async () => { await sleep(10); return 42; });
   * ```
   */
  async runUntilComplete<T>(main: TaskFunction<T> | PromiseLike<T>): Promise<T> {
    if (this.isClosed()) throw new LoopClosedError('runUntilComplete(): the event loop is closed');
    if (this._running) throw new LoopRunningError('runUntilComplete(): this event loop is already running');
    if (!isAwaitable(main)) {
      throw new LoopArgumentError(
        `runUntilComplete(main): expected a task function, a Future or a Promise-like, got ${describeValue(main)}`,
      );
    }
    if (main instanceof Future && main.getLoop() !== this) {
      throw new LoopArgumentError('runUntilComplete(main): the Future belongs to another event loop');
    }
    const future = ensureFuture(main, this);
    const onDone = (): void => this.stop();
    future.addDoneCallback(onDone);
    try {
      await this.runForever();
    } finally {
      future.removeDoneCallback(onDone);
    }
    if (!future.done()) {
      throw new InvalidStateError('runUntilComplete(): the event loop stopped before the Future completed');
    }
    return future.result();
  }

  /**
   * Create a Future bound to this loop.
   *
   * @example
   * ```ts
   * const f = loop.createFuture<string>();
   * loop.callLater(10, () => f.setResult('done'));
   * await f;
   * ```
   */
  createFuture<T>(): Future<T> {
    return new Future<T>(this);
  }

  /**
   * Create a Task running `fn(signal)` from the next iteration on, inside the task's context.
   *
   * @example
   * ```ts
   * declare const url: string;
   * const t = loop.createTask(async (signal) => fetch(url, { signal }), { name: 'download' });
   * ```
   */
  createTask<T>(fn: TaskFunction<T>, options: TaskOptions = NO_OPTIONS): Task<T> {
    if (this.isClosed()) throw new LoopClosedError('createTask(): the event loop is closed');
    checkFunction('createTask', 'fn', fn);
    if (this.#taskFactory !== null) {
      return this.#taskFactory(this, fn, options === NO_OPTIONS ? {} : options);
    }
    return _newTask<T>(fn, options, this);
  }

  /**
   * Use `factory(loop, fn, options)` to make the Tasks of {@link EventLoop.createTask} (`null`: the default).
   *
   * @example
   * ```ts
   * import { Task } from 'qtasyncio';
   * loop.setTaskFactory((loop, fn, opts) => new Task(fn, { ...opts, loop }));
   * ```
   */
  setTaskFactory(factory: TaskFactory | null): void {
    if (factory !== null && typeof factory !== 'function') {
      throw new LoopArgumentError(
        `setTaskFactory(factory): expected a function or null, got ${describeValue(factory)}`,
      );
    }
    this.#taskFactory = factory;
  }

  /**
   * The task factory, or `null` for the default.
   *
   * @example
   * ```ts
   * loop.getTaskFactory(); // null
   * ```
   */
  getTaskFactory(): TaskFactory | null {
    return this.#taskFactory;
  }

  /**
   * Set the handler called with `(loop, context)` for exceptions nobody else handles (`null`: the default).
   *
   * @example
   * ```ts
   * loop.setExceptionHandler((loop, ctx) => console.error(ctx.message, ctx.exception));
   * ```
   */
  setExceptionHandler(handler: ExceptionHandler | null): void {
    if (handler !== null && typeof handler !== 'function') {
      throw new LoopArgumentError(
        `setExceptionHandler(handler): expected a function or null, got ${describeValue(handler)}`,
      );
    }
    this.#exceptionHandler = handler;
  }

  /**
   * The custom exception handler, or `null`.
   *
   * @example
   * ```ts
   * loop.getExceptionHandler(); // null
   * ```
   */
  getExceptionHandler(): ExceptionHandler | null {
    return this.#exceptionHandler;
  }

  /**
   * The default handling: log the context (message, keys, exception stack) through `loopLogger`.
   *
   * @example
   * ```ts
   * declare const quiet: boolean;
   * loop.setExceptionHandler((loop, ctx) => { if (!quiet) loop.defaultExceptionHandler(ctx); });
   * ```
   */
  defaultExceptionHandler(context: ExceptionContext): void {
    loopLogger.error(formatExceptionContext(context));
  }

  /**
   * Report an exception to the handler (custom or default). Errors of the handler itself are logged.
   *
   * @example
   * ```ts
   * declare const err: unknown;
   * loop.callExceptionHandler({ message: 'lost connection', exception: err });
   * ```
   */
  callExceptionHandler(context: ExceptionContext): void {
    const ctx = this.getDebug() ? withSource(context) : context;
    const handler = this.#exceptionHandler;
    if (handler === null) {
      try {
        this.defaultExceptionHandler(ctx);
      } catch (exception) {
        // asyncio logs it directly: the default handler (perhaps overridden) is what failed.
        logFailure('Exception in default exception handler', exception);
      }
      return;
    }
    try {
      handler(this, ctx);
    } catch (exception) {
      try {
        this.defaultExceptionHandler({
          message: 'Unhandled error in exception handler',
          exception,
          context: ctx,
        });
      } catch (again) {
        logFailure(
          'Exception in default exception handler while handling an unexpected error in custom exception handler',
          again,
        );
      }
    }
  }

  get [Symbol.toStringTag](): string {
    return 'EventLoop';
  }
}

/** Log what a failing exception handler threw, bypassing the handlers; stderr if the logger fails too. */
function logFailure(message: string, exception: unknown): void {
  try {
    loopLogger.error(formatExceptionContext({ message, exception }));
  } catch (again) {
    process.stderr.write(`qtasyncio: the exception handler and the logger failed: ${String(again)}\n`);
  }
}

function isAwaitable(x: unknown): boolean {
  if (typeof x === 'function') return true;
  return typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function';
}

function withSource(context: ExceptionContext): ExceptionContext {
  if (context.sourceTraceback !== undefined) return context;
  const source = context.handle?._source ?? context.future?._source ?? context.task?._source;
  return source === undefined ? context : { ...context, sourceTraceback: source };
}

// The io and executor methods are part of every loop (their implementations load on first use).
export interface EventLoop extends LoopIoMethods, LoopExecutorMethods {}
for (const methods of [loopIoMethods, loopExecutorMethods]) {
  for (const [name, value] of Object.entries(methods)) {
    Object.defineProperty(EventLoop.prototype, name, { value, writable: true, configurable: true });
  }
}

// getEventLoop()/newEventLoop() (src/core) make loops of this class.
_setLoopFactory(() => new EventLoop());
