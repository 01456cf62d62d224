/**
 * A loop Future for "this Node emitter emits `event` (or `'error'`)", so a Task awaiting it can be cancelled at
 * that await (the cancel hook then releases the resource).
 *
 * @packageDocumentation
 */
import type { EventEmitter } from 'node:events';
import type { Future } from '../futures/future';
import type { EventLoop } from '../loop/eventLoop';
import { fromNodeError } from './nodeErrors';

/**
 * @internal Resolve with the event's first argument when `emitter` emits `event`; reject with the converted
 * error on `'error'`; `onCancel()` runs if the Future is cancelled first.
 *
 * `atEvent(value)`, when given, runs inside the emitter's own callback and its return value is the result: the
 * awaiting task resumes only on a later loop iteration, and a Node emitter does not replay what it emitted
 * meanwhile (an `'error'` with no listener even ends the process), so whatever listens to the resource next must
 * attach right there.
 */
export function eventFuture<T = unknown>(
  loop: EventLoop,
  emitter: EventEmitter,
  event: string,
  onCancel: () => void,
  atEvent?: (value: unknown) => T,
): Future<T> {
  const future = loop.createFuture<T>();
  const onEvent = (value: unknown): void => {
    cleanup();
    if (future.done()) return;
    if (atEvent === undefined) {
      future.setResult(value as T);
      return;
    }
    try {
      future.setResult(atEvent(value));
    } catch (e) {
      future.setException(e);
    }
  };
  const onError = (error: unknown): void => {
    cleanup();
    if (!future.done()) future.setException(fromNodeError(error));
  };
  const cleanup = (): void => {
    emitter.off(event, onEvent);
    emitter.off('error', onError);
  };
  emitter.on(event, onEvent);
  emitter.on('error', onError);
  future.addDoneCallback((f) => {
    if (!f.cancelled()) return;
    cleanup();
    // Keep an 'error' listener: the resource may still report the failure of what was cancelled.
    emitter.on('error', () => {});
    onCancel();
  });
  return future;
}
