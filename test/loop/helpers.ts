/** Shared helpers of the loop/futures unit tests (not a test file). */
import { type EventLoop, type ExceptionContext, loopLogger } from '../../src';

/** Record every context passed to `loop`'s exception handler. */
export function recordExceptions(loop: EventLoop): ExceptionContext[] {
  const seen: ExceptionContext[] = [];
  loop.setExceptionHandler((_loop, ctx) => {
    seen.push(ctx);
  });
  return seen;
}

/** Capture what loopLogger writes until the returned `restore()` is called. */
export function captureLog(): { errors: string[]; warnings: string[]; restore(): void } {
  const errors: string[] = [];
  const warnings: string[] = [];
  const previous = loopLogger.delegate;
  loopLogger.delegate = { error: (m) => errors.push(m), warn: (m) => warnings.push(m) };
  return {
    errors,
    warnings,
    restore: () => {
      loopLogger.delegate = previous;
    },
  };
}

/** Busy-wait `ms` of real time (for the slow-callback warning, which measures real time). */
export function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}
