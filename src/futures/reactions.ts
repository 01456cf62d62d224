/**
 * Promises/A+ for Futures, dispatched in asyncio's order.
 *
 * A `then` on a pending Future records a {@link Reaction}. When the Future completes, each reaction goes to the
 * back of its loop's ready queue, exactly where asyncio's `call_soon` puts a done callback (a Task's wake-up is
 * one): it runs behind the callbacks already scheduled, and only while the loop runs. The loop treats a reaction
 * as a wake-up: before it runs the next ready callback it lets the woken task run until it suspends again, as an
 * asyncio task step does (the task says so: `stepSuspended`, see ../loop/readyBatch.ts).
 *
 * A `then` on a Future that is already done does not suspend (asyncio's `await` of a done Future returns at
 * once): its reaction runs from one shared microtask queue, one native microtask per flush.
 *
 * A task's own `await` (the engine's resolving functions, inside the task: see {@link awaitReaction}) also tells
 * the task what its current step waits on, so that `task.cancel()` cancels it; its reaction wakes the task.
 *
 * No native Promise is made per Future: with the task context's promise hooks on, each would cost a hook call.
 *
 * @packageDocumentation
 */
import { type AwaitingTask, noteWoken, outsideTasks, stepSuspended } from '../core/context';
import { CancelledError } from '../core/errors';
import type { Future } from './future';
import { CANCELLED, FULFILLED, PENDING, REJECTED } from './futureState';
import { untrackUnretrieved } from './unretrieved';

/** @internal A `then` handler, as the reaction stores it. */
export type Handler = ((value: unknown) => unknown) | null | undefined;

/** What a reaction tells the Task whose `await` registered it (implemented by Task). @internal */
export interface WakeTarget {
  /** The step (wake generation) the task is in: a reaction of an older step no longer wakes it. */
  _step: number;
  /**
   * The await of step `step` is answered: the task leaves that wait (asyncio's `__wakeup`). Returns the
   * CancelledError to throw at that await instead of its outcome when a cancellation is pending (asyncio's
   * `_must_cancel` at the start of a step).
   */
  _wake(step: number): Error | undefined;
}

/**
 * @internal One `then` registration: its handlers, the Future `then` returned, and (for a task's own `await`)
 * the task it wakes. Once the outcome is known it is a ready-queue entry of the loop (see Runnable).
 */
export class Reaction {
  /** @internal the outcome, set when dispatched */ _state = PENDING;
  /** @internal */ _value: unknown = undefined;
  /** @internal a Reaction is never cancelled; the field makes it a Runnable */
  declare readonly _cancelled: false;
  /**
   * @param outside - registered outside any task (plain JavaScript awaiting a Future): when its loop does not run,
   *   it runs from the microtask queue as a Promise's reaction would, instead of waiting for the loop.
   */
  constructor(
    readonly onFulfilled: Handler,
    readonly onRejected: Handler,
    readonly derived: Future<unknown> | null,
    readonly task: WakeTarget | null,
    readonly step: number,
    readonly outside: boolean,
  ) {}

  /** @internal The loop stopped with this reaction still queued: an `outside` one runs now, as a Promise's. */
  _release(): boolean {
    if (!this.outside) return false;
    enqueueReaction(this, this._state, this._value);
    return true;
  }

  /**
   * @internal Run the handler and settle the derived Future (the loop calls it from its ready queue); a wake-up:
   * whatever it resolved continues in microtasks.
   */
  _run(): true {
    const task = this.task;
    if (task !== null && task._step === this.step) {
      noteWoken(task);
      const cancel = task._wake(this.step);
      if (cancel !== undefined) {
        runReaction(CANCELLED, cancel, this.onFulfilled, this.onRejected, this.derived);
        return true;
      }
    }
    runReaction(this._state, this._value, this.onFulfilled, this.onRejected, this.derived);
    return true;
  }

  /** @internal See Runnable: a task's await (its handlers are the engine's resolving functions). */
  get _answersAwait(): boolean {
    return this.task !== null;
  }

  /** For the loop's debug logs: a task's await names the task it wakes (asyncio logs the task's step). */
  toString(): string {
    if (this.derived !== null) return `<Reaction of ${this.derived.toString()}>`;
    return this.task === null ? '<Reaction of an await>' : `<Reaction of an await in ${String(this.task)}>`;
  }
}

Object.defineProperty(Reaction.prototype, '_cancelled', { value: false });

/** Flat queue of reactions of done Futures, ready to run on the next microtask flush. */
const queue: Reaction[] = [];
let scheduled = false;
const RESOLVED = Promise.resolve();

