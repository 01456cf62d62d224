/**
 * Stable ids of Tasks and Futures for introspection output (`* Task(name="fetch", id=12)`, `qtasyncio cancel PID 12`):
 * numbered the first time one is shown, kept for its life, never reused.
 *
 * @internal
 * @packageDocumentation
 */

const ids = new WeakMap<object, number>();
let next = 1;

/** @internal The id of `future` (a Task or a Future), given on first use. */
export function _inspectId(future: object): number {
  let id = ids.get(future);
  if (id === undefined) {
    id = next++;
    ids.set(future, id);
  }
  return id;
}
