/**
 * OS signal handlers on the loop (asyncio's `loop.add_signal_handler` / `remove_signal_handler`) on Node's
 * `process.on(signal)`: the callback runs through `loop.callSoon`, never inside the signal listener.
 *
 * @packageDocumentation
 */
import { constants } from 'node:os';
import { LoopClosedError } from '../core/errors';
import { describeValue } from '../core/render';
import { checkFunction, checkNotAsync } from '../core/validate';
import { onLoopClose } from '../loop/closeHooks';
import type { EventLoop } from '../loop/eventLoop';
import { IoArgumentError, IoRangeError, IoStateError } from './errors';

const registry = new WeakMap<EventLoop, Map<number, { name: NodeJS.Signals; listener: () => void }>>();
const UNCATCHABLE = new Set(['SIGKILL', 'SIGSTOP']);

function signalName(fn: string, sig: unknown, catchable = true): [NodeJS.Signals, number] {
  const signals = constants.signals as Record<string, number>;
  let name: string | undefined;
  if (typeof sig === 'string' && Object.hasOwn(signals, sig)) name = sig;
  if (typeof sig === 'number') name = Object.keys(signals).find((k) => signals[k] === sig);
  if (name === undefined) {
    // asyncio: a number that is no signal is a ValueError, anything else a TypeError.
    const ErrorClass = typeof sig === 'number' ? IoRangeError : IoArgumentError;
    throw new ErrorClass(
      `${fn}(sig): expected a signal name like 'SIGUSR1' or its number, got ${describeValue(sig)}`,
    );
  }
  // asyncio: RuntimeError when adding one; removing one returns false (no handler can be installed).
  if (catchable && UNCATCHABLE.has(name)) throw new IoStateError(`${fn}(sig): ${name} cannot be caught`);
  return [name as NodeJS.Signals, signals[name] as number];
}

/**
 * Call `callback(...args)` on `loop` whenever the process receives `sig` (a name like `'SIGUSR1'` or its
 * number). Replaces this loop's previous handler for that signal. While a handler is installed Node's default
 * action for the signal (e.g. exiting on SIGTERM) is off.
 *
 * @throws `IoArgumentError` for a signal name that does not exist, a non-function callback or an async function
 *   (its Promise would not be awaited: start a task from a plain callback instead), `IoRangeError`
 *   for a number that is no signal, `IoStateError` for SIGKILL and SIGSTOP (they cannot be caught);
 *   `LoopClosedError` on a closed loop. Closing the loop removes its handlers.
 * @example
 * ```ts
 * import { addSignalHandler } from './signals';
 * addSignalHandler(loop, 'SIGTERM', () => loop.stop());
 * ```
 */
export function addSignalHandler<A extends unknown[]>(
  loop: EventLoop,
  sig: NodeJS.Signals | number,
  callback: (...args: A) => unknown,
  ...args: A
): void {
  // asyncio checks the callback first: "coroutines cannot be used with add_signal_handler()".
  checkFunction('addSignalHandler', 'callback', callback, IoArgumentError);
  checkNotAsync('addSignalHandler', 'callback', callback, IoArgumentError);
  const [name, num] = signalName('addSignalHandler', sig);
  if (loop.isClosed()) throw new LoopClosedError('addSignalHandler(): the event loop is closed');
  removeSignalHandler(loop, num);
  const listener = (): void => {
    if (!loop.isClosed()) loop.callSoon(callback, ...args);
  };
  process.on(name, listener);
  let map = registry.get(loop);
  if (map === undefined) {
    const handlers = new Map<number, { name: NodeJS.Signals; listener: () => void }>();
    map = handlers;
    registry.set(loop, handlers);
    // A closed loop keeps no signal listener: it would switch off Node's default action (exit on SIGTERM).
    onLoopClose(loop, () => {
      for (const { name: signal, listener: l } of handlers.values()) process.off(signal, l);
      handlers.clear();
    });
  }
  map.set(num, { name, listener });
}

/**
 * Remove `loop`'s handler for `sig`; returns whether one was installed.
 *
 * @example
 * ```ts
 * import { removeSignalHandler } from './signals';
 * removeSignalHandler(loop, 'SIGTERM'); // true
 * ```
 */
export function removeSignalHandler(loop: EventLoop, sig: NodeJS.Signals | number): boolean {
  const [, num] = signalName('removeSignalHandler', sig, false);
  const entry = registry.get(loop)?.get(num);
  if (entry === undefined) return false;
  process.off(entry.name, entry.listener);
  registry.get(loop)?.delete(num);
  return true;
}
