/**
 * Shared helpers of the sync tests (not a test file); `useLoop`, `runTask` and `outcome` come from
 * qtasyncio/testing.
 */
import type { VirtualTimeLoop } from '../../src';
import { raceHangGuard } from '../helpers/hangGuard';

/** Run one loop iteration's worth of ready work (callbacks and the microtasks they start). */
export async function step(loop: VirtualTimeLoop): Promise<void> {
  await loop.advance(0);
}

/** Real milliseconds after which {@link withHangGuard} gives up on a scenario (generous: a busy 2-core machine). */
export const SCENARIO_HANG_GUARD_MS = 10_000;

/**
 * Run one generated scenario; if it has not finished after {@link SCENARIO_HANG_GUARD_MS} of real time (a loop
 * that never goes idle), fail with an error naming `what` and printing `scenario`, so the hang can be replayed.
 */
export function withHangGuard<T>(what: string, scenario: unknown, run: () => Promise<T>): Promise<T> {
  return raceHangGuard(
    run(),
    SCENARIO_HANG_GUARD_MS,
    () =>
      `${what}: hang guard fired after ${SCENARIO_HANG_GUARD_MS} ms of real time; scenario: ${JSON.stringify(scenario)}`,
  );
}
