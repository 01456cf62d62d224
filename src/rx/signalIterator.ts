/**
 * `signalIterator(emitter, name, options)`: a Qt signal as an `AsyncIterable` for `for await`.
 *
 * @packageDocumentation
 */
import { describeValue } from '../core/render';
import { checkOneOf, checkOptionKeys } from '../core/validate';
import { Future } from '../futures/future';
import type { EventLoop } from '../loop/eventLoop';
import { RxArgumentError, RxRangeError, SignalOverflowError } from './errors';
import { payloadOf } from './fromSignal';
import { checkEmitter, checkSignalName, describeEmitter, type RawEmitter, removeListener } from './listeners';
import { resolveLoop } from './loopScheduler';
import { watchDestroyed } from './objectLifetime';
import type { SignalEmitter, SignalName, SignalPayload } from './signalTypes';

/** What happens when a signal arrives and the buffer is full. */
export type OverflowPolicy = 'drop-oldest' | 'drop-newest' | 'error';

/** Options of {@link signalIterator}. */
export interface SignalIteratorOptions {
  /** How many unread emissions are kept (default 1024). */
  bufferSize?: number;
  /** When the buffer is full: drop the oldest, drop the new one, or fail the next read (default `'error'`). */
  overflow?: OverflowPolicy;
  /** The loop of the Futures that `next()` returns (default: the running loop, else the current loop). */
  loop?: EventLoop;
}

/** A pending `next()`: cancelling it (or the task awaiting it) closes the iterator. */
class NextFuture<T> extends Future<IteratorResult<T>> {
  /** @internal */ _onCancel: (() => void) | null = null;
  override cancel(msg?: string): boolean {
    const cancelled = super.cancel(msg);
    if (cancelled) this._onCancel?.();
    return cancelled;
  }
}

class SignalIterator<T> implements AsyncIterableIterator<T> {
  readonly #loop: EventLoop;
  readonly #size: number;
  readonly #overflow: OverflowPolicy;
  readonly #buffer: T[] = [];
  #head = 0;
  #waiter: NextFuture<T> | null = null;
  #error: Error | null = null;
  #detach: (() => void) | null;
  readonly #describe: string;

  constructor(raw: RawEmitter, name: string, loop: EventLoop, size: number, overflow: OverflowPolicy) {
    this.#loop = loop;
    this.#size = size;
    this.#overflow = overflow;
    this.#describe = `signalIterator(emitter, ${JSON.stringify(name)}) of a ${describeEmitter(raw)}`;
    const listener = (...args: unknown[]): void => this.#push(payloadOf(args) as T);
    if (raw.native == null) {
      this.#detach = null;
      return;
    }
    raw.addEventListener(name, listener);
    const unwatch = watchDestroyed(raw, () => this.#close());
    this.#detach = () => {
      unwatch();
      removeListener(raw, name, listener);
    };
  }

  #push(value: T): void {
    const waiter = this.#waiter;
    if (waiter !== null) {
      this.#waiter = null;
      waiter.setResult({ value, done: false });
      return;
    }
    if (this.#buffer.length - this.#head >= this.#size) {
      if (this.#overflow === 'drop-newest') return;
      if (this.#overflow === 'drop-oldest') this.#head++;
      else {
        this.#error = new SignalOverflowError(
          `${this.#describe}: more than ${this.#size} unread signals (bufferSize ${this.#size}, overflow "error")`,
        );
        this.#close();
        return;
      }
    }
    this.#buffer.push(value);
  }

  /** Stop listening; a pending read ends (done) or fails (overflow). */
  #close(): void {
    const detach = this.#detach;
    this.#detach = null;
    detach?.();
    const waiter = this.#waiter;
    if (waiter !== null) {
      this.#waiter = null;
      if (this.#error !== null) waiter.setException(this.#takeError());
      else waiter.setResult({ value: undefined, done: true });
    }
  }

