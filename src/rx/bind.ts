/**
 * Declarative UI: `bind(widget, { text: text$, enabled: enabled$ })` and `bindTo(widget, 'setText')` apply
 * streams through a widget's setters for as long as the widget lives.
 *
 * @packageDocumentation
 */
import { from, type Observable, type ObservableInput, Subscription } from 'rxjs';
import { describeValue } from '../core/render';
import { checkOptionKeys } from '../core/validate';
import type { EventLoop } from '../loop/eventLoop';
import { RxArgumentError } from './errors';
import { checkEmitter, describeEmitter, type RawEmitter } from './listeners';
import { resolveLoop } from './loopScheduler';
import { watchDestroyed } from './objectLifetime';
import { isObservableInput } from './observableInput';
import { ReportingObservable } from './reportingObservable';
import type { SignalEmitter } from './signalTypes';

// biome-ignore lint/suspicious/noExplicitAny: any setter
type AnySetter = (value: any, ...rest: any[]) => unknown;

/**
 * The setter methods of a widget that take a value: `'setText' | 'setEnabled' | …`.
 *
 * @example
 * ```ts
 * import { QLabel } from '@nodegui/nodegui';
 * import { type SetterName } from 'qtasyncio/rx';
 * const m: SetterName<QLabel> = 'setText';
 * ```
 */
export type SetterName<W> = {
  [K in keyof W]: K extends `set${string}`
    ? W[K] extends AnySetter
      ? Parameters<W[K]> extends []
        ? never
        : K
      : never
    : never;
}[keyof W] &
  string;

/**
 * The value a setter takes (its first parameter): `SetterValue<QLabel, 'setText'>` is `string | number`.
 *
 * @example
 * ```ts
 * import { QProgressBar } from '@nodegui/nodegui';
 * import { type SetterValue } from 'qtasyncio/rx';
 * const v: SetterValue<QProgressBar, 'setValue'> = 42;
 * ```
 */
export type SetterValue<W, M extends keyof W> = W[M] extends (value: infer A, ...rest: infer _R) => unknown
  ? A
  : never;

/**
 * What {@link bind} accepts for a widget: for each setter `setFoo(value)`, an optional key `foo` with a stream
 * of such values (`text` ↔ `setText`, `enabled` ↔ `setEnabled`, `value` ↔ `setValue`).
 *
 * @example
 * ```ts
 * import { QLabel } from '@nodegui/nodegui';
 * import { of } from 'rxjs';
 * import { type Bindings } from 'qtasyncio/rx';
 * const b: Bindings<QLabel> = { text: of('hello'), enabled: of(true) };
 * ```
 */
export type Bindings<W> = {
  [M in SetterName<W> as M extends `set${infer P}` ? Uncapitalize<P> : never]?: ObservableInput<
    SetterValue<W, M>
  >;
};

/** Options of {@link bind} and {@link bindTo}. */
export interface BindOptions {
  /** The loop whose exception handler gets stream and setter errors (default: the running, else current loop). */
  loop?: EventLoop;
}

/** What applies values to `raw[setter]`: setter and stream errors go to the exception handler. */
interface Applier {
  next(value: unknown): void;
  error(exception: unknown): void;
}

function applier(raw: RawEmitter, setter: string, where: string, loop: EventLoop | undefined): Applier {
  const call = (raw as unknown as Record<string, (v: unknown) => unknown>)[setter] as (v: unknown) => unknown;
  const report = (message: string, exception: unknown): void => {
    (loop ?? resolveLoop('bind', undefined)).callExceptionHandler({ message, exception });
  };
  return {
    next: (value) => {
      if (raw.native == null) return; // never call into a destroyed widget
      try {
        call.call(raw, value);
      } catch (exception) {
        report(`Exception in ${where} calling ${setter}()`, exception);
      }
    },
    error: (exception) => report(`Error in the stream of ${where} (${setter})`, exception),
  };
}

/**
 * Bind streams to a widget's setters: each value of `bindings.foo` is applied with `widget.setFoo(value)`.
 * Keys and value types come from the widget's `set*` methods (a wrong key or value type is a compile error).
 * Everything is tied to the widget's lifetime: when it is destroyed every binding is unsubscribed, and no
 * setter is ever called after destruction. A stream error (or a setter that throws) goes to the loop's
 * exception handler and leaves the other bindings in place. Unsubscribe the returned Subscription to unbind.
 *
 * @throws {@link RxArgumentError} when a key has no setter or a value is not an ObservableInput.
 * @see {@link bindTo}
 * @example
 * ```ts
 * import { QProgressBar, QPushButton } from '@nodegui/nodegui';
 * import { BehaviorSubject, map, type Observable } from 'rxjs';
 * import { bind } from 'qtasyncio/rx';
 * declare const progress: QProgressBar;
 * declare const progress$: Observable<number>;
 * declare const saveButton: QPushButton;
 * const busy$ = new BehaviorSubject(false);
 * bind(saveButton, { enabled: busy$.pipe(map((b) => !b)), text: busy$.pipe(map((b) => (b ? 'Saving…' : 'Save'))) });
 * bind(progress, { value: progress$ });
 * ```
 */
