/**
 * `taskTable()`: every pending task of the process's loops as plain data (what `npx qtasyncio ps PID` prints, and
 * what the task monitor shows), and finding a task by id or name.
 *
 * @packageDocumentation
 */

import { _peekEventLoop } from '../core/events';
import { describeValue } from '../core/render';
import type { Task } from '../futures/task';
import { awaitersOf, describeAwaited, waitingOn } from './awaitEdges';
import { InspectArgumentError } from './errors';
import { _awaitSite, _knownLoops, _taskCreatedAt, isIntrospecting } from './introspection';
import { type CallGraphFrame, stackFrames } from './stackFrames';
import { _inspectId } from './taskIds';

/**
 * One pending task, as {@link taskTable} lists it.
 *
 * @example
 * ```ts
 * import { taskTable } from 'qtasyncio';
 * for (const row of taskTable().tasks) console.log(row.id, row.name, row.awaiting.join(', '));
 * ```
 */
export interface TaskRow {
  /** Its introspection id (stable for its life). */
  readonly id: number;
  /** Its name (`getName()`). */
  readonly name: string;
  /** `pending`, or `cancelling` once a cancellation was requested. */
  readonly state: 'pending' | 'cancelling';
  /** Loop milliseconds since it was made, or `null` when it was made while introspection was off. */
  readonly ageMs: number | null;
  /** What it waits on now (empty while it runs or before it started). */
  readonly awaiting: readonly string[];
  /** Where it waits, innermost first (recorded while introspection is on). */
  readonly stack: readonly CallGraphFrame[];
  /** The tasks that await it (ids), and other awaiters described. */
  readonly awaitedBy: readonly {
    /** The awaiting task's id, or `null` for an awaiter that is not a task. */
    readonly id: number | null;
    /** The awaiting task's name, or a description of the awaiter. */
    readonly name: string;
  }[];
}

/**
 * The pending tasks of a process, from {@link taskTable}.
 *
 * @example
 * ```ts
 * import { taskTable } from 'qtasyncio';
 * const { pid, tasks, introspecting } = taskTable();
 * console.log(`${tasks.length} tasks in ${pid}`, introspecting ? '' : '(no ages)');
 * ```
 */
export interface TaskTable {
  /** The process id. */
  readonly pid: number;
  /** Whether ages and await sites are being recorded (see `setIntrospection`). */
  readonly introspecting: boolean;
  /** Its pending tasks. */
  readonly tasks: readonly TaskRow[];
}

/** @internal The pending tasks of every loop introspection knows (running, current, seen while recording). */
export function _pendingTasks(): Task<unknown>[] {
  const tasks: Task<unknown>[] = [];
  for (const loop of _knownLoops(_peekEventLoop())) for (const t of loop._tasks) if (!t.done()) tasks.push(t);
  return tasks;
}

function row(task: Task<unknown>): TaskRow {
  const waits = waitingOn(task);
  const site = waits.map((f) => _awaitSite(task, f)).find((s) => s !== undefined);
  const created = _taskCreatedAt(task);
  return {
    id: _inspectId(task),
    name: task.getName(),
    state: task.cancelling() > 0 ? 'cancelling' : 'pending',
    ageMs: created === undefined ? null : task.getLoop().time() - created,
    awaiting: waits.map(describeAwaited),
    stack: stackFrames(site),
    awaitedBy: awaitersOf(task).map((a) =>
      typeof a === 'string' ? { id: null, name: a } : { id: _inspectId(a), name: a.getName() },
    ),
  };
}

/**
 * Every pending task of this process's loops (the running loop, the current one, and those whose tasks were
 * made while introspection was on), with what each waits on and who awaits it.
 *
 * @example
 * ```ts
 * import { taskTable } from 'qtasyncio';
 * console.table(taskTable().tasks.map(({ id, name, state, awaiting }) => ({ id, name, state, awaiting })));
 * ```
 */
export function taskTable(): TaskTable {
  return { pid: process.pid, introspecting: isIntrospecting(), tasks: _pendingTasks().map(row) };
}

/**
 * @internal The pending task `ref` names: its id (digits) or its name (which must be unique).
 * @throws {@link InspectArgumentError} when none or several match.
 */
export function _findTask(fn: string, ref: unknown): Task<unknown> {
  if (typeof ref !== 'string' && typeof ref !== 'number') {
    throw new InspectArgumentError(`${fn}(task): expected a task id or name, got ${describeValue(ref)}`);
  }
  const text = String(ref);
  const tasks = _pendingTasks();
  const byId = /^\d+$/.test(text) ? tasks.find((t) => String(_inspectId(t)) === text) : undefined;
  if (byId !== undefined) return byId;
  const named = tasks.filter((t) => t.getName() === text);
  if (named.length === 1) return named[0] as Task<unknown>;
  if (named.length > 1) {
    const ids = named.map((t) => _inspectId(t)).join(', ');
    throw new InspectArgumentError(
      `${fn}(task): ${named.length} pending tasks are named "${text}" (ids ${ids})`,
    );
  }
  throw new InspectArgumentError(`${fn}(task): no pending task has the id or name "${text}"`);
}
