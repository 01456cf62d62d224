/**
 * Telling a Promise-like from other values, as `await` does. Loaded in executor workers too: it imports nothing.
 *
 * @internal
 * @packageDocumentation
 */

/** @internal Whether `x` has a callable `then` (a Promise, a Future, any thenable). */
export function isThenable(x: unknown): x is PromiseLike<unknown> {
  return (
    (typeof x === 'object' || typeof x === 'function') &&
    x !== null &&
    typeof (x as { then?: unknown }).then === 'function'
  );
}
