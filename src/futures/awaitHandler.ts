/**
 * How a Future tells a task's own `await` from a user's `then(handler)`.
 *
 * @packageDocumentation
 */

const nativeSource = Function.prototype.toString;

/**
 * Whether `handler` comes from the JavaScript engine rather than from user code: the resolving function an
 * `await` (or `Promise.resolve`, `Promise.all`, `Promise.race`) passes to `then`. User handlers are never the
 * task's await. The cheap checks rule out named and non-arrow functions before the source is looked at.
 *
 * @internal
 */
export function isAwaitHandler(handler: unknown): boolean {
  return (
    typeof handler === 'function' &&
    handler.name === '' &&
    !Object.hasOwn(handler, 'prototype') &&
    nativeSource.call(handler).endsWith('{ [native code] }')
  );
}
