/**
 * How optional parts of qtasyncio (`qtasyncio/io`, the executors) add methods to {@link EventLoop} without the
 * loop core importing them: the part installs its methods on `EventLoop.prototype` when it loads and types them
 * by declaration merging (`declare module '../loop/eventLoop' { interface EventLoop { … } }`).
 *
 * @packageDocumentation
 */
import { EventLoop } from './eventLoop';

/**
 * Install `fn` as the non-enumerable method `name` of every {@link EventLoop} (and subclass). Installing the
 * same name again replaces it (a module loaded twice stays harmless).
 *
 * @internal
 * @example
 * ```ts
 * installLoopMethod('toThread', function (this: EventLoop, fn: () => unknown) {
 *   return this.runInExecutor(null, fn);
 * });
 * ```
 */
export function installLoopMethod(name: string, fn: (this: EventLoop, ...args: never[]) => unknown): void {
  Object.defineProperty(EventLoop.prototype, name, {
    value: fn,
    writable: true,
    configurable: true,
    enumerable: false,
  });
}
