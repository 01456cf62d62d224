/**
 * What call graphs (`captureCallGraph`, `qtasyncio ps`) know about a Future beyond its `then` reactions: which
 * done callbacks hand its outcome on to someone who waits for it (a combinator's outer Future, a TaskGroup's
 * parent task, an Observable subscriber), what a Future stands for ("signal clicked of QPushButton#save"), and the
 * hook a Task calls when it is made. Marking costs one property write where a combinator registers its callback;
 * only introspection reads the marks.
 *
 * @internal
 * @packageDocumentation
 */
import type { Future } from './future';

/**
 * @internal Who waits through a marked done callback: a Future (a Task, or a combinator's outer Future whose own awaiters
 * count), or a description of an awaiter that is not a Future (an Observable subscriber).
 */
export type Awaiter = Future<unknown> | string;

const AWAITER = Symbol('qtasyncio.awaiter');

type Marked = { [AWAITER]?: Awaiter | (() => Awaiter | null) };

/**
 * @internal Mark `callback` (a done callback about to be added to a Future) as the way `awaiter` waits for that
 * Future; `awaiter` may be a function that names it when asked. Returns `callback`.
 */
export function _markAwaiter<F extends object>(callback: F, awaiter: Awaiter | (() => Awaiter | null)): F {
  (callback as Marked)[AWAITER] = awaiter;
  return callback;
}

/** @internal Who waits through `callback`, if it was marked with {@link _markAwaiter}. */
export function _awaiterOf(callback: unknown): Awaiter | null {
  if (typeof callback !== 'function') return null;
  const mark = (callback as Marked)[AWAITER];
  if (mark === undefined) return null;
  return typeof mark === 'function' ? mark() : mark;
}

const labels = new WeakMap<object, string | (() => string)>();

/**
 * @internal Say what `future` stands for in call graphs ("signal clicked of QPushButton#save"); a function is
 * called only when a graph is drawn. Not for hot paths: a Future subclass may define `_describeAwait()` instead.
 */
export function _labelAwait(future: Future<unknown>, label: string | (() => string)): void {
  labels.set(future, label);
}

/** @internal What `future` stands for: its label, its class's `_describeAwait()`, or `undefined`. */
export function _awaitLabel(future: Future<unknown>): string | undefined {
  const label = labels.get(future);
  if (label !== undefined) return typeof label === 'function' ? label() : label;
  const describe = (future as { _describeAwait?: () => string })._describeAwait;
  return typeof describe === 'function' ? describe.call(future) : undefined;
}

/**
 * @internal Hooks of the Task life cycle, `null` unless introspection is on (one check per Task otherwise).
 * `created` is called at the end of every Task's constructor.
 */
export const taskHooks: { created: ((task: Future<unknown>) => void) | null } = { created: null };
