/**
 * Teardown that optional parts of qtasyncio attach to a loop's `close()` (for example `qtasyncio/io` removes the
 * loop's OS signal listeners, so that a closed loop never keeps a process from exiting on SIGTERM).
 *
 * @packageDocumentation
 */
import type { AbstractEventLoop } from '../core/abstractEventLoop';

const hooks = new WeakMap<object, Array<() => void>>();

/**
 * Run `hook` once when `loop` closes. Hooks run in registration order; one that throws is reported to the loop's
 * exception handler and the others still run.
 *
 * @internal
 * @example
 * ```ts
 * import { onLoopClose } from './closeHooks';
 * declare function listener(): void;
 * onLoopClose(loop, () => process.off('SIGTERM', listener));
 * ```
 */
export function onLoopClose(loop: AbstractEventLoop, hook: () => void): void {
  let list = hooks.get(loop);
  if (list === undefined) {
    list = [];
    hooks.set(loop, list);
  }
  list.push(hook);
}

/**
 * Run and forget `loop`'s close hooks (called by `close()`).
 *
 * @internal
 * @example
 * ```ts
 * import { runCloseHooks } from './closeHooks';
 * runCloseHooks(loop); // in loop.close()
 * ```
 */
export function runCloseHooks(loop: AbstractEventLoop): void {
  const list = hooks.get(loop);
  if (list === undefined) return;
  hooks.delete(loop);
  for (const hook of list) {
    try {
      hook();
    } catch (exception) {
      loop.callExceptionHandler({ message: 'Exception in a close hook of the event loop', exception });
    }
  }
}
