/**
 * `startLocalRedis()`: a throw-away `redis-server` on a free 127.0.0.1 port, persistence off, for tests, examples,
 * benchmarks and a farm on one machine. It is stopped by `stop()`, and killed when this process exits — on Linux
 * even when this process is killed (`setpriv --pdeathsig`, see {@link withParentDeathSignal}).
 *
 * @packageDocumentation
 */
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { describeValue } from '../core/render';
import { RedisStartError } from './errors';
import { checkOptions, optionalInteger } from './redisOptions';

/** Options of {@link startLocalRedis}. */
export interface LocalRedisOptions {
  /** The port (default: a free one). */
  port?: number;
  /** The server's executable (default `redis-server` from `PATH`). */
  command?: string;
}

/** A running local Redis. */
export interface LocalRedis {
  /** `redis://127.0.0.1:PORT`. */
  readonly url: string;
  /** The port it listens on (127.0.0.1 only). */
  readonly port: number;
  /** The server's process. */
  readonly process: ChildProcess;
  /** Stop the server (SIGTERM, then SIGKILL after 5 s); resolves when it exited. Idempotent. */
  stop(): Promise<void>;
  /** `await using redis = await startLocalRedis()`. */
  [Symbol.asyncDispose](): Promise<void>;
}

const FN = 'startLocalRedis';
const READY = /Ready to accept connections/;

/**
 * @internal A TCP port free on 127.0.0.1 right now (the system picks it; free until someone else takes it).
 *
 * @example
 * ```ts
 * import { freePort } from './localRedis';
 * const port = await freePort();
 * ```
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Start `redis-server` on 127.0.0.1 (`--save '' --appendonly no`: nothing is written to disk); resolves once it
 * accepts connections.
 *
 * @throws `RedisStartError` when it cannot start or exits first (its output is in the message).
 * @example
 * ```ts
 * import { ClusterExecutor, startLocalRedis } from 'qtasyncio/cluster';
 * await using redis = await startLocalRedis();
 * const cluster = new ClusterExecutor({ connection: redis.url, queue: 'jobs' });
 * ```
 */
export async function startLocalRedis(options: LocalRedisOptions = {}): Promise<LocalRedis> {
  checkOptions(FN, options, ['port', 'command']);
  const fixed = optionalInteger(FN, 'port', options.port, 1);
  const command = options.command ?? 'redis-server';
  if (typeof command !== 'string') {
    throw new RedisStartError(`${FN}(options.command): expected a string, got ${describeValue(command)}`);
  }
  // Another process may take a free port before redis-server binds it: try a few.
  for (let attempt = 0; ; attempt++) {
    const port = fixed ?? (await freePort());
    try {
      return await start(command, port);
    } catch (error) {
      if (fixed !== undefined || attempt >= 2 || !/Address already in use/.test(String(error))) throw error;
    }
  }
}

/** The executable `name` resolves to on `PATH` (a name with a `/` is a path already), or `undefined`. */
function onPath(name: string): string | undefined {
  const candidates = name.includes('/')
    ? [name]
    : (process.env.PATH ?? '').split(delimiter).map((d) => join(d, name));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * `[command, args]` so that the kernel kills the server when this process dies, however it dies (SIGKILL
 * included, where no `exit` handler runs): on Linux, through util-linux's `setpriv --pdeathsig KILL`, which sets
 * the parent-death signal and then executes the server (same pid). Only from the main thread (the signal follows
 * the thread that spawned it) and only when both `setpriv` and the server are found; otherwise unchanged, and the
 * server is killed by this process's `exit` only.
 */
function withParentDeathSignal(command: string, args: string[]): [string, string[]] {
  if (process.platform !== 'linux') return [command, args];
  const { isMainThread } = require('node:worker_threads') as typeof import('node:worker_threads');
  if (!isMainThread) return [command, args];
  const setpriv = onPath('setpriv');
  const server = onPath(command);
  if (setpriv === undefined || server === undefined) return [command, args];
  return [setpriv, ['--pdeathsig', 'KILL', '--', server, ...args]];
}

function start(command: string, port: number): Promise<LocalRedis> {
  const { spawn } = require('node:child_process') as typeof import('node:child_process');
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const child = spawn(...withParentDeathSignal(command, args), { stdio: ['ignore', 'pipe', 'pipe'] });
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  exited.then(() => process.off('exit', killOnExit));
  let output = '';
  return new Promise<LocalRedis>((resolve, reject) => {
    const failed = (why: string): void =>
      reject(
        new RedisStartError(
          `${FN}(options.command): could not start ${JSON.stringify(command)} on port ${port}: ${why}\n${output}`,
        ),
      );
    child.once('error', (error) => failed(error.message));
    child.once('exit', (code, signal) => failed(`it exited (${signal ?? `exit code ${code}`})`));
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (!READY.test(output)) return;
      child.stdout?.off('data', onData);
      child.stdout?.resume();
      child.stderr?.resume();
      let stopping: Promise<void> | null = null;
      const stop = (): Promise<void> => {
        if (stopping !== null) return stopping;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        stopping = exited.then(() => clearTimeout(timer));
        return stopping;
      };
      resolve({ url: `redis://127.0.0.1:${port}`, port, process: child, stop, [Symbol.asyncDispose]: stop });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
  });
}
