// Shared helpers of the cluster tests: real worker processes (`qtasyncio worker`, from dist/) on a real
// redis-server, and hang guards for promises that say what they were waiting for.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventLoop } from '../../src/index';
import { onLoop } from '../../src/testing';
import { ROOT } from '../helpers/built';
import { hangGuardMs } from '../helpers/hangGuard';

export const CLI = join(ROOT, 'scripts', 'cli.mjs');

/** Jest's timeout for a cluster test: above the hang guards (at most 60 s base, 4 times that when loaded). */
export const TEST_TIMEOUT_MS = 300_000;

/** Run `main` on a fresh real-time loop (closed afterwards): jobs run in real processes. */
export function onRealLoop<T>(main: (loop: EventLoop) => Promise<T>): Promise<T> {
  return onLoop(main, { realTime: true });
}

/** `promise`, or a rejection saying what did not happen within `baseMs` (scaled by the machine's load). */
export function guard<T>(promise: Promise<T>, baseMs: number, what: string): Promise<T> {
  const ms = hangGuardMs(baseMs);
  let timer: NodeJS.Timeout | undefined;
  const fired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang guard: ${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, fired]).finally(() => clearTimeout(timer));
}

/** Resolve once `check()` is true (polled every 20 ms), guarded. */
export function until(check: () => boolean, baseMs: number, what: string): Promise<void> {
  return guard(
    (async () => {
      while (!check()) await new Promise((r) => setTimeout(r, 20));
    })(),
    baseMs,
    what,
  );
}

/** The lines of a file (none if it does not exist). */
export function lines(path: string): string[] {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : [];
}

/** A worker process started by `qtasyncio worker`. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Everything it printed. */
  output(): string;
  /** Resolves with how it ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Start `qtasyncio worker` and wait for its "ready" line. */
export async function startWorker(url: string, queue: string, extra: string[] = []): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [CLI, 'worker', '--connection', url, '--queue', queue, ...extra], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (): void => {
      if (/worker \S+ ready/.test(out)) resolve();
    };
    child.stdout?.on('data', onData);
    exited.then(({ code, signal }) =>
      reject(new Error(`the worker exited before ready (${signal ?? code}):\n${out}`)),
    );
  });
  await guard(ready, 30_000, `worker on ${url} queue ${queue} printing "ready" (output so far: ${out})`);
  return { child, pid: child.pid as number, output: () => out, exited };
}

/** Stop workers (SIGKILL) that a test left running. */
export async function killAll(workers: readonly WorkerProcess[]): Promise<void> {
  for (const w of workers)
    if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
}