function drain(): void {
  // Reactions queued while draining (chained thens of settled Futures) run in this same flush.
  let i = 0;
  try {
    for (; i < queue.length; i++) (queue[i] as Reaction)._run();
  } finally {
    // Normally everything ran. If something escaped (a bug: handlers' errors are caught), keep what is left.
    queue.splice(0, Math.min(queue.length, i + 1));
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

/** @internal Give `reaction` its outcome. */
function setOutcome(reaction: Reaction, state: number, value: unknown): Reaction {
  reaction._state = state as typeof PENDING;
  reaction._value = value;
  return reaction;
}

/** @internal Run `reaction` with this outcome on the next microtask flush (its Future was already done). */
export function enqueueReaction(reaction: Reaction, state: number, value: unknown): void {
  queue.push(setOutcome(reaction, state, value));
  if (!scheduled) schedule();
}

/**
 * @internal Register `reaction`, a `then` on `future`: it waits while `future` is pending. On a done Future, a
 * task's `await` does not suspend (asyncio), its reaction runs from the microtask queue; any other `then` queues
 * like a done callback (asyncio's `add_done_callback`), behind what is already ready.
 */
export function addReaction(future: Future<unknown>, reaction: Reaction): void {
  const state = future._state;
  if (state === PENDING) {
    const list = future._reactions;
    if (list === null) future._reactions = reaction;
    else if (Array.isArray(list)) list.push(reaction);
    else future._reactions = [list, reaction];
    return;
  }
  untrackUnretrieved(future);
  const outcome = state === CANCELLED ? future._cancelledError() : future._value;
  if (reaction.task !== null) enqueueReaction(reaction, state, outcome);
  else dispatchReactions(future, reaction, state, outcome, false);
}

/**
 * @internal The `await` of `future` by `task`'s own code (`onF`/`onR` are the engine's resolving functions): the
 * task's current step now waits on `future` (`task._awaiting`, so `task.cancel()` cancels it), and the reaction
 * wakes the task; a refused wait (a cancellation to deliver, an await of itself or of another loop's Future)
 * throws its error at this await instead.
 */
export function awaitReaction(future: Future<unknown>, task: AwaitingTask, onF: Handler, onR: Handler): void {
  const refusal = task._awaiting(future);
  const reaction = new Reaction(onF, onR, null, task, task._step, false);
  if (refusal !== undefined) {
    enqueueReaction(reaction, refusal instanceof CancelledError ? CANCELLED : REJECTED, refusal);
    return;
  }
  const suspends = future._state === PENDING;
  addReaction(future, reaction);
  if (suspends) stepSuspended(task);
}

/** @internal Whether the first of a Future's reactions answers a task's await (see Runnable). */
export function firstAnswersAwait(reactions: Reaction | Reaction[] | null): boolean {
  const first = Array.isArray(reactions) ? reactions[0] : reactions;
  return first !== null && first !== undefined && first.task !== null;
}

/**
 * @internal `future` completed: queue each of its reactions on its loop's ready queue, in registration order
 * (with `runFirst`, the first one runs right away: the caller is a wake-up of the loop's ready queue itself).
 * A closed loop runs nothing any more, and a reaction registered outside any task does not wait for a loop that
 * is not running: those run from the microtask queue, as a Promise's would, so no awaiter hangs.
 */
export function dispatchReactions(
  future: Future<unknown>,
  reactions: Reaction | Reaction[],
  state: number,
  value: unknown,
  runFirst: boolean,
): void {
  const loop = future._loop;
  const closed = loop.isClosed();
  const running = loop.isRunning();
  const list = Array.isArray(reactions) ? reactions : null;
  const n = list === null ? 1 : list.length;
  for (let i = 0; i < n; i++) {
    const r = list === null ? (reactions as Reaction) : (list[i] as Reaction);
    if (closed || (r.outside && !running)) enqueueReaction(r, state, value);
    else if (i > 0 || !runFirst) loop._callSoonRunnable(setOutcome(r, state, value));
  }
  if (runFirst && !closed) {
    const first = list === null ? (reactions as Reaction) : (list[0] as Reaction);
    if (!(first.outside && !running)) setOutcome(first, state, value)._run();
  }
}

/**
 * @internal Take back the reaction by which `task`'s step `step` awaits `future` (still pending): `null` when
 * there is none. The task then no longer waits on `future`; the caller delivers the reaction itself.
 */
export function takeAwaitReaction(future: Future<unknown>, task: WakeTarget, step: number): Reaction | null {
  const list = future._reactions;
  const mine = (r: Reaction): boolean => r.task === task && r.step === step;
  if (list === null) return null;
  if (!Array.isArray(list)) {
    if (!mine(list)) return null;
    future._reactions = null;
    return list;
  }
  const at = list.findIndex(mine);
  if (at < 0) return null;
  return list.splice(at, 1)[0] as Reaction;
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
  derived: Future<unknown> | null,
): void {
  const handler = state === FULFILLED ? onF : onR;
  if (derived === null) {
    // An engine await's resolving function: it returns nothing and never throws.
    if (typeof handler === 'function') handler(value);
    return;
  }
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
