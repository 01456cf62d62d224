// Runs fixture programs as child processes (plain `node`, not qode) and collects what they printed.
import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { HangGuardError, hangGuardMs, maxHangGuardMs } from '../helpers/hangGuard';

export const ROOT = join(__dirname, '..', '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'qt');

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The hang guard's base delay for one child (scaled by the machine's load, see {@link hangGuardMs}). */
export const DEFAULT_KILL_AFTER_MS = 30_000;

// Jest must not give up before the hang guard of a child has had its say (which explains the failure).
jest.setTimeout(maxHangGuardMs(DEFAULT_KILL_AFTER_MS) + 30_000);

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /**
   * Kill the child after this many ms, scaled by the machine's load (default 30 000): a hang fails the test with
   * "killed after N ms by the hang guard" and the child's output (this is not a timing assertion).
   */
  killAfterMs?: number;
  /** Called with the child and all stdout so far (e.g. to send a signal once it printed READY). */
  onStdout?: (child: ChildProcess, stdout: string) => void;
}

/** Environment for a headless Qt child: offscreen platform, nothing inherited that changes how node runs. */
export function offscreenEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, QT_QPA_PLATFORM: 'offscreen', ...extra };
  delete env.NODE_OPTIONS;
  return env;
}

/** Runs `command args…` from the project root; rejects with {@link HangGuardError} when the hang guard fires. */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: options.env ?? offscreenEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      options.onStdout?.(child, stdout);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const guardMs = hangGuardMs(options.killAfterMs ?? DEFAULT_KILL_AFTER_MS);
    let guardFired = false;
    const killer = setTimeout(() => {
      guardFired = true;
      child.kill('SIGKILL');
    }, guardMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      if (guardFired) reject(new HangGuardError(`${command} ${args.join(' ')}`, guardMs, { stdout, stderr }));
      else resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Runs `node [nodeArgs…] <script> [args…]` (script absolute, or relative to the project root). */
export function runNode(
  script: string,
  options: RunOptions & { args?: readonly string[]; nodeArgs?: readonly string[] } = {},
): Promise<RunResult> {
  return run(
    process.execPath,
    [...(options.nodeArgs ?? []), resolve(ROOT, script), ...(options.args ?? [])],
    options,
  );
}

/** Runs `node [nodeArgs…] test/fixtures/qt/<name> [args…]` (an absolute `name` is used as is). */
export function runFixture(
  name: string,
  args: readonly string[] = [],
  options: RunOptions & { nodeArgs?: readonly string[] } = {},
): Promise<RunResult> {
  return runNode(resolve(FIXTURES, name), { ...options, args });
}

/** An `onStdout` that sends `signal` once, when the child printed `marker` (default `READY`). */
export function sendOnReady(signal: NodeJS.Signals, marker = 'READY') {
  let sent = false;
  return (child: ChildProcess, stdout: string): void => {
    if (!sent && stdout.includes(marker)) {
      sent = true;
      child.kill(signal);
    }
  };
}

/** The JSON object a fixture printed on its `RESULT {...}` line. */
export function resultOf(result: RunResult): Record<string, unknown> {
  const line = result.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (line === undefined) {
    throw new Error(
      `no RESULT line (code ${result.code}, signal ${result.signal})\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`,
    );
  }
  return JSON.parse(line.slice('RESULT '.length)) as Record<string, unknown>;
}

/** What must never appear on a child's stderr: the signs of an abort or crash at teardown. */
export const CRASH_PATTERN = /terminate called|Aborted|core dumped|Segmentation fault/;
