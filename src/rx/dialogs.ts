/**
 * Dialogs without nested event loops: `execDialog(dialog)` and `asyncClose(window, confirm)`.
 *
 * `QDialog.exec()` runs a nested Qt event loop inside a native call: Node's own loop (timers, I/O, promises,
 * every loop Task) is frozen until the dialog closes. `execDialog` opens the dialog window-modally with
 * `open()` instead and returns a Future of the result code, so everything keeps running while it waits.
 *
 * @packageDocumentation
 */
import type { QDialog, QWidget } from '@nodegui/nodegui';
import { describeValue } from '../core/render';
import { checkFunction, checkOptionKeys } from '../core/validate';
import { Future } from '../futures/future';
import type { Task } from '../futures/task';
import type { EventLoop } from '../loop/eventLoop';
import type { SlotDisposer } from './asyncSlot';
import { ObjectDestroyedError, RxArgumentError } from './errors';
import { checkEmitter, describeEmitter, removeListener } from './listeners';
import { resolveLoop } from './loopScheduler';
import { watchDestroyed } from './objectLifetime';

/** Options of {@link execDialog} and {@link asyncClose}. */
export interface DialogOptions {
  /** The loop (default: the running loop, else the current loop). */
  loop?: EventLoop;
}

/** The Future of `execDialog`: cancelling it closes the dialog with `reject()`. */
class DialogFuture extends Future<number> {
  /** @internal */ _cleanup: (() => void) | null = null;
  /** @internal */ _reject: (() => void) | null = null;
  override cancel(msg?: string): boolean {
    const cancelled = super.cancel(msg);
    if (cancelled) {
      const cleanup = this._cleanup;
      const reject = this._reject;
      this._cleanup = null;
      this._reject = null;
      cleanup?.();
      reject?.();
    }
    return cancelled;
  }
}

/**
 * Show `dialog` with `open()` (window-modal, no nested loop) and return a Future of its result code
 * (`DialogCode.Accepted` = 1, `DialogCode.Rejected` = 0, or the code given to `done(r)`), resolved when it
 * finishes (`finished`, or its Hide event: NodeGui 0.74 does not forward `finished`/`rejected` to JavaScript). Loop timers and tasks keep running while it waits. Cancelling the Future (or the task
 * awaiting it) closes the dialog with `reject()`; if the dialog is destroyed first the Future fails with
 * {@link ObjectDestroyedError}.
 *
 * @throws {@link RxArgumentError} when `dialog` is not a NodeGui QDialog.
 * @example
 * ```ts
 * import { DialogCode, QMessageBox } from '@nodegui/nodegui';
 * import { rm } from 'node:fs/promises';
 * import { execDialog } from 'qtasyncio/rx';
 * declare const path: string;
 * const dialog = new QMessageBox();
 * dialog.setText('Delete the file?');
 * if ((await execDialog(dialog)) === DialogCode.Accepted) await rm(path);
 * ```
 */
export function execDialog(dialog: QDialog, options: DialogOptions = {}): Future<number> {
  const raw: unknown = dialog;
  checkEmitter('execDialog', raw, 'dialog');
  const d = raw as unknown as { open?: unknown; reject?: unknown };
  if (typeof d.open !== 'function' || typeof d.reject !== 'function') {
    throw new RxArgumentError(`execDialog(dialog): expected a QDialog, got ${describeValue(dialog)}`);
  }
  checkOptionKeys('execDialog', options, ['loop'], RxArgumentError);
  const loop = resolveLoop('execDialog', options.loop);
  const future = new DialogFuture(loop);
  const what = `execDialog(dialog) of a ${describeEmitter(raw)}`;
  if (raw.native == null) {
    future.setException(new ObjectDestroyedError(`${what}: the dialog was already destroyed`));
    return future;
  }
  // NodeGui 0.74 declares `finished` but wires only `accepted` to JavaScript; QDialog::done() hides the dialog
  // after setting its result, so the Hide event ends the wait too (as it ends `exec()`), with `result()`.
  const onFinished = (result?: unknown): void => {
    future._cleanup?.();
    future._cleanup = null;
    future._reject = null;
    if (!future.done()) future.setResult(typeof result === 'number' ? result : dialog.result());
  };
  raw.addEventListener('finished', onFinished);
  raw.addEventListener('Hide', onFinished);
  const unwatch = watchDestroyed(raw, () => {
    future._cleanup?.();
    future._cleanup = null;
    future._reject = null;
    if (!future.done())
      future.setException(new ObjectDestroyedError(`${what}: the dialog was destroyed before it finished`));
  });
  future._cleanup = () => {
    unwatch();
    removeListener(raw, 'finished', onFinished);
    removeListener(raw, 'Hide', onFinished);
  };
  future._reject = () => {
    if (raw.native != null) dialog.reject();
  };
  dialog.open();
  return future;
}

