/**
 * `qtasyncio/testing`: helpers for testing code that runs on qtasyncio's loops, with any test runner (it loads
 * no test framework and no RxJS). Fresh loops per test or per body, virtual time, and what reached a loop's
 * exception handler or logger.
 *
 * @example
 * ```ts
 * import { sleep } from 'qtasyncio';
 * import { onLoop } from 'qtasyncio/testing';
 * const t = await onLoop(async (loop) => {
 *   await sleep(60_000); // a VirtualTimeLoop: no real waiting
 *   return loop.time();
 * });
 * console.log(t); // 60000
 * ```
 *
 * @packageDocumentation
 */

// What the loop reported
export { captureLog, type LogCapture } from './captureLog';
// Errors
export { UnexpectedLoopExceptionError } from './errors';
// Loops for tests
export { type OnLoopOptions, onLoop } from './onLoop';
export { recordExceptions } from './recordExceptions';
// Driving tasks
export { outcome, runTask, type TaskOutcome } from './runTask';
export type { TestLoopOptions } from './testLoop';
export { type LoopFixture, type TestHooks, useLoop } from './useLoop';
