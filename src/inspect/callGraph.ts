/**
 * `captureCallGraph` (asyncio 3.14's `capture_call_graph`): the await chain of a Task or a suspended Future, and
 * the chain of who awaits it.
 *
 * JavaScript keeps no suspended frames to walk, so a Task's call stack is the stack recorded at its current
 * `await` while introspection is on ({@link setIntrospection}); for the task that is running now it is the live
 * stack (V8's `at async` frames included). Who awaits what is always known: it is read from the Futures.
 *
 * @packageDocumentation
 */
import { NoRunningLoopError } from '../core/errors';
import { _getRunningLoop } from '../core/events';
import { describeValue } from '../core/render';
import { checkInteger, checkOptionKeys } from '../core/validate';
import { _currentTask } from '../futures/currentTask';
import { Future } from '../futures/future';
import { Task } from '../futures/task';
import { awaitersOf, describeAwaited, waitingOn } from './awaitEdges';
import { InspectArgumentError } from './errors';
import { _awaitSite } from './introspection';
import { type CallGraphFrame, captureStack, stackFrames } from './stackFrames';

/**
 * The call graph of one Task or Future (asyncio's `FutureCallGraph`), from {@link captureCallGraph}.
 *
 * @example
 * ```ts
 * import { captureCallGraph, type Task } from 'qtasyncio';
 * declare const task: Task<void>;
 * const graph = captureCallGraph(task);
 * for (const parent of graph?.awaitedBy ?? []) console.log(parent.future.toString());
 * ```
 */
export interface FutureCallGraph {
  /** The Task or Future. */
  readonly future: Future<unknown>;
  /** Where it is suspended, innermost frame first (empty for a plain Future, or when nothing was recorded). */
  readonly callStack: readonly CallGraphFrame[];
  /** What a Task waits on now (`sleep(due in 90 ms)`, `signal clicked of QPushButton#save`, `Task "load"`). */
  readonly awaiting: readonly string[];
  /** The graphs of the Tasks that await it. */
  readonly awaitedBy: readonly FutureCallGraph[];
  /** Awaiters that are not Tasks (`an Observable subscriber (fromTask)`). */
  readonly otherAwaiters: readonly string[];
  /** It already appears further down this chain of awaiters: an await cycle (its awaiters are not repeated). */
  readonly cycle: boolean;
}

/** Options of {@link captureCallGraph}, {@link formatCallGraph} and {@link printCallGraph}. */
export interface CallGraphOptions {
  /**
   * For the running task: how many frames to skip from the top of the stack (default 1: start at the caller of
   * the function called).
   */
  depth?: number;
  /**
   * Keep at most `|limit|` frames of each call stack: a positive limit keeps those closest to where it waits, a
   * negative one the outermost, 0 none (only "awaited by"); `null`/omitted keeps all.
   */
  limit?: number | null;
}

const OPTION_KEYS = ['depth', 'limit'];

function truncate(frames: CallGraphFrame[], limit: number | null | undefined): CallGraphFrame[] {
  if (limit === undefined || limit === null) return frames;
  if (limit >= 0) return frames.slice(0, limit);
  return frames.slice(limit);
}

function recordedStack(task: Task<unknown>): CallGraphFrame[] {
  for (const f of waitingOn(task)) {
    const site = _awaitSite(task, f);
    if (site !== undefined) return stackFrames(site);
  }
  return [];
}

function build(
  future: Future<unknown>,
  stack: CallGraphFrame[],
  limit: number | null | undefined,
  path: Set<Future<unknown>>,
): FutureCallGraph {
  const awaiting = future instanceof Task ? waitingOn(future as Task<unknown>).map(describeAwaited) : [];
  if (path.has(future)) {
    return { future, callStack: [], awaiting, awaitedBy: [], otherAwaiters: [], cycle: true };
  }
  path.add(future);
  const awaitedBy: FutureCallGraph[] = [];
  const otherAwaiters: string[] = [];
  for (const awaiter of awaitersOf(future)) {
    if (typeof awaiter === 'string') otherAwaiters.push(awaiter);
    else awaitedBy.push(build(awaiter, recordedStack(awaiter), limit, path));
  }
  path.delete(future);
  return { future, callStack: truncate(stack, limit), awaiting, awaitedBy, otherAwaiters, cycle: false };
}

/**
 * @internal {@link captureCallGraph} for `fn` (the public function the user called: frames above it are not the
 * user's).
 */
export function _captureCallGraph(
  fn: string,
  above: (...args: never[]) => unknown,
  future: Future<unknown> | null | undefined,
  options: CallGraphOptions,
): FutureCallGraph | null {
  checkOptionKeys(fn, options, OPTION_KEYS, InspectArgumentError);
  if (options.depth != null) checkInteger(fn, 'options.depth', options.depth, 1, InspectArgumentError);
  if (options.limit != null)
    checkInteger(fn, 'options.limit', options.limit, -Infinity, InspectArgumentError);
  if (future !== undefined && future !== null && !(future instanceof Future)) {
    throw new InspectArgumentError(`${fn}(future): expected a Future or Task, got ${describeValue(future)}`);
  }
  const loop = _getRunningLoop();
  let target = future ?? null;
  if (target === null) {
    if (loop === null) {
      throw new NoRunningLoopError(`${fn}(): no event loop is running and no future was given`);
    }
    target = _currentTask(loop);
    if (target === null) return null;
  }
  if (loop === null || target !== _currentTask(loop)) {
    const stack = target instanceof Task ? recordedStack(target as Task<unknown>) : [];
    return build(target, stack, options.limit, new Set());
  }
  // The running task: its live stack, without the first `depth - 1` frames above the caller.
  const live = stackFrames(captureStack(above)).slice((options.depth ?? 1) - 1);
  return build(target, live, options.limit, new Set());
}

/**
 * The call graph of `future` (a Task or a suspended Future), or of the running task when `future` is omitted
 * (then `null` outside any task). Its `callStack` is where it waits (recorded while {@link setIntrospection} is
 * on; the live stack for the running task), its `awaitedBy` the graphs of the Tasks that await it — through
 * `await`, `gather`, `wait`, `shield`, `waitFor`/`timeout`, `TaskGroup` (its parent), the task operators and
 * `nextSignal`. An await cycle is cut where a task repeats (`cycle: true`). asyncio: `capture_call_graph`.
 *
 * @throws {@link NoRunningLoopError} without `future` when no loop runs; {@link InspectArgumentError} for bad
 *   arguments.
 * @example
 * ```ts
 * import { captureCallGraph, Task } from 'qtasyncio';
 * declare const task: Task<void>;
 * const graph = captureCallGraph(task, { limit: 5 });
 * for (const parent of graph?.awaitedBy ?? []) {
 *   if (parent.future instanceof Task) console.log(parent.future.getName(), graph?.awaiting);
 * }
 * ```
 */
export function captureCallGraph(
  future?: Future<unknown> | null,
  options: CallGraphOptions = {},
): FutureCallGraph | null {
  return _captureCallGraph('captureCallGraph', captureCallGraph, future, options);
}
