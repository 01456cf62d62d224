// Helpers of the `qtasyncio ps|pstree|where|cancel PID` tests (not a test file): a free port, a child app whose
// output is watched, the CLI run against it.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../helpers/built';
import { HangGuardError, hangGuardMs, spawnSyncGuarded } from '../helpers/hangGuard';

/** A TCP port free on 127.0.0.1 right now (the one `startLocalRedis` uses). */
export { freePort } from '../../src/cluster/localRedis';

/** A running child program and what it printed so far. */
export interface App {
  child: ChildProcess;
  pid: number;
  stdout: () => string;
  stderr: () => string;
  /** Resolves once stdout contains `text` (a hang guard rejects, with the output, if it never does). */
  waitFor: (text: string) => Promise<void>;
  stop: () => Promise<void>;
}

/** Start `node [nodeArgs] script [args]` in the project root, Qt offscreen, with `env` added. */
export function startApp(
  script: string,
  args: string[],
  nodeArgs: string[],
  env: Record<string, string> = {},
): App {
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, QT_QPA_PLATFORM: 'offscreen', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    err += d;
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    child,
    pid: child.pid as number,
    stdout: () => out,
    stderr: () => err,
    waitFor: (text) =>
      new Promise((resolve, reject) => {
        const ms = hangGuardMs(20_000);
        const timer = setTimeout(() => {
          clearInterval(poll);
          reject(
            new HangGuardError(`${script}: waiting for ${JSON.stringify(text)}`, ms, {
              stdout: out,
              stderr: err,
            }),
          );
        }, ms);
        const poll = setInterval(() => {
          if (!out.includes(text)) return;
          clearInterval(poll);
          clearTimeout(timer);
          resolve();
        }, 20);
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Run `qtasyncio ARGS` (scripts/cli.mjs) to its end. */
export function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSyncGuarded(process.execPath, [join(ROOT, 'scripts/cli.mjs'), ...args], { cwd: ROOT });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
