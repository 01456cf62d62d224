/**
 * Deferred loads that are kept: a module loaded on first use (for start-up cost) by a `require()` inside a
 * function, and not looked up again on every later call. A `require()` per call is not free: when another
 * module loaded the target first, Node's fast path for a relative `require()` misses, and each call resolves
 * the path again (package scope and self-reference lookups), about 20 µs.
 *
 * @packageDocumentation
 */

/**
 * @internal A function that calls `load()` on its first call and returns that result from then on.
 *
 * @example
 * ```ts
 * import { loadOnce } from './loadOnce';
 * const dns = loadOnce((): typeof import('node:dns') => require('node:dns'));
 * dns().lookup('localhost', () => undefined);
 * ```
 */
export function loadOnce<T>(load: () => T): () => T {
  let loaded = false;
  let value: T;
  return () => {
    if (!loaded) {
      value = load();
      loaded = true;
    }
    return value;
  };
}
