/**
 * Types that read a NodeGui object's signal map (`QLineEditSignals`, `QPushButtonSignals`…): which names it
 * has and what each one carries. They make a wrong signal name or payload type a compile error.
 *
 * @packageDocumentation
 */
import type { EventWidget, WidgetEventTypes } from '@nodegui/nodegui';
import type { SignalMapRegistry } from './signalMaps';

/**
 * A NodeGui object that emits signals and QEvents (every `QObject`/`QWidget` wrapper is one).
 *
 * @example
 * ```ts
 * import { QPushButton } from '@nodegui/nodegui';
 * import { type SignalEmitter } from 'qtasyncio/rx';
 * const e: SignalEmitter = new QPushButton();
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: any signal map
export type SignalEmitter = EventWidget<any>;

/**
 * The signal names of a NodeGui object: `SignalName<QLineEdit>` is `'textChanged' | 'returnPressed' | …`.
 * (Read from the constraint of its `addEventListener<K extends keyof Signals>` overload: exact for every
 * NodeGui object, custom signal maps included.)
 *
 * @example
 * ```ts
 * import { QLineEdit } from '@nodegui/nodegui';
 * import { type SignalName } from 'qtasyncio/rx';
 * const name: SignalName<QLineEdit> = 'textChanged';
 * ```
 */
export type SignalName<E> = E extends {
  /** NodeGui's `addEventListener` overloads: the first one's first parameter is the signal-name union. */
  addEventListener: {
    // biome-ignore lint/suspicious/noExplicitAny: matching NodeGui's two overloads
    (signalType: infer K, callback: any, options?: any): void;
    // biome-ignore lint/suspicious/noExplicitAny: matching NodeGui's two overloads
    (eventType: any, callback: any, options?: any): void;
  };
}
  ? K & string
  : never;

/**
 * The signal map of a NodeGui object: the map in {@link SignalMapRegistry} whose keys are exactly the object's
 * signal names (`SignalsOf<QLineEdit>` is `QLineEditSignals`); `never` when none is registered.
 *
 * @example
 * ```ts
 * import { QLineEdit } from '@nodegui/nodegui';
 * import { type SignalsOf } from 'qtasyncio/rx';
 * type S = SignalsOf<QLineEdit>; // QLineEditSignals
 * ```
 */
export type SignalsOf<E> = {
  [N in keyof SignalMapRegistry]: [keyof SignalMapRegistry[N]] extends [SignalName<E>]
    ? [SignalName<E>] extends [keyof SignalMapRegistry[N]]
      ? SignalMapRegistry[N]
      : never
    : never;
}[keyof SignalMapRegistry];

/**
 * What a listener's parameter list becomes as one value: nothing → `undefined`, one parameter → that value,
 * several → a tuple.
 *
 * @example
 * ```ts
 * import { type PayloadOf } from 'qtasyncio/rx';
 * type P = PayloadOf<[oldPos: number, newPos: number]>; // [oldPos: number, newPos: number]
 * ```
 */
export type PayloadOf<A extends readonly unknown[]> = A extends readonly []
  ? undefined
  : A extends readonly [infer X]
    ? X
    : A extends readonly [(infer X)?]
      ? X | undefined
      : A;

/**
 * What signal `K` of object `E` carries (`unknown` for an object whose map is not registered): `SignalPayload<QLineEdit, 'textChanged'>` is `string`,
 * `SignalPayload<QLineEdit, 'cursorPositionChanged'>` is `[oldPos: number, newPos: number]`,
 * `SignalPayload<QPushButton, 'pressed'>` is `undefined`.
 *
 * @example
 * ```ts
 * import { QLineEdit } from '@nodegui/nodegui';
 * import { type SignalPayload } from 'qtasyncio/rx';
 * const text: SignalPayload<QLineEdit, 'textChanged'> = 'hello';
 * ```
 */
export type SignalPayload<E, K extends string> = [SignalsOf<E>] extends [never]
  ? unknown
  : K extends keyof SignalsOf<E>
    ? SignalsOf<E>[K] extends (...args: infer A) => unknown
      ? PayloadOf<A>
      : unknown
    : unknown;

/**
 * A QEvent type name: a `WidgetEventTypes` member or its string (`WidgetEventTypes.MouseButtonPress` or
 * `'MouseButtonPress'`); any other string is a compile error.
 *
 * @example
 * ```ts
 * import { type QEventName } from 'qtasyncio/rx';
 * const t: QEventName = 'KeyPress';
 * ```
 */
export type QEventName = WidgetEventTypes | `${WidgetEventTypes}`;

/**
 * The raw QEvent handed to QEvent listeners (wrap it with `new QMouseEvent(native)` and friends). It is only
 * valid while the listener runs.
 *
 * @example
 * ```ts
 * import { QMouseEvent, QWidget } from '@nodegui/nodegui';
 * import { fromQEvent } from 'qtasyncio/rx';
 * declare const w: QWidget;
 * fromQEvent(w, 'MouseButtonPress').subscribe((native) => console.log(new QMouseEvent(native).x()));
 * ```
 */
export type NativeQEvent = Record<'QEvent', unknown>;
