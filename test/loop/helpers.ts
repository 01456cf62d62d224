/** Shared helpers of the loop/futures unit tests (not a test file); the common ones are in qtasyncio/testing. */

/** Busy-wait `ms` of real time (for the slow-callback warning, which measures real time). */
export function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}