/** Clear a raw QEvent's accept flag (NodeGui has no generic QEvent wrapper; any QEvent subclass wrapper works). */
function ignoreEvent(nativeEvent: unknown): void {
  const { QTimerEvent } = require('@nodegui/nodegui') as typeof import('@nodegui/nodegui');
  new QTimerEvent(nativeEvent as never).ignore();
}

/**
 * Ask before closing: when `window` is about to close (its close button, `close()`), the close is held back and
 * `confirm(signal)` runs as a loop Task; if it returns `true` the window is closed, otherwise it stays open.
 * Close requests while it asks are ignored. Errors of `confirm` go to the loop's exception handler (the window
 * stays open). Returns a disposer that removes the guard (and cancels a running `confirm`).
 *
 * @throws {@link RxArgumentError} for a bad argument.
 * @example
 * ```ts
 * import { DialogCode, QMainWindow, QMessageBox } from '@nodegui/nodegui';
 * import { asyncClose, execDialog } from 'qtasyncio/rx';
 * declare const document: { dirty: boolean };
 * declare const confirmDialog: QMessageBox;
 * declare const win: QMainWindow;
 * asyncClose(win, async () => !document.dirty || (await execDialog(confirmDialog)) === DialogCode.Accepted);
 * ```
 */
export function asyncClose(
  window: QWidget,
  confirm: (signal: AbortSignal) => boolean | PromiseLike<boolean>,
  options: DialogOptions = {},
): SlotDisposer {
  const raw: unknown = window;
  checkEmitter('asyncClose', raw, 'window');
  checkFunction('asyncClose', 'confirm', confirm, RxArgumentError);
  checkOptionKeys('asyncClose', options, ['loop'], RxArgumentError);
  const explicitLoop = options.loop === undefined ? undefined : resolveLoop('asyncClose', options.loop);
  let closing = false;
  let asking: Task<boolean> | null = null;
  const w = window as unknown as { setEventProcessed(b: boolean): void; close(): boolean };
  const listener = (nativeEvent: unknown): void => {
    if (closing) return;
    ignoreEvent(nativeEvent);
    w.setEventProcessed(true);
    if (asking !== null) return;
    const loop = explicitLoop ?? resolveLoop('asyncClose', undefined);
    const task = loop.createTask((signal) => confirm(signal), {
      name: `asyncClose(${describeEmitter(raw)})`,
    });
    asking = task;
    task.addDoneCallback(() => {
      if (asking === task) asking = null;
      if (task.cancelled()) return;
      let ok: boolean;
      try {
        ok = task.result();
      } catch (exception) {
        loop.callExceptionHandler({
          message: `Exception in asyncClose(${describeEmitter(raw)}) confirm`,
          exception,
          task,
        });
        return;
      }
      if (ok !== true || raw.native == null) return;
      closing = true;
      try {
        w.close();
      } finally {
        closing = false;
      }
    });
  };
  let unwatch: () => void = noop;
  if (raw.native != null) {
    raw.addEventListener('Close', listener);
    unwatch = watchDestroyed(raw, () => dispose());
  }
  let disposed = false;
  const dispose = (() => {
    if (disposed) return;
    disposed = true;
    unwatch();
    unwatch = noop;
    removeListener(raw, 'Close', listener);
    asking?.cancel();
    asking = null;
  }) as SlotDisposer;
  dispose[Symbol.dispose] = dispose;
  return dispose;
}

function noop(): void {}
