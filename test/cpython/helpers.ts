/**
 * Shared helpers of the tests ported from CPython's Lib/test/test_asyncio (not a test file): the equivalents of
 * `unittest.IsolatedAsyncioTestCase` and `test_utils.run_briefly`, on a VirtualTimeLoop.
 */
import {
  allTasks,
  CancelledError,
  currentTask,
  type ExceptionContext,
  type Task,
  type TaskFactory,
  type Timeout,
  VirtualTimeLoop,
} from '../../src';
import { recordExceptions } from '../../src/testing';

export { errorTypes, rejection, thrown } from '../concurrency/helpers';

/** Real milliseconds after which {@link asyncTest} gives up on a test whose main task never finishes. */
export const HANG_GUARD_MS = 30_000;

/** Options of {@link asyncTest}. */
export interface AsyncTestOptions {
  /** The test expects calls of the loop's exception handler (they are returned, not treated as a failure). */
  allowHandlerCalls?: boolean;
}

/** What {@link asyncTest} returns: the body's value and what reached the loop's exception handler. */
export interface AsyncTestResult<T> {
  value: T;
  handled: ExceptionContext[];
}

/** Thrown when {@link asyncTest}'s hang guard fires or the exception handler was called unexpectedly. */
export class PortedTestError extends Error {
  override readonly name = 'PortedTestError';
}

/**
 * CPython's `IsolatedAsyncioTestCase`: run `body` as the main task of a fresh VirtualTimeLoop (time jumps to the
 * next timer when the loop is idle), then cancel the tasks left over and let them end, then close the loop. The
 * loop's exception handler is recorded; a call the test did not allow fails it. A main task still pending after
 * {@link HANG_GUARD_MS} of real time fails the test with a message saying so.
 */
/**
 * The task factory every `asyncTest` loop gets (CPython's `TestEagerTaskTaskGroup` reruns `TestTaskGroup` with
 * `eager_task_factory` set in `setUp`), and the CPython class name its cases are reported under.
 */
export const portedRun: { taskFactory: TaskFactory | null; taskGroupClass: string } = {
  taskFactory: null,
  taskGroupClass: 'TestTaskGroup',
};

export async function asyncTest<T>(
  body: (loop: VirtualTimeLoop) => Promise<T>,
  options: AsyncTestOptions = {},
): Promise<AsyncTestResult<T>> {
  const loop = new VirtualTimeLoop();
  if (portedRun.taskFactory !== null) loop.setTaskFactory(portedRun.taskFactory);
  const handled = recordExceptions(loop);
  let guardFired = false;
  const guard = setTimeout(() => {
    guardFired = true;
    loop.stop();
  }, HANG_GUARD_MS);
  try {
    let value: T;
    try {
      value = await loop.runUntilComplete(() => body(loop));
    } catch (e) {
      if (guardFired) {
        throw new PortedTestError(
          `asyncTest(): killed by the hang guard after ${HANG_GUARD_MS} ms of real time; the main task was ` +
            `still pending at virtual time ${loop.time()} ms`,
        );
      }
      throw e;
    }
    await cancelLeftovers(loop);
    loop.close(); // reports what was never retrieved, before the check below
    if (handled.length > 0 && options.allowHandlerCalls !== true) {
      const messages = handled.map((c) => `${c.message}: ${String(c.exception)}`).join('; ');
      throw new PortedTestError(`asyncTest(): unexpected exception handler call(s): ${messages}`);
    }
    return { value, handled };
  } finally {
    clearTimeout(guard);
    if (!loop.isClosed() && !loop.isRunning()) loop.close();
  }
}

/** Cancel every task still pending on `loop` and run the loop until they ended (as the test runner does). */
async function cancelLeftovers(loop: VirtualTimeLoop): Promise<void> {
  const pending = [...allTasks(loop)].filter((t) => !t.done());
  if (pending.length === 0) return;
  for (const t of pending) t.cancel();
  await loop.runUntilComplete(async () => {
    for (const t of pending) await settled(t);
  });
}

/** Wait until `task` is done, whatever its outcome. */
export async function settled(task: Task<unknown>): Promise<void> {
  try {
    await task;
  } catch {
    // only its end matters here; the test looks at the outcome itself
  }
}

/**
 * CPython's `test_utils.run_briefly(loop)` exactly: run the stopped `loop` until a task that never suspends has
 * finished, so what was ready runs (and what it makes ready in turn, once).
 */
export async function runBriefly(loop: VirtualTimeLoop): Promise<void> {
  await loop.runUntilComplete(async () => {});
}

/** Python's `ZeroDivisionError`, for the cases that do `1 / 0` (JavaScript's division does not throw). */
export class ZeroDivisionError extends Error {
  override readonly name = 'ZeroDivisionError';
}

/** Python's `1 / 0`. */
export function divideByZero(): never {
  throw new ZeroDivisionError('division by zero');
}

/** The error class CPython's tests call `MyExc`. */
export class MyExc extends Error {
  override readonly name = 'MyExc';
}

/** Python's `RuntimeError`, raised by the code of a test (qtasyncio raises its own exported classes). */
export class RuntimeError extends Error {
  override readonly name = 'RuntimeError';
}

/** Python's `ValueError`, raised by the code of a test. */
export class ValueError extends Error {
  override readonly name = 'ValueError';
}

/** Rethrow `e` after counting it in `onCancel` when it is a CancelledError (`except CancelledError: …; raise`). */
export function onCancelled(e: unknown, onCancel: () => void): never {
  if (e instanceof CancelledError) onCancel();
  throw e;
}

/** The current task (each test body runs in one). */
export const current = (): Task<unknown> => currentTask() as Task<unknown>;

/** Keep the scope object for checks after the block (CPython keeps `cm` after `async with … as cm`). */
export function keep(box: { cm: Timeout | null }): (cm: Timeout) => void {
  return (cm) => {
    box.cm = cm;
  };
}
