/**
 * Errors thrown by `qtasyncio/qt`.
 *
 * @packageDocumentation
 */
import { LoopArgumentError, QtAsyncioError } from '../core/errors';
import { describeValue } from '../core/render';

/**
 * Thrown when `qtasyncio/qt` loads on Linux with no display and no `QT_QPA_PLATFORM`, or with a `DISPLAY` where
 * no X server answers (a stale `DISPLAY=:55`): Qt would abort the process; this error says what to do instead.
 *
 * @example
 * ```ts
 * import { NoDisplayError } from 'qtasyncio/qt';
 * try {
 *   require('qtasyncio/qt');
 * } catch (e) {
 *   if (e instanceof NoDisplayError) console.error(e.message); // mentions QT_QPA_PLATFORM=offscreen and xvfb-run
 * }
 * ```
 */
export class NoDisplayError extends QtAsyncioError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_NO_DISPLAY';
  override readonly name = 'NoDisplayError';
  /** @param reason - why there is no display (default: nothing set) */
  constructor(reason = 'DISPLAY and WAYLAND_DISPLAY are unset and QT_QPA_PLATFORM is unset') {
    super(
      `qtasyncio/qt: no display: ${reason}, so Qt cannot open a window. Run headless with ` +
        'QT_QPA_PLATFORM=offscreen (e.g. `QT_QPA_PLATFORM=offscreen node app.js`), or on a virtual X server ' +
        'with xvfb-run (e.g. `xvfb-run -a node app.js`).',
    );
  }
}

/**
 * Thrown when the native bridge (`native/build/Release/qtasyncio_bridge.node`) or NodeGui's addon cannot be
 * loaded.
 *
 * @example
 * ```ts
 * import { BridgeLoadError } from 'qtasyncio/qt';
 * throw new BridgeLoadError('/repo/native/build/Release/qtasyncio_bridge.node', new Error('ENOENT'));
 * ```
 */
export class BridgeLoadError extends QtAsyncioError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_BRIDGE_LOAD';
  override readonly name = 'BridgeLoadError';
  /** The file that failed to load. */
  readonly path: string;
  constructor(path: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `qtasyncio/qt: cannot load the native addon at ${JSON.stringify(path)}: ${reason}. ` +
        "Build it (and NodeGui's addon) with `npx qtasyncio setup`.",
      { cause },
    );
    this.path = path;
  }
}

/**
 * Thrown instead of Node's `undefined symbol: _ZN4qode9qode_argvE … ERR_DLOPEN_FAILED` when NodeGui's addon is
 * loaded before `qtasyncio/qt` provided the qode symbols it needs (import sorters put `@nodegui/nodegui` first).
 * Use {@link NodeGuiLoadOrderError.is} to recognise Node's raw error.
 *
 * @example
 * ```ts
 * // Load qtasyncio/qt first:
 * import 'qtasyncio/qt';
 * import { QMainWindow } from '@nodegui/nodegui';
 * ```
 */
export class NodeGuiLoadOrderError extends QtAsyncioError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_NODEGUI_LOAD_ORDER';
  override readonly name = 'NodeGuiLoadOrderError';
  constructor(cause: unknown) {
    super(
      'qtasyncio/qt: @nodegui/nodegui was loaded before qtasyncio/qt, so its addon misses the qode symbols that ' +
        'qtasyncio/qt provides. Load qtasyncio/qt before @nodegui/nodegui (or run with `node -r qtasyncio/qt`, ' +
        '`node --import qtasyncio/qt` for ES modules).',
      { cause },
    );
  }

  /**
   * Whether `error` is Node's failure to load NodeGui's addon for want of the qode symbols.
   *
   * @example
   * ```ts
   * import { NodeGuiLoadOrderError } from 'qtasyncio/qt';
   * try { require('@nodegui/nodegui'); } catch (e) { if (NodeGuiLoadOrderError.is(e)) throw new NodeGuiLoadOrderError(e); }
   * ```
   */
  static is(error: unknown): boolean {
    return error instanceof Error && /undefined symbol: _ZN4qode/.test(error.message);
  }
}

/**
 * Thrown when the bridge cannot attach to Qt after NodeGui loaded, e.g. because Qt runs its plain UNIX event
 * dispatcher (`QT_NO_GLIB=1`), which libuv cannot drive.
 *
 * @example
 * ```ts
 * import { BridgeAttachError } from 'qtasyncio/qt';
 * throw new BridgeAttachError(new Error("Qt's event dispatcher is QUnixEventDispatcherQPA, not GLib's"));
 * ```
 */
export class BridgeAttachError extends QtAsyncioError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_BRIDGE_ATTACH';
  override readonly name = 'BridgeAttachError';
  constructor(cause: unknown) {
    super(`qtasyncio/qt: cannot attach to Qt: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}

/**
 * Thrown when `qtasyncio/qt` is loaded in a `worker_threads` Worker: Qt's GUI runs on the main thread only.
 *
 * @example
 * ```ts
 * import { isMainThread, threadId } from 'node:worker_threads';
 * import { QtThreadError } from 'qtasyncio/qt';
 * if (!isMainThread) throw new QtThreadError(threadId);
 * ```
 */
export class QtThreadError extends QtAsyncioError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_QT_THREAD';
  override readonly name = 'QtThreadError';
  constructor(threadId: number) {
    super(`qtasyncio/qt: Qt runs on the main thread only; it was loaded in worker thread ${threadId}`);
  }
}

/**
 * Thrown for an exit code that is not an integer (for `QApplication.exit(exitCode)` and {@link requestExit}).
 *
 * @example
 * ```ts
 * import { InvalidExitCodeError } from 'qtasyncio/qt';
 * new InvalidExitCodeError('QApplication.exit(exitCode)', 1.5).message;
 * // "QApplication.exit(exitCode): expected an integer, got 1.5"
 * ```
 */
export class InvalidExitCodeError extends LoopArgumentError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_INVALID_EXIT_CODE';
  override readonly name = 'InvalidExitCodeError';
  constructor(where: string, value: unknown) {
    super(`${where}: expected an integer, got ${describeValue(value)}`);
  }
}
