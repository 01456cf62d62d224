/**
 * What the hook `npx qtasyncio ps|pstree|where|cancel PID` calls inside the inspected process does (see
 * ./processHook.ts, which loads this module on the first call). Each call takes and returns JSON text, so the
 * inspector carries one string each way.
 *
 * @internal
 * @packageDocumentation
 */
import { formatCallGraph } from './formatCallGraph';
import { _inspectId } from './taskIds';
import { _findTask, taskTable } from './taskTable';

/** @internal What a hook call answers: a value, or an error message. */
type Answer = { ok: true; value: unknown } | { ok: false; error: string };

function answer(run: () => unknown): string {
  let reply: Answer;
  try {
    reply = { ok: true, value: run() };
  } catch (error) {
    reply = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  return JSON.stringify(reply);
}

/**
 * @internal The hook: `ps` (the task table), `where` (a task's call graph as text), `cancel` (request a task's
 * cancellation at the next turn of Node's loop, never in the middle of what runs now), `status` (whether a task is
 * still pending).
 */
export function _processHook(request: string): string {
  return answer(() => {
    const { command, task, message } = JSON.parse(request) as {
      command: string;
      task?: string;
      message?: string;
    };
    switch (command) {
      case 'ps':
        return taskTable();
      case 'where':
        return formatCallGraph(_findTask('where', task));
      case 'cancel': {
        const target = _findTask('cancel', task);
        setImmediate(() => target.cancel(message));
        return { id: _inspectId(target), name: target.getName() };
      }
      case 'status':
        return taskTable().tasks.some((t) => String(t.id) === task || t.name === task) ? 'pending' : 'done';
      default:
        throw new Error(`unknown command ${JSON.stringify(command)}`);
    }
  });
}
