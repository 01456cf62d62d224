/**
 * The four states of a Future, as small integers (a Future's `_state`), apart from `future.ts` so that the
 * reaction queue can read them without importing the Future class.
 *
 * @packageDocumentation
 */

/** @internal */ export const PENDING = 0;
/** @internal */ export const FULFILLED = 1;
/** @internal */ export const REJECTED = 2;
/** @internal */ export const CANCELLED = 3;
