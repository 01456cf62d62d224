/**
 * Subprocesses (asyncio's `subprocess.py` and `loop.subprocess_exec`): `createSubprocessExec` /
 * `createSubprocessShell` give a {@link Process} with stream pipes; `subprocessExec` / `subprocessShell` bind a
 * {@link SubprocessProtocol}. On Node's `child_process.spawn`.
 *
 * @packageDocumentation
 */
import { type ChildProcess, type StdioOptions, spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { outsideTasks } from '../core/context';
import { getRunningLoop } from '../core/events';
import { describeValue } from '../core/render';
import {
  checkBoolean,
  checkFunction,
  checkOptionKeys,
  checkPositiveInt,
  checkString,
} from '../core/validate';
import type { EventLoop } from '../loop/eventLoop';
import { IoArgumentError } from './errors';
import { Process, SubprocessStreamProtocol } from './process';
import type { SubprocessProtocol } from './protocols';
import { ChildProcessTransport } from './subprocessTransport';
import { checkEnv, IO_ERRORS } from './validate';
import { eventFuture } from './waitEvent';

/**
 * Connect the stream to a pipe (asyncio's `subprocess.PIPE`).
 *
 * @example
 * ```ts
 * import { createSubprocessExec, PIPE } from 'qtasyncio/io';
 * const proc = await createSubprocessExec('cat', [], { stdin: PIPE, stdout: PIPE });
 * ```
 */
export const PIPE = -1;
/**
 * For `stderr`: send it where stdout goes (asyncio's `subprocess.STDOUT`).
 *
 * @example
 * ```ts
 * import { createSubprocessExec, PIPE, STDOUT } from 'qtasyncio/io';
 * const proc = await createSubprocessExec('make', [], { stdout: PIPE, stderr: STDOUT });
 * ```
 */
export const STDOUT = -2;
/**
 * Connect the stream to /dev/null (asyncio's `subprocess.DEVNULL`).
 *
 * @example
 * ```ts
 * import { createSubprocessExec, DEVNULL } from 'qtasyncio/io';
 * const proc = await createSubprocessExec('noisy', [], { stdout: DEVNULL });
 * ```
 */
export const DEVNULL = -3;

/**
 * A stdio setting: `PIPE`, `STDOUT` (stderr only), `DEVNULL`, a file descriptor ≥ 0, or `null`/omitted to inherit.
 *
 * @example
 * ```ts
 * import { PIPE, type StdioSetting } from 'qtasyncio/io';
 * const stdin: StdioSetting = PIPE;
 * ```
 */
export type StdioSetting = number | null | undefined;

/**
 * Options of the subprocess functions.
 *
 * @example
 * ```ts
 * import { createSubprocessExec, PIPE } from 'qtasyncio/io';
 * await createSubprocessExec('ls', [], { stdout: PIPE, cwd: '/tmp', env: { ...process.env, LC_ALL: 'C' } });
 * ```
 */
export interface SubprocessOptions {
  /** The child's stdin (default: inherit; `PIPE` for `loop.subprocessExec`/`subprocessShell`, as asyncio). */
  stdin?: StdioSetting;
  /** The child's stdout (default: inherit; `PIPE` for `loop.subprocessExec`/`subprocessShell`, as asyncio). */
  stdout?: StdioSetting;
  /** The child's stderr (default: inherit; `PIPE` for `loop.subprocessExec`/`subprocessShell`, as asyncio). */
  stderr?: StdioSetting;
  /** Working directory. */
  cwd?: string;
  /** Environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** The stdout/stderr readers' limit (default 64 KiB). */
  limit?: number;
  /**
   * Run the child in a new session (`setsid()`, Node's `detached` on POSIX), so it leaves this process's process
   * group and controlling terminal: a Ctrl+C at the terminal no longer reaches it (default `false`). asyncio:
   * `start_new_session`.
   */
  startNewSession?: boolean;
}

type StdioValue = 'pipe' | 'ignore' | 'inherit' | number;

const SUBPROCESS_OPTIONS = ['stdin', 'stdout', 'stderr', 'cwd', 'env', 'limit', 'startNewSession'] as const;

function stdioValue(fn: string, name: string, v: unknown, stdout?: StdioValue): StdioValue {
  if (v === undefined || v === null) return 'inherit';
  if (v === PIPE) return 'pipe';
  if (v === DEVNULL) return 'ignore';
  if (v === STDOUT && stdout !== undefined) return stdout === 'inherit' ? 1 : stdout;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  throw new IoArgumentError(
    `${fn}(options.${name}): expected PIPE, ${name === 'stderr' ? 'STDOUT, ' : ''}DEVNULL, a file descriptor ≥ 0 or null, got ${describeValue(v)}`,
  );
}

/** @internal Validate options and spawn; resolves once the child started (or rejects, e.g. FileNotFoundError). */
async function start(
  loop: EventLoop,
  fn: string,
  program: string,
  args: readonly string[],
  shell: boolean,
  options: SubprocessOptions,
  protocol: SubprocessProtocol,
  pipeByDefault = false,
): Promise<ChildProcessTransport> {
  if (typeof program !== 'string' || program === '') {
    throw new IoArgumentError(
      `${fn}(${shell ? 'cmd' : 'program'}): expected a non-empty string, got ${describeValue(program)}`,
    );
  }
  if (!Array.isArray(args) || args.some((a) => typeof a !== 'string')) {
    throw new IoArgumentError(`${fn}(args): expected an array of strings, got ${describeValue(args)}`);
  }
  checkOptionKeys(fn, options, SUBPROCESS_OPTIONS, IoArgumentError);
  if (options.cwd !== undefined) {
    checkString(fn, 'options.cwd', options.cwd, IoArgumentError);
    // Node reports a missing cwd as the program's ENOENT: name the real culprit instead.
    if (!statSync(options.cwd, { throwIfNoEntry: false })?.isDirectory()) {
      throw new IoArgumentError(`${fn}(options.cwd): not a directory: ${describeValue(options.cwd)}`);
    }
  }
  if (options.env !== undefined) checkEnv(fn, options.env);
  if (options.startNewSession !== undefined) {
    checkBoolean(fn, 'options.startNewSession', options.startNewSession, IoArgumentError);
  }
  const std = (v: StdioSetting): StdioSetting => (v === undefined && pipeByDefault ? PIPE : v);
  const stdin = stdioValue(fn, 'stdin', std(options.stdin));
  const stdout = stdioValue(fn, 'stdout', std(options.stdout));
  const stderr = stdioValue(fn, 'stderr', std(options.stderr), stdout);
  const merge = options.stderr === STDOUT && stdout === 'pipe';
  const stdio: StdioOptions = [stdin, stdout, stderr];
  const child: ChildProcess = outsideTasks(() =>
    spawn(program, args, {
      stdio,
      shell,
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      ...(options.env === undefined ? {} : { env: options.env }),
      ...(options.startNewSession === true ? { detached: true } : {}),
    }),
  );
  // The transport listens from 'spawn' on: the child may exit (and close its pipes) before the wait resumes.
  let transport = null as ChildProcessTransport | null;
  try {
    return await eventFuture(
      loop,
      child,
      'spawn',
      () => child.kill('SIGKILL'),
      () => {
        transport = new ChildProcessTransport(loop, protocol, child, merge);
        return transport;
      },
    );
  } catch (e) {
    // A cancellation that arrives once the child started (before the task resumed) must not leave it running.
    if (transport !== null) await closeAndWait(transport);
    throw e;
  }
}

/**
 * asyncio's `_make_subprocess_transport` when the creation fails after the child started (a cancellation):
 * close the transport, which kills the child, and wait until it exited before the error goes on.
 */
async function closeAndWait(transport: ChildProcessTransport): Promise<void> {
  transport.close();
  await transport._wait();
}

async function bind<P extends SubprocessProtocol>(
  loop: EventLoop,
  fn: string,
  factory: () => P,
  program: string,
  args: readonly string[],
  shell: boolean,
  options: SubprocessOptions,
): Promise<[ChildProcessTransport, P]> {
  checkFunction(fn, 'protocolFactory', factory, IoArgumentError);
  const protocol = factory();
  // asyncio's loop.subprocess_exec/subprocess_shell pipe all three by default (stdin=PIPE, stdout=PIPE, …).
  const transport = await start(loop, fn, program, args, shell, options, protocol, true);
  try {
    // connectionMade is scheduled by the transport; resolve after it ran.
    const made = loop.createFuture<void>();
    loop.callSoon(() => {
      if (!made.done()) made.setResult(); // not when the wait was cancelled
    });
    await made;
  } catch (e) {
    await closeAndWait(transport);
    throw e;
  }
  return [transport, protocol];
}

/**
 * Run `program` with `args` bound to a {@link SubprocessProtocol} (asyncio's `loop.subprocess_exec`).
 *
 * @example
 * ```ts
 * import { PIPE, SubprocessProtocol } from 'qtasyncio/io';
 * import { subprocessExec } from './subprocess';
 * const [transport, protocol] = await subprocessExec(loop, () => new SubprocessProtocol(), process.execPath, ['-e', '1'], { stdout: PIPE });
 * ```
 */
export function subprocessExec<P extends SubprocessProtocol>(
  loop: EventLoop,
  protocolFactory: () => P,
  program: string,
  args: readonly string[] = [],
  options: SubprocessOptions = {},
): Promise<[ChildProcessTransport, P]> {
  return bind(loop, 'subprocessExec', protocolFactory, program, args, false, options);
}

/**
 * Run `cmd` through the shell bound to a {@link SubprocessProtocol} (asyncio's `loop.subprocess_shell`).
 *
 * @example
 * ```ts
 * import { PIPE, SubprocessProtocol } from 'qtasyncio/io';
 * import { subprocessShell } from './subprocess';
 * const [transport] = await subprocessShell(loop, () => new SubprocessProtocol(), 'echo hi', { stdout: PIPE });
 * ```
 */
export function subprocessShell<P extends SubprocessProtocol>(
  loop: EventLoop,
  protocolFactory: () => P,
  cmd: string,
  options: SubprocessOptions = {},
): Promise<[ChildProcessTransport, P]> {
  return bind(loop, 'subprocessShell', protocolFactory, cmd, [], true, options);
}

async function createProcess(
  fn: string,
  program: string,
  args: readonly string[],
  shell: boolean,
  options: SubprocessOptions,
): Promise<Process> {
  const loop = getRunningLoop();
  checkOptionKeys(fn, options, SUBPROCESS_OPTIONS, IoArgumentError);
  // before spawning: a bad limit must not leave a child running
  if (options.limit !== undefined) checkPositiveInt(fn, 'options.limit', options.limit, IO_ERRORS);
  const protocol = new SubprocessStreamProtocol(loop, options.limit);
  const transport = await start(loop, fn, program, args, shell, options, protocol);
  protocol.attach(transport);
  return new Process(transport, protocol);
}

/**
 * Start `program` with `args` (no shell) and return a {@link Process} (asyncio's `create_subprocess_exec`).
 *
 * @throws `FileNotFoundError` if the program does not exist; `IoArgumentError` for bad stdio options.
 * @see {@link createSubprocessShell}
 * @example
 * ```ts
 * import { createSubprocessExec, PIPE } from 'qtasyncio/io';
 * const proc = await createSubprocessExec(process.execPath, ['-e', 'console.log(1)'], { stdout: PIPE });
 * const [out] = await proc.communicate();
 * ```
 */
export function createSubprocessExec(
  program: string,
  args: readonly string[] = [],
  options: SubprocessOptions = {},
): Promise<Process> {
  return createProcess('createSubprocessExec', program, args, false, options);
}

/**
 * Run `cmd` through the shell and return a {@link Process} (asyncio's `create_subprocess_shell`).
 *
 * @see {@link createSubprocessExec}
 * @example
 * ```ts
 * import { createSubprocessShell, PIPE } from 'qtasyncio/io';
 * const proc = await createSubprocessShell('echo hello | tr a-z A-Z', { stdout: PIPE });
 * const [out] = await proc.communicate(); // "HELLO\n"
 * ```
 */
export function createSubprocessShell(cmd: string, options: SubprocessOptions = {}): Promise<Process> {
  return createProcess('createSubprocessShell', cmd, [], true, options);
}
