/**
 * "Exception was never retrieved": a Future whose exception nobody looked at is reported to its loop's
 * exception handler when it is garbage-collected (FinalizationRegistry), when its loop closes, or at the latest
 * when the process exits (a `process` `'exit'` listener, so every exit path reports: natural end,
 * `process.exit`, an exit through `qtasyncio/qt`, an uncaught error, a signal handled by the program).
 *
 * @packageDocumentation
 */
import type { AbstractEventLoop } from '../core/abstractEventLoop';
import type { Future } from './future';
import { extraOf } from './futureExtra';

/** @internal One Future's unretrieved exception, kept apart from the Future so the Future can be collected. */
export interface Unretrieved {
  readonly loop: AbstractEventLoop;
  readonly exception: unknown;
  readonly message: string;
  readonly description: string;
  readonly source: string | undefined;
  readonly ref: WeakRef<Future<unknown>>;
}

/** Loops with unretrieved exceptions (a loop leaves when its set empties: no loop is kept alive for nothing). */
const byLoop = new Map<AbstractEventLoop, Set<Unretrieved>>();
let exitListener = false;

function forget(info: Unretrieved): void {
  const set = byLoop.get(info.loop);
  if (set === undefined) return;
  set.delete(info);
  if (set.size === 0) byLoop.delete(info.loop);
}

function report(info: Unretrieved): void {
  const future = info.ref.deref();
  info.loop.callExceptionHandler({
    message: info.message,
    exception: info.exception,
    // asyncio's keys: `task` for a Task, `future` for a plain Future.
    ...(future === undefined
      ? { futureDescription: info.description }
      : { [future._kind() === 'Task' ? 'task' : 'future']: future }),
    ...(info.source === undefined ? {} : { sourceTraceback: info.source }),
  });
}

const registry = new FinalizationRegistry<Unretrieved>((info) => {
  forget(info);
  report(info);
});

/**
 * @internal Start watching `future`, which failed with `exception` that nobody retrieved yet (asyncio's
 * `__log_traceback`); the watch is kept in the Future's rarely needed state.
 */
export function trackUnretrieved(future: Future<unknown>, exception: unknown): void {
  const loop = future._loop;
  const info: Unretrieved = {
    loop,
    exception,
    message: `${future._kind()} exception was never retrieved`,
    description: future.toString(),
    source: future._source,
    ref: new WeakRef(future),
  };
  registry.register(future, info, info);
  let set = byLoop.get(loop);
  if (set === undefined) {
    set = new Set();
    byLoop.set(loop, set);
  }
  set.add(info);
  if (!exitListener) {
    exitListener = true;
    process.on('exit', reportAllUnretrieved);
  }
  extraOf(future).unretrieved = info;
}

/** @internal `future`'s exception was retrieved (or it was cancelled or awaited): stop watching, if it was watched. */
export function untrackUnretrieved(future: Future<unknown>): void {
  const x = future._x;
  if (x === null) return;
  const info = x.unretrieved;
  if (info !== null) {
    x.unretrieved = null;
    registry.unregister(info);
    forget(info);
  }
}

/** @internal The loop closes: report every unretrieved exception of its Futures now. */
export function reportUnretrieved(loop: AbstractEventLoop): void {
  const set = byLoop.get(loop);
  if (set === undefined) return;
  byLoop.delete(loop);
  for (const info of set) {
    registry.unregister(info);
    const future = info.ref.deref();
    if (future !== undefined && future._x !== null) future._x.unretrieved = null;
    report(info);
  }
}

/** @internal The process exits: report the unretrieved exceptions of every loop now. */
export function reportAllUnretrieved(): void {
  for (const loop of [...byLoop.keys()]) reportUnretrieved(loop);
}
