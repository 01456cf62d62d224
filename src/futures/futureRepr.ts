/**
 * How a Future describes itself (asyncio's `base_futures._future_repr_info`): its kind and state, its outcome,
 * and where it was created (debug mode) — `<Future finished result=42>`.
 *
 * @packageDocumentation
 */
import { describeValue } from '../core/render';
import type { Future } from './future';
import { FULFILLED, REJECTED } from './futureState';

const STATE_NAMES = ['pending', 'finished', 'finished', 'cancelled'] as const;

/** @internal The state as asyncio names it: `pending`, `finished` (a result or an exception) or `cancelled`. */
export function stateName(future: Future<unknown>): string {
  return STATE_NAMES[future._state];
}

/** @internal `<Future pending>`, `<Future finished result=42>`, `<Task cancelled created at file:line>`. */
export function futureRepr(future: Future<unknown>): string {
  const value = future._value;
  const details =
    future._state === FULFILLED
      ? ` result=${describeValue(value)}`
      : future._state === REJECTED
        ? ` exception=${value instanceof Error ? `${value.name}: ${value.message}` : describeValue(value)}`
        : '';
  const at = future._source === undefined ? '' : ` created at ${future._source}`;
  return `<${future._kind()} ${stateName(future)}${details}${at}>`;
}
