/**
 * What makes an error a qtasyncio error: the class's `code`, copied onto each instance, and the brand that
 * `instanceof QtAsyncioError` looks for, so that errors which must extend a built-in error (`TypeError`,
 * `RangeError`, `ReferenceError`, `AggregateError`) count as qtasyncio errors too.
 *
 * @internal
 * @packageDocumentation
 */

/**
 * @internal The brand on the prototype of every qtasyncio error class. A registered symbol: errors of another
 * copy of the package (a second `node_modules` entry) are recognised too.
 */
export const QTASYNCIO_ERROR: unique symbol = Symbol.for('qtasyncio.error');

/**
 * @internal Brand `cls`, an error class that extends a built-in error instead of `QtAsyncioError`: its instances
 * (and its subclasses') are then `instanceof QtAsyncioError`. Call it from the class's `static {}` block.
 */
export function brandError(cls: abstract new (...args: never[]) => Error): void {
  Object.defineProperty(cls.prototype, QTASYNCIO_ERROR, { value: true });
}

/** @internal Whether `value` is an object whose prototype chain carries the brand. */
export function isBranded(value: unknown): boolean {
  return (
    (typeof value === 'object' || typeof value === 'function') && value !== null && QTASYNCIO_ERROR in value
  );
}

/** @internal The `code` of the class that made `error` (its static `code`). */
export function classCode(error: Error): string {
  return (error.constructor as unknown as { readonly code: string }).code;
}
