/**
 * Streams that report instead of ending the program. A plain RxJS Observable hands an error that nobody handles
 * (a subscriber callback that throws, an error notification without an error callback) to RxJS's
 * `reportUnhandledError`, which rethrows it asynchronously: in Node that ends the process with exit code 1. A
 * Qt program should live on, as it does after an exception in a slot, so the streams made by `qtasyncio/rx`
 * (`fromSignal`, `fromQEvent`, `fromTask`, the task operators, `bindTo`, `untilDestroyed`, and every stream
 * piped from them) report such errors to the loop's exception handler, as `asyncSlot` does. RxJS's global
 * `config` is left alone; {@link setStreamErrorPolicy} opts back into RxJS's fatal behaviour.
 *
 * How: these streams are a subclass of Observable whose `lift` keeps the subclass through `pipe(...)`, and
 * whose `subscribe` guards the callbacks a program passes (never the Subscribers that operators pass each
 * other). A stream combined by an RxJS creation function (`merge`, `combineLatest`…) is RxJS's own again.
 *
 * @packageDocumentation
 */
import { Observable, type Observer, type Operator, Subscriber, type Subscription } from 'rxjs';
import { _getOrNewEventLoop } from '../core/events';
import { describeValue } from '../core/render';
import type { EventLoop } from '../loop/eventLoop';
import { RxArgumentError } from './errors';

/**
 * What happens to an error that a stream of `qtasyncio/rx` cannot deliver (a subscriber callback threw, or the
 * stream failed and its subscriber has no error callback): `'report'` (the default) hands it to the loop's
 * exception handler and the program goes on; `'throw'` hands it to RxJS like a plain Observable does
 * (RxJS's `config.onUnhandledError` when set, otherwise rethrown asynchronously: Node ends the process with
 * exit code 1).
 */
export type StreamErrorPolicy = 'report' | 'throw';

const POLICIES = ['report', 'throw'] as const;
let policy: StreamErrorPolicy = 'report';

/**
 * Choose what happens to errors that the streams of `qtasyncio/rx` cannot deliver (see
 * {@link StreamErrorPolicy}), for every such stream in this program; returns the previous policy.
 *
 * @throws {@link RxArgumentError} for anything but `'report'` or `'throw'`.
 * @example
 * ```ts
 * import { QPushButton } from '@nodegui/nodegui';
 * import { fromSignal, setStreamErrorPolicy } from 'qtasyncio/rx';
 * declare const button: QPushButton;
 * setStreamErrorPolicy('throw'); // fail fast: an exception in a subscriber ends the program (exit code 1)
 * fromSignal(button, 'clicked').subscribe(() => {
 *   throw new Error('boom');
 * });
 * ```
 */
export function setStreamErrorPolicy(next: StreamErrorPolicy): StreamErrorPolicy {
  if (!POLICIES.includes(next)) {
    throw new RxArgumentError(
      `setStreamErrorPolicy(policy): expected "report" or "throw", got ${describeValue(next)}`,
    );
  }
  const previous = policy;
  policy = next;
  return previous;
}

/** Where reports of one stream go, and how they name it. */
interface Origin {
  /** The call that made the stream, e.g. `fromSignal(QPushButton, "clicked")`. */
  readonly where: string;
  /** The loop whose exception handler gets the reports (default: the running, else the current loop). */
  readonly loop: EventLoop | undefined;
}

function unhandled(origin: Origin, message: string, exception: unknown): void {
  // Rethrown inside RxJS's own subscriber, it takes RxJS's unhandled-error path.
  if (policy === 'throw') throw exception;
  (origin.loop ?? _getOrNewEventLoop()).callExceptionHandler({ message, exception });
}

