// Shared helpers of the executor tests: ways to wait for a worker without wall-clock asserts. A body runs on a fresh
// real loop with `onLoop(main, { realTime: true })` from qtasyncio/testing.
import { existsSync } from 'node:fs';
import '../../src/executor';
import type { EventLoop, ExceptionContext } from '../../src/index';

/** Generous: what a report waits for (a worker's timer, an outcome) takes milliseconds, a loaded machine seconds. */
const REPORT_GUARD_MS = 20_000;

/**
 * Resolves with the next context `loop`'s exception handler receives (it replaces the handler); rejects after
 * REPORT_GUARD_MS of real time saying what should have been reported (`why`): a hang guard, not a timing assert.
 */
export function nextReport(loop: EventLoop, why: string): Promise<ExceptionContext> {
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => {
      reject(
        new Error(`hang guard: nothing reached the exception handler in ${REPORT_GUARD_MS} ms (${why})`),
      );
    }, REPORT_GUARD_MS);
    loop.setExceptionHandler((_loop, context) => {
      clearTimeout(guard);
      resolve(context);
    });
  });
}

/** Resolve once `path` exists (polled; the test's own timeout catches a hang). */
export async function waitForFile(path: string): Promise<void> {
  while (!existsSync(path)) await new Promise((r) => setTimeout(r, 5));
}

type WaitAsync = (
  cell: Int32Array,
  index: number,
  value: number,
) => { async: false; value: string } | { async: true; value: Promise<string> };
/** `Atomics.waitAsync` (ES2024; in Node 20 already, not in our ES2022 lib typings). */
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

/** Resolve once `cell[0]` is no longer 0. */
export async function waitForCell(cell: Int32Array): Promise<void> {
  while (Atomics.load(cell, 0) === 0) {
    const r = waitAsync(cell, 0, 0);
    if (r.async) await r.value;
  }
}

/** A job (sent as source) that sets `gate[0]`, then blocks its worker until {@link openGate}. */
export function gateJob(gate: Int32Array): string {
  Atomics.store(gate, 0, 1);
  Atomics.notify(gate, 0);
  Atomics.wait(gate, 1, 0);
  return 'released';
}

/** A fresh gate for {@link gateJob}. */
export function newGate(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(8));
}

/** Let the {@link gateJob} blocked on `gate` return. */
export function openGate(gate: Int32Array): void {
  Atomics.store(gate, 1, 1);
  Atomics.notify(gate, 1);
}
