/**
 * `fromQEvent(widget, type)`: QEvents of a NodeGui widget (`WidgetEventTypes`) as an Observable.
 *
 * @packageDocumentation
 */
import type { Observable } from 'rxjs';
import { describeValue } from '../core/render';
import { checkBoolean, checkOptionKeys } from '../core/validate';
import { RxArgumentError } from './errors';
import { checkEmitter, describeEmitter, removeListener } from './listeners';
import { watchDestroyed } from './objectLifetime';
import { ReportingObservable } from './reportingObservable';
import type { NativeQEvent, QEventName, SignalEmitter } from './signalTypes';

/** Options of {@link fromQEvent}. */
export interface FromQEventOptions<E> {
  /**
   * Deliver the event after the widget's own handling (NodeGui's `afterDefault` listeners) instead of before.
   */
  afterDefault?: boolean;
  /** Wrap the raw event, e.g. `QMouseEvent` or `QKeyEvent` (default: the raw native event). */
  wrap?: new (
    native: NativeQEvent,
  ) => E;
}

/**
 * An Observable of the QEvents of type `type` that `widget` receives. The value is the raw event (valid only
 * while the subscriber runs), or `new options.wrap(raw)`. The subscriber can call
 * `widget.setEventProcessed(true)` to stop Qt's own handling. Each subscription adds one listener and removes
 * it on unsubscribe; the Observable completes when the widget is destroyed. A subscriber's exception goes to
 * the loop's exception handler (see {@link setStreamErrorPolicy}).
 *
 * @throws {@link RxArgumentError} when `widget` is not a NodeGui object or `type` not an event type name.
 * @see {@link fromSignal}
 * @example
 * ```ts
 * import { QMouseEvent, QWidget, WidgetEventTypes } from '@nodegui/nodegui';
 * import { fromQEvent } from 'qtasyncio/rx';
 * declare const canvas: QWidget;
 * fromQEvent(canvas, WidgetEventTypes.MouseButtonPress, { wrap: QMouseEvent })
 *   .subscribe((e) => console.log(e.x(), e.y()));
 * ```
 */
export function fromQEvent<E = NativeQEvent>(
  widget: SignalEmitter,
  type: QEventName,
  options: FromQEventOptions<E> = {},
): Observable<E> {
  const raw: unknown = widget;
  checkEmitter('fromQEvent', raw, 'widget');
  if (typeof type !== 'string' || type.length === 0 || type.charAt(0) !== type.charAt(0).toUpperCase()) {
    throw new RxArgumentError(
      `fromQEvent(type): expected a QEvent type name (a WidgetEventTypes member), got ${describeValue(type)}`,
    );
  }
  checkOptionKeys('fromQEvent', options, ['afterDefault', 'wrap'], RxArgumentError);
  const { wrap } = options;
  if (wrap !== undefined && typeof wrap !== 'function') {
    throw new RxArgumentError(`fromQEvent(options.wrap): expected a class, got ${describeValue(wrap)}`);
  }
  if (options.afterDefault !== undefined) {
    checkBoolean('fromQEvent', 'options.afterDefault', options.afterDefault, RxArgumentError);
  }
  const afterDefault = options.afterDefault === true;
  const listenerOptions = afterDefault ? { afterDefault } : undefined;
  const where = `fromQEvent(${describeEmitter(raw)}, ${JSON.stringify(type)})`;
  return new ReportingObservable<E>(where, undefined, (subscriber) => {
    if (raw.native == null) {
      subscriber.complete();
      return;
    }
    const listener = (event: NativeQEvent): void => {
      subscriber.next(wrap === undefined ? (event as E) : new wrap(event));
    };
    raw.addEventListener(type, listener, listenerOptions);
    const unwatch = watchDestroyed(raw, () => {
      removeListener(raw, type, listener, afterDefault);
      subscriber.complete();
    });
    return () => {
      unwatch();
      removeListener(raw, type, listener, afterDefault);
    };
  });
}
