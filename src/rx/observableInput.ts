/**
 * What RxJS `from()` accepts, for the operators that take any observable input.
 *
 * @internal
 * @packageDocumentation
 */
import { observable } from 'rxjs';

/** @internal Whether `x` is an object RxJS `from()` accepts (Observable, interop observable, Promise, iterable). */
export function isObservableInput(x: unknown): boolean {
  if (x === null || (typeof x !== 'object' && typeof x !== 'function')) return false;
  const o = x as Record<PropertyKey, unknown>;
  return (
    typeof o.subscribe === 'function' ||
    typeof o.then === 'function' ||
    typeof o[Symbol.iterator] === 'function' ||
    typeof o[Symbol.asyncIterator] === 'function' ||
    typeof o[observable as never] === 'function'
  );
}
