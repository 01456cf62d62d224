/**
 * The errors of `qtasyncio/rx`. Each is an exported class with a stable `name`; argument errors name the
 * function, the argument and the value received.
 *
 * @packageDocumentation
 */
import { LoopArgumentError, LoopRangeError, QtAsyncioError } from '../core/errors';

/**
 * A `qtasyncio/rx` function got an argument of the wrong type or shape (not a NodeGui object, an empty signal
 * name, an unknown policy…).
 *
 * @example
 * ```ts
 * import { fromSignal } from 'qtasyncio/rx';
 * fromSignal(42 as never, 'clicked' as never); // throws RxArgumentError: fromSignal(emitter): expected a NodeGui object (with addEventListener), got 42
 * ```
 */
export class RxArgumentError extends LoopArgumentError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_RX_ARGUMENT';
  override readonly name: string = 'RxArgumentError';
}

/**
 * A numeric option is out of range (`mergeMapTask(fn, 0)`, `signalIterator(w, 'x', { bufferSize: -1 })`).
 *
 * @example
 * ```ts
 * import { mergeMapTask } from 'qtasyncio/rx';
 * declare function fn(): Promise<void>;
 * mergeMapTask(fn, 0); // throws RxRangeError: mergeMapTask(concurrency): expected an integer ≥ 1 or Infinity, got 0
 * ```
 */
export class RxRangeError extends LoopRangeError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_RX_RANGE';
  override readonly name: string = 'RxRangeError';
}

/**
 * A NodeGui object has no signal of that name (a typo, or a name from another class). `signals` lists the
 * object's signals; the message suggests the near miss.
 *
 * @example
 * ```ts
 * import { QPushButton } from '@nodegui/nodegui';
 * import { fromSignal } from 'qtasyncio/rx';
 * declare const button: QPushButton;
 * fromSignal(button, 'clikced' as never);
 * // throws UnknownSignalError: fromSignal(name): a QPushButton has no signal "clikced" (did you mean "clicked"? …)
 * ```
 */
export class UnknownSignalError extends RxArgumentError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_UNKNOWN_SIGNAL';
  override readonly name: string = 'UnknownSignalError';
  /**
   * @param message - the message.
   * @param signals - the signal names the object has.
   */
  constructor(
    message: string,
    readonly signals: readonly string[],
  ) {
    super(message);
  }
}

/**
 * The Qt object behind a NodeGui wrapper was destroyed (deleted by `delete()`, `deleteLater()`, its parent, or
 * `WA_DeleteOnClose`) while something still waited on it: `nextSignal` and `execDialog` reject with it.
 *
 * @example
 * ```ts
 * import { QPushButton } from '@nodegui/nodegui';
 * import { nextSignal } from 'qtasyncio/rx';
 * declare const button: QPushButton;
 * const f = nextSignal(button, 'clicked');
 * button.delete();
 * await f; // throws ObjectDestroyedError: nextSignal(emitter, "clicked"): the QPushButton was destroyed
 * ```
 */
export class ObjectDestroyedError extends QtAsyncioError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_OBJECT_DESTROYED';
  override readonly name: string = 'ObjectDestroyedError';
}

/**
 * A `signalIterator` with `overflow: 'error'` received more signals than its buffer holds before the consumer
 * read them: the iterator stops listening, and once the values buffered before the overflow are read, `next()`
 * rejects with this error.
 *
 * @example
 * ```ts
 * import { QLineEdit } from '@nodegui/nodegui';
 * import { signalIterator } from 'qtasyncio/rx';
 * declare const edit: QLineEdit;
 * declare function slowWork(text: string): Promise<void>;
 * for await (const text of signalIterator(edit, 'textChanged', { bufferSize: 8, overflow: 'error' })) {
 *   await slowWork(text); // more than 8 edits meanwhile → SignalOverflowError
 * }
 * ```
 */
export class SignalOverflowError extends QtAsyncioError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_SIGNAL_OVERFLOW';
  override readonly name: string = 'SignalOverflowError';
}
