/**
 * `nextSignal(emitter, name, options)`: await the next emission of a Qt signal as a loop Future.
 *
 * @packageDocumentation
 */
import { TimeoutError } from '../core/errors';
import { describeValue } from '../core/render';
import { checkFunction, checkOptionalMs, checkOptionKeys } from '../core/validate';
import { Future } from '../futures/future';
import type { EventLoop } from '../loop/eventLoop';
import { ObjectDestroyedError, RxArgumentError, RxRangeError } from './errors';
import { payloadOf } from './fromSignal';
import {
  checkEmitter,
  checkSignalName,
  describeEmitter,
  describeQObject,
  type RawEmitter,
  removeListener,
} from './listeners';
import { resolveLoop } from './loopScheduler';
import { watchDestroyed } from './objectLifetime';
import type { SignalEmitter, SignalName, SignalPayload } from './signalTypes';
import { _countSubscription } from './subscriptions';

/** Options of {@link nextSignal}. */
export interface NextSignalOptions<P> {
  /** Fail with `TimeoutError` after this many ms (loop time). */
  timeoutMs?: number;
  /** Cancel the Future when this signal aborts. */
  signal?: AbortSignal;
  /** Only an emission whose payload passes this test completes the Future (an error it throws fails it). */
  filter?: (payload: P) => boolean;
  /** The loop of the Future and its timeout (default: the running loop, else the current loop). */
  loop?: EventLoop;
}

/** A Future that cleans up (listener, timer, watchers) as soon as it is done, cancel included. */
class SignalFuture<T> extends Future<T> {
  /** @internal */ _cleanup: (() => void) | null = null;
  /** @internal the object whose signal it waits for */ readonly _emitter: RawEmitter;
  /** @internal */ readonly _signalName: string;

  constructor(loop: EventLoop, emitter: RawEmitter, signalName: string) {
    super(loop);
    this._emitter = emitter;
    this._signalName = signalName;
  }

  /** @internal What it stands for in call graphs (asked only when one is drawn). */
  _describeAwait(): string {
    return `signal ${this._signalName} of ${describeQObject(this._emitter)}`;
  }

  override cancel(msg?: string): boolean {
    const cancelled = super.cancel(msg);
    this._dispose();
    return cancelled;
  }
  /** @internal */
  _dispose(): void {
    const cleanup = this._cleanup;
    this._cleanup = null;
    cleanup?.();
  }
}

/**
 * A loop Future of the next emission of signal `name` of `emitter` (its payload, as in {@link fromSignal}).
 * Awaiting it inside a Task awaits the signal like any future: cancelling the Future (or the Task awaiting it)
 * removes the listener. With `timeoutMs` it fails with `TimeoutError`; when the object is destroyed first it
 * fails with {@link ObjectDestroyedError}; an aborted `signal` cancels it.
 *
 * @throws {@link RxArgumentError} / {@link RxRangeError} for a bad argument or option.
 * @see {@link fromSignal}, {@link signalIterator}
 * @example
 * ```ts
 * import { QLineEdit, QPushButton } from '@nodegui/nodegui';
 * import { nextSignal } from 'qtasyncio/rx';
 * declare const button: QPushButton;
 * declare const edit: QLineEdit;
 * await loop.runUntilComplete(async () => {
 *   const checked = await nextSignal(button, 'clicked', { timeoutMs: 5000 });
 *   const text = await nextSignal(edit, 'textChanged', { filter: (t) => t.endsWith('\n') });
 * });
 * ```
 */
export function nextSignal<E extends SignalEmitter, K extends SignalName<E>>(
  emitter: E,
  name: K,
  options: NextSignalOptions<SignalPayload<E, K>> = {},
): Future<SignalPayload<E, K>> {
  type P = SignalPayload<E, K>;
  const raw: unknown = emitter;
  checkEmitter('nextSignal', raw);
  checkSignalName('nextSignal', name, raw);
  checkOptionKeys('nextSignal', options, ['timeoutMs', 'signal', 'filter', 'loop'], RxArgumentError);
  const { timeoutMs, signal, filter } = options;
  checkOptionalMs('nextSignal', 'options.timeoutMs', timeoutMs, {
    type: RxArgumentError,
    range: RxRangeError,
  });
  if (filter !== undefined) checkFunction('nextSignal', 'options.filter', filter, RxArgumentError);
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new RxArgumentError(
      `nextSignal(options.signal): expected an AbortSignal, got ${describeValue(signal)}`,
    );
  }
  const loop = resolveLoop('nextSignal', options.loop);
  const future = new SignalFuture<P>(loop, raw, name);
  const what = `nextSignal(emitter, ${JSON.stringify(name)})`;
  if (raw.native == null) {
    future.setException(
      new ObjectDestroyedError(`${what}: the ${describeEmitter(raw)} was already destroyed`),
    );
    return future;
  }
  if (signal?.aborted) {
    future.cancel(abortMessage(signal));
    return future;
  }
  const listener = (...args: unknown[]): void => {
    if (future.done()) return;
    const payload = payloadOf(args) as P;
    if (filter !== undefined) {
      let pass: boolean;
      try {
        pass = filter(payload);
      } catch (error) {
        future._dispose();
        future.setException(error);
        return;
      }
      if (!pass) return;
    }
    future._dispose();
    future.setResult(payload);
  };
  raw.addEventListener(name, listener);
  const uncount = _countSubscription(raw, name);
  const unwatch = watchDestroyed(raw, () => {
    future._dispose();
    if (!future.done())
      future.setException(new ObjectDestroyedError(`${what}: the ${describeEmitter(raw)} was destroyed`));
  });
  const timer =
    timeoutMs === undefined
      ? null
      : loop.callLater(timeoutMs, () => {
          future._dispose();
          if (!future.done())
            future.setException(new TimeoutError(`${what}: no signal within ${timeoutMs} ms`));
        });
  const onAbort = (): void => {
    future.cancel(abortMessage(signal));
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  future._cleanup = () => {
    removeListener(raw, name, listener);
    uncount();
    unwatch();
    timer?.cancel();
    signal?.removeEventListener('abort', onAbort);
  };
  return future;
}

function abortMessage(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason.message : reason === undefined ? '' : String(reason);
}
