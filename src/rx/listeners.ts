/**
 * Adding and removing NodeGui listeners safely, also on objects whose Qt side is already destroyed (NodeGui's
 * own `removeEventListener` then fails on its `null` native).
 *
 * @packageDocumentation
 */
import type { EventEmitter } from 'node:events';
import { describeValue } from '../core/render';
import { suggestName } from '../core/suggestName';
import { RxArgumentError, UnknownSignalError } from './errors';
import { hasSignal, signalNamesOf } from './signalNames';
import type { SignalEmitter } from './signalTypes';

/** @internal What we use of a NodeGui EventWidget at run time. */
export interface RawEmitter {
  native: { __id__?: () => number } | null;
  emitter?: EventEmitter;
  _id?: () => number;
  addEventListener(
    name: string,
    cb: (...args: never[]) => unknown,
    options?: { afterDefault?: boolean },
  ): void;
  removeEventListener(
    name: string,
    cb: (...args: never[]) => unknown,
    options?: { afterDefault?: boolean },
  ): void;
}

/** @internal Throw {@link RxArgumentError} unless `value` looks like a NodeGui object. */
export function checkEmitter(fn: string, value: unknown, arg = 'emitter'): asserts value is RawEmitter {
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof (value as RawEmitter).addEventListener !== 'function' ||
    typeof (value as RawEmitter).removeEventListener !== 'function' ||
    !('native' in value)
  ) {
    throw new RxArgumentError(
      `${fn}(${arg}): expected a NodeGui object (with addEventListener), got ${describeValue(value)}`,
    );
  }
}

/**
 * @internal Throw unless `name` is a signal name (a non-empty string starting with a lower-case letter) that
 * `emitter` has ({@link UnknownSignalError} otherwise, when its class is a NodeGui class we know).
 */
export function checkSignalName(fn: string, name: unknown, emitter: RawEmitter): asserts name is string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new RxArgumentError(
      `${fn}(name): expected a signal name (a non-empty string), got ${describeValue(name)}`,
    );
  }
  const first = name.charAt(0);
  if (first !== first.toLowerCase()) {
    throw new RxArgumentError(
      `${fn}(name): expected a signal name, got ${describeValue(name)} (a QEvent type: use fromQEvent)`,
    );
  }
  if (hasSignal(emitter, name) !== false) return;
  const signals = signalNamesOf(emitter) as readonly string[];
  const near = suggestName(name, signals);
  throw new UnknownSignalError(
    `${fn}(name): a ${describeEmitter(emitter)} has no signal ${JSON.stringify(name)} (` +
      `${near === undefined ? '' : `did you mean ${JSON.stringify(near)}? `}its signals: ${signals.join(', ')})`,
    signals,
  );
}

/** @internal A short description of a NodeGui object for messages: its class name. */
export function describeEmitter(obj: object): string {
  return obj.constructor?.name || 'object';
}

/**
 * @internal `QPushButton#save`: the class and, when it has one, the Qt object name (for call graphs and the
 * task monitor); just the class once the Qt object is gone.
 */
export function describeQObject(obj: object): string {
  const kind = describeEmitter(obj);
  const named = obj as { native?: unknown; objectName?: () => unknown };
  if (named.native == null || typeof named.objectName !== 'function') return kind;
  try {
    const name = named.objectName();
    return typeof name === 'string' && name !== '' ? `${kind}#${name}` : kind;
  } catch {
    return kind;
  }
}

/** @internal Remove a listener; works after the Qt object was destroyed. */
export function removeListener(
  obj: RawEmitter,
  name: string,
  cb: (...args: never[]) => unknown,
  afterDefault = false,
): void {
  if (obj.native != null) {
    obj.removeEventListener(name, cb, afterDefault ? { afterDefault } : undefined);
    return;
  }
  obj.emitter?.removeListener(afterDefault ? `${name}_after` : name, cb as (...args: unknown[]) => void);
}

/**
 * How many JavaScript listeners a NodeGui object has for `name` (all signals and QEvents without a name;
 * NodeGui's own default `error` listener is not counted). For leak checks and debugging.
 *
 * @example
 * ```ts
 * import { QPushButton } from '@nodegui/nodegui';
 * import { fromSignal, listenerCount } from 'qtasyncio/rx';
 * declare const button: QPushButton;
 * const sub = fromSignal(button, 'clicked').subscribe();
 * listenerCount(button, 'clicked'); // 1
 * sub.unsubscribe();
 * listenerCount(button); // 0
 * ```
 */
export function listenerCount(obj: SignalEmitter, name?: string): number {
  const raw: unknown = obj;
  checkEmitter('listenerCount', raw, 'obj');
  const emitter = raw.emitter;
  if (emitter === undefined) return 0;
  if (name !== undefined) return emitter.listenerCount(name) + emitter.listenerCount(`${name}_after`);
  let n = 0;
  for (const event of emitter.eventNames()) if (event !== 'error') n += emitter.listenerCount(event);
  return n;
}
