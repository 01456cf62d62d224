/**
 * Shared helpers of the port of CPython's test_subprocess.py (not a test file): its child programs, written in
 * JavaScript for this Node (`process.execPath -e`, where CPython runs `sys.executable -c`), and the way each case
 * runs: on a real-time loop, behind a hang guard that says which case hung.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { EventLoop } from '../../src';
import { onLoop } from '../../src/testing';
import { hangGuardMs, maxHangGuardMs, raceHangGuard } from '../helpers/hangGuard';

export const NODE = process.execPath;

/** CPython's PROGRAM_BLOCKED: a child that sleeps for an hour. */
export const PROGRAM_BLOCKED = [NODE, '-e', 'setTimeout(() => {}, 3600e3)'] as const;

/** CPython's PROGRAM_CAT: a child that reads all of stdin, then writes it to stdout. */
export const PROGRAM_CAT = [
  NODE,
  '-e',
  'const c = []; process.stdin.on("data", (d) => c.push(d)).on("end", () => process.stdout.write(Buffer.concat(c)))',
] as const;

/** CPython's `data = sys.stdin.read(); print(len(data))`. */
export const PRINT_INPUT_LENGTH =
  'let n = 0; process.stdin.on("data", (d) => { n += d.length; }).on("end", () => console.log(n))';

/** Real milliseconds (before scaling by the machine's load) a case may take before its hang guard fires. */
const GUARD_BASE_MS = 30_000;

/** Jest's timeout for these cases: above the largest hang guard, so the guard's message is what a hang shows. */
export const CASE_TIMEOUT_MS = maxHangGuardMs(GUARD_BASE_MS) + 30_000;

/** Options of {@link portCase}. */
export interface PortCaseOptions {
  /** The case expects calls of the loop's exception handler (CPython's case sets a handler that ignores them). */
  allowHandlerCalls?: boolean;
}

/**
 * Define the Jest test `test_subprocess.<cls>.<name>`: `body` runs as the main task of a fresh real-time loop
 * (exception handler calls fail it unless allowed) and fails with a message naming the case if it has not ended
 * after a hang guard of real time (what CPython's `wait_for(…, 60.0)` / `LONG_TIMEOUT` stand for).
 */
export function portCase(
  cls: string,
  name: string,
  body: (loop: EventLoop) => Promise<void>,
  options: PortCaseOptions = {},
): void {
  const id = `test_subprocess.${cls}.${name}`;
  test(
    id,
    () =>
      onLoop(
        (loop) => {
          const ms = hangGuardMs(GUARD_BASE_MS);
          return raceHangGuard(
            body(loop),
            ms,
            () => `${id}: the hang guard fired after ${ms} ms of real time (a child or a wait never ended)`,
          );
        },
        { realTime: true, failOnException: options.allowHandlerCalls !== true },
      ),
    CASE_TIMEOUT_MS,
  );
}

/**
 * The pids of the running processes whose command line contains `token` (Linux's /proc; a child that was killed
 * has none once it is a zombie). The cases that cancel a creation give their child a unique token to find it.
 */
export function pidsWith(token: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${name}/cmdline`, 'latin1');
    } catch {
      continue; // it ended meanwhile
    }
    if (cmdline.includes(token)) pids.push(Number(name));
  }
  return pids;
}
