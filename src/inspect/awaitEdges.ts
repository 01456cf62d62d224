/**
 * The edges of the await graph, read from the Futures themselves: what a Task waits on (its current step's
 * Futures) and who waits on a Future (the Tasks whose `await` registered a live reaction on it, and whoever a
 * marked done callback hands its outcome to: a gather's, shield's or wait's awaiters, a TaskGroup's parent, an
 * Observable subscriber).
 *
 * @internal
 * @packageDocumentation
 */
import { _awaiterOf, _awaitLabel } from '../futures/awaitInfo';
import { type Future, PENDING } from '../futures/future';
import { stateName } from '../futures/futureRepr';
import type { Reaction } from '../futures/reactions';
import { Task } from '../futures/task';

/** @internal Who waits on a Future: a Task, or a description of something that is not one. */
export type AwaiterNode = Task<unknown> | string;

/** @internal The Futures `task`'s current step waits on (none while it runs or before it started). */
export function waitingOn(task: Task<unknown>): Future<unknown>[] {
  const w = task._waiter;
  if (w === null) return [];
  return Array.isArray(w) ? w.filter((f) => f._state === PENDING) : w._state === PENDING ? [w] : [];
}

function reactionsOf(future: Future<unknown>): readonly Reaction[] {
  const r = future._reactions;
  return r === null ? [] : Array.isArray(r) ? r : [r];
}

function collect(future: Future<unknown>, out: Set<AwaiterNode>, seen: Set<Future<unknown>>): void {
  if (seen.has(future)) return;
  seen.add(future);
  for (const reaction of reactionsOf(future)) {
    const task = reaction.task;
    if (task instanceof Task) {
      // Only the await of the task's current step: a reaction of an older step no longer wakes it.
      if (task._step === reaction.step && task._state === PENDING) out.add(task as Task<unknown>);
    } else if (task === null && reaction.derived !== null) {
      // A `then` of plain code: whoever waits on the Future it returned waits on this one.
      collect(reaction.derived, out, seen);
    }
  }
  const callbacks = future._callbacks;
  for (const callback of callbacks === null ? [] : Array.isArray(callbacks) ? callbacks : [callbacks]) {
    const awaiter = _awaiterOf(callback);
    if (awaiter === null) continue;
    if (typeof awaiter === 'string') out.add(awaiter);
    else if (awaiter instanceof Task) {
      if (awaiter._state === PENDING) out.add(awaiter as Task<unknown>);
    } else collect(awaiter, out, seen);
  }
}

/** @internal Who waits on `future` now: Tasks (in registration order) and descriptions of other awaiters. */
export function awaitersOf(future: Future<unknown>): AwaiterNode[] {
  const out = new Set<AwaiterNode>();
  collect(future, out, new Set());
  out.delete(future as Task<unknown>);
  return [...out];
}

/** @internal `Task "fetch"` / what a Future stands for (`sleep(due in 90 ms)`, `signal clicked of …`). */
export function describeAwaited(future: Future<unknown>): string {
  const label = _awaitLabel(future);
  if (label !== undefined) return label;
  if (future instanceof Task) return `Task ${JSON.stringify(future.getName())}`;
  const at = future._source === undefined ? '' : ` created at ${future._source}`;
  return `${future._kind()} ${stateName(future)}${at}`;
}
