/**
 * `npx qtasyncio ps|pstree|where|cancel PID …`: look inside another running qtasyncio process (loaded by
 * `scripts/cli.mjs`).
 *
 * @internal
 * @packageDocumentation
 */
import { ProcessInspectError } from '../errors';
import type { TaskTable } from '../taskTable';
import { type AttachOptions, withProcessHook } from './attach';
import { AwaitCycleError, renderTaskTable, renderTaskTree } from './render';

/** @internal The usage lines of the inspection commands. */
export const INSPECT_USAGE = `  ps PID [--port N]            the pending tasks of a running qtasyncio app: id, name, state, age, what each
                               awaits, where, and who awaits it
  pstree PID [--port N]        the same as a tree of who awaits whom (fails, listing them, on await cycles)
  where PID TASK [--port N]    the call graph of one task (TASK: its id or name)
  cancel PID TASK [--port N]   cancel a task (its finally blocks run) and wait up to 5 s for it to end

  The app needs no flag: its inspector is opened on 127.0.0.1 (port 9229, or the --inspect-port it was started
  with) for the command and closed again. QTASYNCIO_INSPECT=1 in the app's environment adds ages and await sites.`;

/** @internal The inspection commands. */
export const INSPECT_COMMANDS = ['ps', 'pstree', 'where', 'cancel'];

interface Parsed {
  command: string;
  pid: number;
  task: string | undefined;
  options: AttachOptions;
}

function parse(argv: readonly string[]): Parsed {
  const positional: string[] = [];
  const options: { port?: number; timeoutMs?: number } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--port' || arg === '--timeout') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value <= 0) {
        throw new ProcessInspectError(
          'EUSAGE',
          `${arg}: expected a positive integer, got ${JSON.stringify(argv[i])}`,
        );
      }
      if (arg === '--port') options.port = value;
      else options.timeoutMs = value;
    } else positional.push(arg);
  }
  const [command = '', pidText, task, ...extra] = positional;
  const needsTask = command === 'where' || command === 'cancel';
  if (
    pidText === undefined ||
    (needsTask && task === undefined) ||
    extra.length > 0 ||
    (!needsTask && task !== undefined)
  ) {
    throw new ProcessInspectError(
      'EUSAGE',
      `usage: qtasyncio ${command} PID${needsTask ? ' TASK' : ''} [--port N]`,
    );
  }
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) {
    throw new ProcessInspectError(
      'EUSAGE',
      `qtasyncio ${command}: PID must be a process id, got ${JSON.stringify(pidText)}`,
    );
  }
  return { command, pid, task, options };
}

const sleepMs = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function execute({ command, pid, task, options }: Parsed): Promise<string> {
  return withProcessHook(pid, options, async (call) => {
    if (command === 'ps') return renderTaskTable((await call({ command: 'ps' })) as TaskTable);
    if (command === 'pstree') return renderTaskTree((await call({ command: 'ps' })) as TaskTable);
    if (command === 'where') return String(await call({ command: 'where', task }));
    const target = (await call({
      command: 'cancel',
      task,
      message: `cancelled by qtasyncio cancel ${pid} ${task}`,
    })) as {
      id: number;
      name: string;
    };
    const deadline = Date.now() + (options.timeoutMs ?? 5000);
    while (Date.now() < deadline) {
      await sleepMs(50);
      if ((await call({ command: 'status', task: String(target.id) })) === 'done') {
        return `cancelled task "${target.name}" (${target.id}) in process ${pid}: it has ended`;
      }
    }
    return `cancellation of task "${target.name}" (${target.id}) requested in process ${pid}; it is still running (cleaning up?)`;
  });
}

/**
 * @internal Run an inspection command (`argv` without the command's own name: `['ps', '1234']`); resolves with
 * the exit code after writing its output.
 */
export async function runInspectCommand(argv: readonly string[]): Promise<number> {
  try {
    process.stdout.write(`${await execute(parse(argv))}\n`);
    return 0;
  } catch (error) {
    if (error instanceof AwaitCycleError) {
      process.stderr.write(`ERROR: ${error.message}\n`);
      return 1;
    }
    const code = error instanceof ProcessInspectError ? ` [${error.reason}]` : '';
    process.stderr.write(`qtasyncio: ${(error as Error).message}${code}\n`);
    return error instanceof ProcessInspectError && error.reason === 'EUSAGE' ? 2 : 1;
  }
}
