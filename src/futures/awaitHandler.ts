/**
 * How a Future tells a task's own `await` from a user's `then(handler)`.
 *
 * @packageDocumentation
 */

const nativeSource = Function.prototype.toString;

/** Inside `Future.finally`, whose engine handlers are not an await's resolving functions. */
let inFinally = 0;

/**
 * Whether `handler` comes from the JavaScript engine rather than from user code: the resolving function an
 * `await` (or `Promise.resolve`, `Promise.all`, `Promise.race`) passes to `then`. User handlers are never the
 * task's await, nor are the engine's handlers of `Promise.prototype.finally` ({@link promiseFinally}). The cheap
 * checks rule out named and non-arrow functions before the source is looked at.
 *
 * @internal
 */
export function isAwaitHandler(handler: unknown): boolean {
  return (
    inFinally === 0 &&
    typeof handler === 'function' &&
    handler.name === '' &&
    !Object.hasOwn(handler, 'prototype') &&
    nativeSource.call(handler).endsWith('{ [native code] }')
  );
}

/**
 * @internal `Promise.prototype.finally` on `thenable` (a Future): it calls `then` with engine functions whose
 * outcome matters, so the Future `then` returns is kept (they are not an await's resolving functions).
 */
export function promiseFinally<T>(
  thenable: PromiseLike<T>,
  onfinally: (() => void) | null | undefined,
): unknown {
  inFinally++;
  try {
    return Promise.prototype.finally.call(thenable, onfinally);
  } finally {
    inFinally--;
  }
}
