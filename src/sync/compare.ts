/**
 * `naturalOrder`: PriorityQueue's default comparator, a total order over the values JavaScript programs use as
 * priorities (numbers, strings, `[priority, item]` tuples).
 *
 * @packageDocumentation
 */

const RANK_NUMBER = 0;
const RANK_STRING = 1;
const RANK_BOOLEAN = 2;
const RANK_DATE = 3;
const RANK_ARRAY = 4;
const RANK_OTHER = 5;

function rank(x: unknown): number {
  switch (typeof x) {
    case 'number':
    case 'bigint':
      return RANK_NUMBER;
    case 'string':
      return RANK_STRING;
    case 'boolean':
      return RANK_BOOLEAN;
    default:
      if (Array.isArray(x)) return RANK_ARRAY;
      return x instanceof Date ? RANK_DATE : RANK_OTHER;
  }
}

function compareNumbers(a: number | bigint, b: number | bigint): number {
  const an = typeof a === 'number' && Number.isNaN(a);
  const bn = typeof b === 'number' && Number.isNaN(b);
  if (an || bn) return an === bn ? 0 : an ? 1 : -1; // NaN sorts after every number
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Compare two values for {@link PriorityQueue} (negative: `a` first). A total order:
 * - numbers and bigints numerically (NaN after every number), strings by UTF-16 code units, `false` before
 *   `true`, Dates by time;
 * - arrays lexicographically, element by element with this same order (a prefix first), so `[priority, item]`
 *   tuples order by priority, then by item;
 * - values of different kinds by kind: number < string < boolean < Date < array < anything else;
 * - anything else (plain objects, functions, symbols, `null`, `undefined`) compares equal, so such items — e.g.
 *   the `item` of `[priority, item]` — never decide the order: equal priorities come out first-in first-out.
 *
 * @example
 * ```ts
 * import { naturalOrder } from 'qtasyncio';
 * naturalOrder([1, 'b'], [1, 'a']); // 1: 'a' first
 * naturalOrder([2, { id: 1 }], [2, { id: 2 }]); // 0: insertion order decides
 * ```
 */
export function naturalOrder(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case RANK_NUMBER:
      return compareNumbers(a as number | bigint, b as number | bigint);
    case RANK_STRING:
    case RANK_BOOLEAN:
      return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
    case RANK_DATE:
      return compareNumbers((a as Date).getTime(), (b as Date).getTime());
    case RANK_ARRAY: {
      const x = a as unknown[];
      const y = b as unknown[];
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = naturalOrder(x[i], y[i]);
        if (c !== 0) return c;
      }
      return x.length - y.length;
    }
    default:
      return 0;
  }
}
