/**
 * The structured-clone check of a job's arguments, done by the caller before anything is queued, so that a
 * bad argument fails at the call (naming its index and value) and never reaches a worker.
 *
 * Primitives (but symbols), typed arrays and `ArrayBuffer`s pass without a copy; other objects are checked
 * with `structuredClone` (one extra copy on the caller's side).
 *
 * @packageDocumentation
 */
import { describeValue } from '../core/render';
import { UncloneableArgumentError } from './errors';

/**
 * Throw {@link UncloneableArgumentError} for the first argument that cannot be structured-cloned.
 *
 * @example
 * ```ts
 * import { checkCloneable } from './cloneable';
 * checkCloneable('runInExecutor', [1, { a: 2 }]); // fine
 * checkCloneable('runInExecutor', [1, () => 2]); // throws: argument 1 cannot be structured-cloned, got function (anonymous)
 * ```
 */
export function checkCloneable(caller: string, args: readonly unknown[]): void {
  for (let i = 0; i < args.length; i++) {
    const value = args[i];
    if (typeof value === 'symbol' || typeof value === 'function') {
      throw new UncloneableArgumentError(
        caller,
        i,
        describeValue(value),
        `a ${typeof value} cannot be cloned`,
      );
    }
    if (typeof value !== 'object' || value === null) continue;
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) continue;
    try {
      structuredClone(value);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new UncloneableArgumentError(caller, i, describeValue(value), reason);
    }
  }
}