export function bind<W extends SignalEmitter>(
  widget: W,
  bindings: Bindings<W>,
  options: BindOptions = {},
): Subscription {
  const raw: unknown = widget;
  checkEmitter('bind', raw, 'widget');
  if (typeof bindings !== 'object' || bindings === null) {
    throw new RxArgumentError(
      `bind(bindings): expected an object of streams, got ${describeValue(bindings)}`,
    );
  }
  checkOptionKeys('bind', options, ['loop'], RxArgumentError);
  const loop = options.loop === undefined ? undefined : resolveLoop('bind', options.loop);
  const entries: [string, ObservableInput<unknown>][] = [];
  for (const [key, source] of Object.entries(bindings as Record<string, unknown>)) {
    if (source === undefined) continue;
    const setter = `set${key.charAt(0).toUpperCase()}${key.slice(1)}`;
    if (typeof (raw as unknown as Record<string, unknown>)[setter] !== 'function') {
      throw new RxArgumentError(`bind(bindings.${key}): a ${describeEmitter(raw)} has no method ${setter}()`);
    }
    if (!isObservableInput(source)) {
      throw new RxArgumentError(
        `bind(bindings.${key}): expected an Observable, got ${describeValue(source)}`,
      );
    }
    entries.push([setter, source as ObservableInput<unknown>]);
  }
  const all = new Subscription();
  if (raw.native == null) {
    all.unsubscribe();
    return all;
  }
  all.add(watchDestroyed(raw, () => all.unsubscribe()));
  const where = `bind(${describeEmitter(raw)})`;
  for (const [setter, source] of entries) {
    if (all.closed) break;
    all.add(from(source).subscribe(applier(raw, setter, where, loop)));
  }
  return all;
}

/**
 * An operator-style sink: `stream.pipe(bindTo(widget, 'setText')).subscribe()` applies each value with that
 * setter (and passes it on), for the widget's lifetime: the stream completes when the widget is destroyed, and
 * no setter is called after that. A setter error or a stream error goes to the loop's exception handler (a
 * stream error then completes the stream), so the subscriber needs no error callback.
 *
 * @throws {@link RxArgumentError} when the widget has no such method.
 * @see {@link bind}
 * @example
 * ```ts
 * import { QLabel } from '@nodegui/nodegui';
 * import { map, type Observable } from 'rxjs';
 * import { bindTo } from 'qtasyncio/rx';
 * declare const label: QLabel;
 * declare const count$: Observable<number>;
 * count$.pipe(map(String), bindTo(label, 'setText')).subscribe();
 * ```
 */
export function bindTo<W extends SignalEmitter, M extends SetterName<W>>(
  widget: W,
  setter: M,
  options: BindOptions = {},
): <T extends SetterValue<W, M>>(source: Observable<T>) => Observable<T> {
  const raw: unknown = widget;
  checkEmitter('bindTo', raw, 'widget');
  if (
    typeof setter !== 'string' ||
    typeof (raw as unknown as Record<string, unknown>)[setter] !== 'function'
  ) {
    throw new RxArgumentError(
      `bindTo(setter): expected the name of a method of the ${describeEmitter(raw)}, got ${describeValue(setter)}`,
    );
  }
  checkOptionKeys('bindTo', options, ['loop'], RxArgumentError);
  const loop = options.loop === undefined ? undefined : resolveLoop('bindTo', options.loop);
  const where = `bindTo(${describeEmitter(raw)}, ${JSON.stringify(setter)})`;
  const apply = applier(raw, setter, `bindTo(${describeEmitter(raw)})`, loop);
  return <T extends SetterValue<W, M>>(source: Observable<T>): Observable<T> =>
    new ReportingObservable<T>(where, loop, (subscriber) => {
      if (raw.native == null) {
        subscriber.complete();
        return;
      }
      const unwatch = watchDestroyed(raw, () => subscriber.complete());
      const sub = source.subscribe({
        next: (value) => {
          if (raw.native == null) return;
          apply.next(value);
          subscriber.next(value);
        },
        error: (exception: unknown) => {
          apply.error(exception);
          subscriber.complete();
        },
        complete: () => subscriber.complete(),
      });
      return () => {
        unwatch();
        sub.unsubscribe();
      };
    });
}
