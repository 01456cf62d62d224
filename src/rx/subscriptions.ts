/**
 * Which Qt objects have live signal subscriptions from `fromSignal` and `nextSignal` (for the task monitor):
 * counted when a listener is added, uncounted when it is removed. Objects are held only while subscribed.
 *
 * @packageDocumentation
 */
import { describeQObject } from './listeners';

const live = new Map<object, Map<string, number>>();

/**
 * @internal Count one more listener of signal `name` on `obj`; returns the function that uncounts it
 * (idempotent).
 */
export function _countSubscription(obj: object, name: string): () => void {
  let names = live.get(obj);
  if (names === undefined) {
    names = new Map();
    live.set(obj, names);
  }
  names.set(name, (names.get(name) ?? 0) + 1);
  let counted = true;
  return () => {
    if (!counted) return;
    counted = false;
    const n = (names.get(name) ?? 1) - 1;
    if (n > 0) names.set(name, n);
    else names.delete(name);
    if (names.size === 0) live.delete(obj);
  };
}

/**
 * One Qt object's subscriptions to one signal, as {@link signalSubscriptions} lists them.
 *
 * @example
 * ```ts
 * import type { SignalSubscription } from 'qtasyncio/rx';
 * const row: SignalSubscription = { object: 'QPushButton#save', signal: 'clicked', subscribers: 2 };
 * ```
 */
export interface SignalSubscription {
  /** `QPushButton#save`: its class and Qt object name. */
  readonly object: string;
  /** The signal's name (`clicked`). */
  readonly signal: string;
  /** How many `fromSignal` subscriptions and pending `nextSignal` Futures listen to it now. */
  readonly subscribers: number;
}

/**
 * The live signal subscriptions made through `fromSignal` and `nextSignal`, per object and signal: what keeps
 * listeners attached (a leak shows as a count that only grows).
 *
 * @example
 * ```ts
 * import { QPushButton } from '@nodegui/nodegui';
 * import { fromSignal, signalSubscriptions } from 'qtasyncio/rx';
 * const button = new QPushButton();
 * const sub = fromSignal(button, 'clicked').subscribe();
 * signalSubscriptions(); // [{ object: 'QPushButton', signal: 'clicked', subscribers: 1 }]
 * ```
 */
export function signalSubscriptions(): SignalSubscription[] {
  const rows: SignalSubscription[] = [];
  for (const [obj, names] of live) {
    const object = describeQObject(obj);
    for (const [signal, subscribers] of names) rows.push({ object, signal, subscribers });
  }
  return rows;
}
