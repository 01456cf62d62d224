/**
 * `fromSignal(emitter, name)`: a Qt signal of a NodeGui object as an Observable.
 *
 * @packageDocumentation
 */
import type { Observable } from 'rxjs';
import { checkEmitter, checkSignalName, describeEmitter, removeListener } from './listeners';
import { watchDestroyed } from './objectLifetime';
import { ReportingObservable } from './reportingObservable';
import type { SignalEmitter, SignalName, SignalPayload } from './signalTypes';

/** @internal One signal emission as one value: no argument → undefined, one → it, several → a tuple. */
export function payloadOf(args: unknown[]): unknown {
  return args.length === 0 ? undefined : args.length === 1 ? args[0] : args;
}

/**
 * An Observable of signal `name` of `emitter`. It emits the signal's argument (a tuple when the signal carries
 * several, `undefined` when none), synchronously inside Qt's emission. Names and payload types come from the
 * object's NodeGui signal map: a wrong name or payload type is a compile error.
 *
 * Each subscription adds one NodeGui listener and removes it on unsubscribe. The Observable **completes when
 * the Qt object is destroyed** (and at once when subscribed after that); the listener is then removed too.
 *
 * An exception thrown by a subscriber (or an error its subscriber has no callback for) goes to the loop's
 * exception handler, `Exception in a subscriber of fromSignal(QPushButton, "clicked")`, and the program goes
 * on; this holds for every stream piped from it too (see {@link setStreamErrorPolicy}).
 *
 * @throws {@link RxArgumentError} when `emitter` is not a NodeGui object or `name` is not a signal name.
 * @see {@link nextSignal}, {@link signalIterator}, {@link fromQEvent}
 * @example
 * ```ts
 * import { QLineEdit } from '@nodegui/nodegui';
 * import { fromSignal } from 'qtasyncio/rx';
 * const edit = new QLineEdit();
 * fromSignal(edit, 'textChanged').subscribe((text) => console.log(text.length)); // text: string
 * fromSignal(edit, 'cursorPositionChanged').subscribe(([oldPos, newPos]) => console.log(oldPos, newPos));
 * ```
 */
export function fromSignal<E extends SignalEmitter, K extends SignalName<E>>(
  emitter: E,
  name: K,
): Observable<SignalPayload<E, K>> {
  const raw: unknown = emitter;
  checkEmitter('fromSignal', raw);
  checkSignalName('fromSignal', name, raw);
  const where = `fromSignal(${describeEmitter(raw)}, ${JSON.stringify(name)})`;
  return new ReportingObservable<SignalPayload<E, K>>(where, undefined, (subscriber) => {
    if (raw.native == null) {
      subscriber.complete();
      return;
    }
    const listener = (...args: unknown[]): void => {
      subscriber.next(payloadOf(args) as SignalPayload<E, K>);
    };
    raw.addEventListener(name, listener);
    const unwatch = watchDestroyed(raw, () => {
      removeListener(raw, name, listener);
      subscriber.complete();
    });
    return () => {
      unwatch();
      removeListener(raw, name, listener);
    };
  });
}