function guard<T>(
  origin: Origin,
  observerOrNext: Partial<Observer<T>> | ((value: T) => void) | null | undefined,
  error: ((error: unknown) => void) | null | undefined,
  complete: (() => void) | null | undefined,
): Partial<Observer<T>> {
  const o: { [K in keyof Observer<T>]?: Observer<T>[K] | undefined } =
    typeof observerOrNext === 'function' || observerOrNext == null
      ? { next: observerOrNext ?? undefined, error: error ?? undefined, complete: complete ?? undefined }
      : observerOrNext;
  const inSubscriber = `Exception in a subscriber of ${origin.where}`;
  return {
    next: (value) => {
      try {
        o.next?.(value);
      } catch (exception) {
        unhandled(origin, inSubscriber, exception);
      }
    },
    error: (exception: unknown) => {
      if (o.error === undefined) {
        unhandled(
          origin,
          `Unhandled error in a stream of ${origin.where} (its subscriber has no error callback)`,
          exception,
        );
        return;
      }
      try {
        o.error(exception);
      } catch (thrown) {
        unhandled(origin, inSubscriber, thrown);
      }
    },
    complete: () => {
      try {
        o.complete?.();
      } catch (exception) {
        unhandled(origin, inSubscriber, exception);
      }
    },
  };
}

/** A Subscriber, also of another copy of RxJS (RxJS's own test: an Observer that is also a Subscription). */
function isSubscriber<T>(x: unknown): x is Subscriber<T> {
  if (x instanceof Subscriber) return true;
  if (typeof x !== 'object' || x === null || !('closed' in x)) return false;
  const s = x as Record<string, unknown>;
  return ['next', 'error', 'complete', 'add', 'remove', 'unsubscribe'].every(
    (k) => typeof s[k] === 'function',
  );
}

/**
 * An Observable that reports the errors it cannot deliver to the loop's exception handler (see the module
 * documentation); `pipe(...)` keeps it one.
 *
 * @internal
 * @example
 * ```ts
 * import { ReportingObservable } from './reportingObservable';
 * const clicks = new ReportingObservable('fromSignal(QPushButton, "clicked")', undefined, (s) => s.next(1));
 * ```
 */
export class ReportingObservable<T> extends Observable<T> {
  /** @internal */ readonly _origin: Origin;

  /**
   * @param where - the call that made the stream, for messages.
   * @param loop - the loop whose exception handler gets the reports (default: the running, else the current loop).
   * @param subscribe - what a plain `new Observable(subscribe)` takes.
   */
  constructor(
    where: string,
    loop: EventLoop | undefined,
    subscribe?: ConstructorParameters<typeof Observable<T>>[0],
  ) {
    super(subscribe);
    this._origin = { where, loop };
  }

  /** @internal `pipe(...)` builds on `lift`: the piped stream reports too. */
  override lift<R>(operator?: Operator<T, R>): Observable<R> {
    const lifted = new ReportingObservable<R>(this._origin.where, this._origin.loop);
    lifted.source = this;
    lifted.operator = operator;
    return lifted;
  }

  /** Subscribe; callbacks that throw, and errors without an error callback, are reported (see the module). */
  override subscribe(
    observerOrNext?: Partial<Observer<T>> | ((value: T) => void) | null,
    error?: ((error: unknown) => void) | null,
    complete?: (() => void) | null,
  ): Subscription {
    // An operator's (or firstValueFrom's) Subscriber passes errors on itself.
    if (isSubscriber(observerOrNext)) return super.subscribe(observerOrNext);
    return super.subscribe(guard(this._origin, observerOrNext, error, complete));
  }
}

/**
 * `source` as a {@link ReportingObservable} that names `where` (for streams built by RxJS operators).
 *
 * @internal
 * @example
 * ```ts
 * import { type Observable, type OperatorFunction, switchMap } from 'rxjs';
 * import { reporting } from './reportingObservable';
 * declare function project(value: string): Observable<number>;
 * const operator: OperatorFunction<string, number> = (source) =>
 *   reporting(switchMap(project)(source), 'switchMapTask(fn)', loop);
 * ```
 */
export function reporting<T>(
  source: Observable<T>,
  where: string,
  loop: EventLoop | undefined,
): Observable<T> {
  return new ReportingObservable<T>(where, loop, (subscriber) => source.subscribe(subscriber));
}