  #takeError(): Error {
    const e = this.#error as Error;
    this.#error = null;
    this.#buffer.length = 0;
    this.#head = 0;
    return e;
  }

  next(): Promise<IteratorResult<T>> {
    const f = new NextFuture<T>(this.#loop);
    if (this.#head < this.#buffer.length) {
      const value = this.#buffer[this.#head] as T;
      this.#buffer[this.#head] = undefined as T;
      this.#head++;
      if (this.#head === this.#buffer.length) {
        this.#buffer.length = 0;
        this.#head = 0;
      } else if (this.#head > 1024 && this.#head * 2 > this.#buffer.length) {
        this.#buffer.splice(0, this.#head);
        this.#head = 0;
      }
      f.setResult({ value, done: false });
    } else if (this.#error !== null) f.setException(this.#takeError());
    else if (this.#detach === null) f.setResult({ value: undefined, done: true });
    else if (this.#waiter !== null) {
      f.setException(new RxArgumentError(`${this.#describe}: next() called while another next() is pending`));
    } else {
      f._onCancel = () => {
        if (this.#waiter === f) this.#waiter = null;
        this.#close();
      };
      this.#waiter = f;
    }
    return f as unknown as Promise<IteratorResult<T>>;
  }

  return(): Promise<IteratorResult<T>> {
    this.#error = null;
    this.#buffer.length = 0;
    this.#head = 0;
    this.#close();
    const f = new Future<IteratorResult<T>>(this.#loop);
    f.setResult({ value: undefined, done: true });
    return f as unknown as Promise<IteratorResult<T>>;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/**
 * An async iterator over the emissions of signal `name` of `emitter` (payloads as in {@link fromSignal}), for
 * `for await`. It listens from the moment it is created and buffers up to `bufferSize` unread emissions; when
 * full, `overflow` decides. Leaving the loop (`break`, `return`, an exception) removes the listener; so does
 * cancelling the task that awaits it. The iteration ends when the Qt object is destroyed (after the buffered
 * values). `next()` returns loop Futures, so a Task awaiting it is cancellable there.
 *
 * @throws {@link RxArgumentError} / {@link RxRangeError} for a bad argument or option.
 * @see {@link fromSignal}, {@link nextSignal}
 * @example
 * ```ts
 * import { QLabel, QLineEdit } from '@nodegui/nodegui';
 * import { signalIterator } from 'qtasyncio/rx';
 * declare const edit: QLineEdit;
 * declare const label: QLabel;
 * declare function lookup(text: string): Promise<string[]>;
 * for await (const text of signalIterator(edit, 'textChanged', { bufferSize: 1, overflow: 'drop-oldest' })) {
 *   label.setText((await lookup(text)).join(', '));
 *   if (text === 'quit') break; // removes the listener
 * }
 * ```
 */
export function signalIterator<E extends SignalEmitter, K extends SignalName<E>>(
  emitter: E,
  name: K,
  options: SignalIteratorOptions = {},
): AsyncIterableIterator<SignalPayload<E, K>> {
  const raw: unknown = emitter;
  checkEmitter('signalIterator', raw);
  checkSignalName('signalIterator', name, raw);
  checkOptionKeys('signalIterator', options, ['bufferSize', 'overflow', 'loop'], RxArgumentError);
  const size = options.bufferSize ?? 1024;
  if (typeof size !== 'number') {
    throw new RxArgumentError(
      `signalIterator(options.bufferSize): expected an integer ≥ 1, got ${describeValue(size)}`,
    );
  }
  if (!(size === Number.POSITIVE_INFINITY || (Number.isInteger(size) && size >= 1))) {
    throw new RxRangeError(
      `signalIterator(options.bufferSize): expected an integer ≥ 1, got ${describeValue(size)}`,
    );
  }
  checkOneOf(
    'signalIterator',
    'options.overflow',
    options.overflow,
    ['drop-oldest', 'drop-newest', 'error'] as const,
    RxArgumentError,
  );
  const loop = resolveLoop('signalIterator', options.loop);
  return new SignalIterator<SignalPayload<E, K>>(raw, name, loop, size, options.overflow ?? 'error');
}
