/**
 * The task a scope (TaskGroup, Timeout) binds to: the current task of the running loop.
 *
 * @packageDocumentation
 */

import { _getRunningLoop } from '../core/events';
import { currentTask } from '../futures/currentTask';
import type { Task } from '../futures/task';
import { ScopeStateError } from './errors';

/**
 * @internal The current task of the running loop, or {@link ScopeStateError}
 * `"<what>(): a <what> must be <verb> inside a task of the running loop"`.
 */
export function scopeTask(what: string, verb: string): Task<unknown> {
  const loop = _getRunningLoop();
  const task = loop === null ? null : currentTask(loop);
  if (task === null) {
    throw new ScopeStateError(`${what}(): a ${what} must be ${verb} inside a task of the running loop`);
  }
  return task;
}
