import type { QApplication } from '@nodegui/nodegui';
import { InvalidExitCodeError } from './errors';

/** What the lifetime code needs from the native bridge. @internal */
export interface LifetimeBridge {
  keepAlive(): void;
  release(): void;
}

const PATCHED = Symbol.for('qtasyncio.qt.patched');

let bridgeRef: LifetimeBridge | null = null;
let owner = false;
let exitScheduled = false;
let pendingCode: number | undefined;

/**
 * Tells the lifetime code which bridge to release before exiting, and whether it owns the process.
 *
 * @internal
 * @example
 * ```ts
 * setLifetimeBridge(native, native.isMainProcess(process));
 * ```
 */
export function setLifetimeBridge(bridge: LifetimeBridge, ownsProcess: boolean): void {
  bridgeRef = bridge;
  owner = ownsProcess;
}

/**
 * Ends the application like `QApplication.exit(code)` ends `exec()` under qode: the current callback and its
 * promise continuations finish, then the process exits with `code` through `process.exit` (so `'exit'`
 * listeners run). Without a code (`quit()`, last window closed) the exit code is `process.exitCode ?? 0`.
 * The latest request before the exit wins. It does nothing where the bridge does not own the process (inside a
 * Jest test file, see {@link BridgeState.ownsProcess}) or is not loaded (under qode use `QApplication.exit`).
 *
 * @param code - the exit code (an integer), or `undefined` for `process.exitCode ?? 0`
 * @example
 * ```ts
 * button.addEventListener('clicked', () => requestExit(0));
 * ```
 */
export function requestExit(code?: number): void {
  if (code !== undefined && !Number.isInteger(code))
    throw new InvalidExitCodeError('requestExit(code)', code);
  if (!owner) return;
  pendingCode = code;
  if (exitScheduled) return;
  exitScheduled = true;
  setImmediate(() => {
    bridgeRef?.release();
    // process.exit(undefined) would reset process.exitCode: pass an argument only when there is a code.
    if (pendingCode === undefined) process.exit();
    else process.exit(pendingCode);
  });
}

type QApplicationClass = typeof QApplication;

/**
 * Makes NodeGui's `QApplication.quit()`, `.exit(code)` and `.exec()` work on plain Node, where Qt's own
 * versions do nothing outside `exec()`: quit/exit still call Qt (ending any nested modal loop) and then
 * {@link requestExit}; `exec()` keeps the application alive until it quits and returns 0 at once (a blocking
 * exec would stop Node's loop). Idempotent.
 *
 * @internal
 * @example
 * ```ts
 * patchQApplication(require('@nodegui/nodegui').QApplication, bridge);
 * ```
 */
export function patchQApplication(QApp: QApplicationClass, bridge: LifetimeBridge): void {
  const proto = QApp.prototype as QApplication & { [PATCHED]?: true };
  if (proto[PATCHED]) return;
  const { quit, exit } = proto;
  Object.defineProperty(proto, PATCHED, { value: true });
  proto.quit = function quitPatched(this: QApplication): number {
    const result = quit.call(this);
    requestExit(undefined);
    return result;
  };
  proto.exit = function exitPatched(this: QApplication, exitCode: number): number {
    if (!Number.isInteger(exitCode)) throw new InvalidExitCodeError('QApplication.exit(exitCode)', exitCode);
    const result = exit.call(this, exitCode);
    requestExit(exitCode);
    return result;
  };
  proto.exec = function execPatched(this: QApplication): number {
    bridge.keepAlive();
    return 0;
  };
}

/**
 * Exits cleanly with 130 on SIGINT and 143 on SIGTERM, but only while the bridge's handler is the only
 * listener for that signal: a program that adds its own listener handles the signal itself.
 *
 * @internal
 * @example
 * ```ts
 * installSignalExits();
 * ```
 */
export function installSignalExits(): void {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    const handler = (): void => {
      if (process.listenerCount(signal) === 1) process.exit(code);
    };
    process.on(signal, handler);
  }
}
