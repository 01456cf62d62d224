/**
 * Promises/A+ for Futures without a native Promise per Future: `then` reactions are queued on the Future and,
 * once it is done, run from one shared microtask queue (one native microtask per flush, not per reaction), and
 * the Future that `then` returns is resolved with the A+ resolution procedure.
 *
 * A native Promise costs ~0.3 µs to create once AsyncLocalStorage is active (Node's promise hooks); a Task
 * awaiting a Future would otherwise pay for three of them.
 *
 * @internal
 * @packageDocumentation
 */
import { outsideTasks } from './context';
import { CancelledError } from './errors';
import { CANCELLED, FULFILLED, type Future, PENDING, REJECTED } from './future';

type Handler = ((value: unknown) => unknown) | null | undefined;

/** Flat queue of reactions ready to run: [state, value, onFulfilled, onRejected, derived] per reaction. */
const queue: unknown[] = [];
let scheduled = false;
const RESOLVED = Promise.resolve();

function drain(): void {
  // Reactions queued while draining (chained thens of settled Futures) run in this same flush.
  let i = 0;
  try {
    for (; i < queue.length; i += 5) {
      runReaction(
        queue[i] as number,
        queue[i + 1],
        queue[i + 2] as Handler,
        queue[i + 3] as Handler,
        queue[i + 4] as Future<unknown>,
      );
    }
  } finally {
    // Normally everything ran. If something escaped (a bug: handlers' errors are caught), keep what is left.
    queue.splice(0, Math.min(queue.length, i + 5));
    scheduled = false;
    if (queue.length > 0) schedule();
  }
}

function schedule(): void {
  scheduled = true;
  RESOLVED.then(flush);
}

function flush(): void {
  // Run outside any task: a reaction belongs to whoever registered it, not to whoever settled the Future.
  outsideTasks(drain);
}

/** @internal Queue one reaction to run on the next flush. */
export function enqueueReaction(
  state: number,
  value: unknown,
  onFulfilled: Handler,
  onRejected: Handler,
  derived: Future<unknown>,
): void {
  queue.push(state, value, onFulfilled, onRejected, derived);
  if (!scheduled) schedule();
}

function settle(derived: Future<unknown>, state: number, value: unknown): void {
  if (derived._state !== PENDING) return;
  if (state === CANCELLED && value instanceof CancelledError) {
    derived._finish(CANCELLED, undefined, value.message, value);
  } else derived._finish(state === FULFILLED ? FULFILLED : REJECTED, value);
}

function runReaction(
  state: number,
  value: unknown,
  onF: Handler,
  onR: Handler,
  derived: Future<unknown>,
): void {
  const handler = state === FULFILLED ? onF : onR;
  if (typeof handler !== 'function') {
    settle(derived, state, value);
    return;
  }
  let x: unknown;
  try {
    x = handler(value);
  } catch (e) {
    settle(derived, REJECTED, e);
    return;
  }
  resolveWith(derived, x);
}

/** @internal The Promises/A+ resolution procedure: settle `derived` with `x`, adopting thenables. */
export function resolveWith(derived: Future<unknown>, x: unknown): void {
  if (x === derived) {
    settle(derived, REJECTED, new TypeError('then(): a handler returned the Future that then() returned'));
    return;
  }
  if ((typeof x === 'object' && x !== null) || typeof x === 'function') {
    let then: unknown;
    try {
      then = (x as { then?: unknown }).then;
    } catch (e) {
      settle(derived, REJECTED, e);
      return;
    }
    if (typeof then === 'function') {
      let called = false;
      try {
        then.call(
          x,
          (y: unknown) => {
            if (called) return;
            called = true;
            resolveWith(derived, y);
          },
          (r: unknown) => {
            if (called) return;
            called = true;
            settle(derived, REJECTED, r);
          },
        );
      } catch (e) {
        if (!called) {
          called = true;
          settle(derived, REJECTED, e);
        }
      }
      return;
    }
  }
  settle(derived, FULFILLED, x);
}
