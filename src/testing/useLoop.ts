/**
 * `useLoop`: a fresh loop for every test of a suite, with any test runner.
 *
 * @packageDocumentation
 */

import { InvalidStateError } from '../core/errors';
import { checkFunction } from '../core/validate';
import type { EventLoop } from '../loop/eventLoop';
import type { VirtualTimeLoop } from '../loop/virtualTimeLoop';
import { checkTestLoopOptions, closeTestLoop, openTestLoop, type TestLoopOptions } from './testLoop';

/**
 * The per-test hooks of a test runner: Jest's, Vitest's, Mocha's and `node:test`'s `beforeEach` and `afterEach`
 * all fit. `qtasyncio/testing` depends on no runner; the test file passes its own.
 */
export interface TestHooks {
  /** Registers `fn` to run before each test. */
  beforeEach(fn: () => void): unknown;
  /** Registers `fn` to run after each test. */
  afterEach(fn: () => void): unknown;
}

/** What {@link useLoop} returns: the current test's loop. */
export interface LoopFixture<L extends EventLoop> {
  /** The loop of the test that is running; throws `InvalidStateError` outside a test. */
  readonly loop: L;
}

/** What {@link LoopFixture.loop} throws when no test is running: an `InvalidStateError`. */
function noLoop(): never {
  throw new InvalidStateError(
    'useLoop(): there is no loop outside a test (read fixture.loop inside a test or hook)',
  );
}

/**
 * Give every test a fresh loop: a new one before each test, closed after it (unless the test closed it or left
 * it running). By default a {@link VirtualTimeLoop}; `{ realTime: true }` gives a real-time `EventLoop`,
 * `{ autoAdvance: false }` a virtual clock that moves only when the test advances it, `{ current: true }` makes
 * the loop the current event loop during the test.
 *
 * @param hooks - the test runner's `beforeEach` and `afterEach` (`{ beforeEach, afterEach }`).
 * @param options - the loop ({@link TestLoopOptions}).
 * @throws `LoopArgumentError` when `hooks` lacks a function or for bad options.
 * @returns the fixture whose `loop` is the current test's loop.
 * @see {@link onLoop} to run one body on a fresh loop.
 * @example
 * ```ts
 * import { afterEach, beforeEach, test } from 'node:test';
 * import { Lock } from 'qtasyncio';
 * import { useLoop } from 'qtasyncio/testing';
 * const fixture = useLoop({ beforeEach, afterEach });
 * test('a Lock is free at first', async () => {
 *   await fixture.loop.runUntilComplete(async () => {
 *     const lock = new Lock();
 *     console.log(lock.locked()); // false
 *   });
 * });
 * ```
 */
export function useLoop(
  hooks: TestHooks,
  options?: TestLoopOptions & { realTime?: false },
): LoopFixture<VirtualTimeLoop>;
export function useLoop(hooks: TestHooks, options: TestLoopOptions): LoopFixture<EventLoop>;
export function useLoop(hooks: TestHooks, options: TestLoopOptions = {}): LoopFixture<EventLoop> {
  checkFunction('useLoop', 'hooks.beforeEach', hooks?.beforeEach);
  checkFunction('useLoop', 'hooks.afterEach', hooks?.afterEach);
  checkTestLoopOptions('useLoop', options);
  let current: EventLoop | null = null;
  hooks.beforeEach(() => {
    current = openTestLoop(options);
  });
  hooks.afterEach(() => {
    const loop = current;
    current = null;
    if (loop !== null) closeTestLoop(loop, options);
  });
  return {
    get loop(): EventLoop {
      return current ?? noLoop();
    },
  };
}
