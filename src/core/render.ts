/**
 * How error messages show the value an argument received: `NaN`, `-1`, `"text"`, `undefined`, `{ a: 1 }`,
 * `[ 1, 2 ]`, `a Map`.
 *
 * @internal
 * @packageDocumentation
 */
import { inspect } from 'node:util';

/**
 * Render a received value for an error message: `NaN`, `-1`, `"text"`, `undefined`, `{ a: 1 }`, `[ 1, 2 ]`, `a Map`.
 *
 * @example
 * ```ts
 * import { LoopRangeError } from 'qtasyncio';
 * import { describeValue } from './render';
 * declare const ms: number;
 * throw new LoopRangeError(`sleep(ms): expected a finite number ≥ 0, got ${describeValue(ms)}`);
 * ```
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (typeof value === 'symbol') return value.toString();
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || typeof value !== 'object') return String(value);
  // Plain objects and arrays: a short, one-line rendering of the value; other objects: their class.
  const proto = Object.getPrototypeOf(value) as object | null;
  if (!Array.isArray(value) && proto !== null && proto !== Object.prototype) {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' && name !== '' ? `a ${name}` : Object.prototype.toString.call(value);
  }
  const text = inspect(value, { depth: 1, breakLength: Number.POSITIVE_INFINITY, maxArrayLength: 5 });
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
