// Hang guards for child processes: a child that runs far too long is killed so that the test fails instead of
// hanging. They are not timing assertions: they scale with the machine's load, and when one fires the test fails
// with a message saying so, with the child's output, never with a bare `null` exit code.
import {
  type SpawnSyncOptionsWithStringEncoding,
  type SpawnSyncReturns,
  spawnSync,
} from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';

/** At most this many times the base delay on a loaded machine. */
const MAX_LOAD_FACTOR = 4;

/**
 * `baseMs` scaled by the machine's load: the 1-minute load average per CPU, between 1 and 4. On a 2-core machine
 * shared by a second `npm test` the factor is about 2.
 */
export function hangGuardMs(baseMs: number): number {
  const perCpu = (loadavg()[0] ?? 0) / availableParallelism();
  return Math.round(baseMs * Math.min(MAX_LOAD_FACTOR, Math.max(1, perCpu)));
}

/** The largest delay {@link hangGuardMs} can return for `baseMs`: set Jest's timeout above it. */
export function maxHangGuardMs(baseMs: number): number {
  return baseMs * MAX_LOAD_FACTOR;
}

/** Thrown (rejected) when a hang guard killed a child: says so, with what the child printed. */
export class HangGuardError extends Error {
  override readonly name = 'HangGuardError';
  constructor(what: string, ms: number, output: { stdout: string; stderr: string }) {
    super(
      `${what}: killed after ${ms} ms by the hang guard\n` +
        `stdout:\n${output.stdout.slice(-4000)}\nstderr:\n${output.stderr.slice(-4000)}`,
    );
  }
}

/**
 * `spawnSync` with a hang guard of `baseMs` (scaled by load): throws {@link HangGuardError} when the child had to
 * be killed, instead of returning a `null` status.
 */
export function spawnSyncGuarded(
  command: string,
  args: readonly string[],
  options: Omit<SpawnSyncOptionsWithStringEncoding, 'encoding' | 'timeout'> & { baseMs?: number } = {},
): SpawnSyncReturns<string> {
  const { baseMs = 30_000, ...rest } = options;
  const ms = hangGuardMs(baseMs);
  const result = spawnSync(command, args, { ...rest, encoding: 'utf8', timeout: ms, killSignal: 'SIGKILL' });
  if (result.error !== undefined && (result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
    throw new HangGuardError(`${command} ${args.join(' ')}`, ms, {
      stdout: result.stdout,
      stderr: result.stderr,
    });
  }
  return result;
}

/**
 * `p`, or a rejection with `message()` if it has not settled after `ms` of real time: the hang guard of a test
 * whose failure mode is a hang (it asserts nothing about time). `onFire` runs first when it fires, e.g. to stop
 * the loop the test drives.
 */
export async function raceHangGuard<T>(
  p: PromiseLike<T>,
  ms: number,
  message: () => string,
  onFire: () => void = () => {},
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onFire();
      reject(new Error(message()));
    }, ms);
  });
  try {
    return await Promise.race([Promise.resolve(p), guard]);
  } finally {
    clearTimeout(timer);
  }
}
