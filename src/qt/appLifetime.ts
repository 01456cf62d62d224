/**
 * Application lifetime (qode's process lifetime, emulated): what keeps the process alive while Qt runs, how it
 * exits (`requestExit`, `QApplication.quit()/exit()`, the last window closing, SIGINT/SIGTERM) and the orderly
 * release of the bridge before exit. The lifetime of single Qt objects is `src/rx/objectLifetime.ts`.
 *
 * @packageDocumentation
 */
import type { QApplication } from '@nodegui/nodegui';
import { loopLogger } from '../loop/exceptionHandler';
import { SIGINT_EXIT_CODE, SIGTERM_EXIT_CODE, shutdownForExit } from '../loop/shutdown';
import { InvalidExitCodeError } from './errors';

/** What the lifetime code needs from the native bridge. @internal */
export interface LifetimeBridge {
  keepAlive(): void;
  release(): void;
}

const PATCHED = Symbol.for('qtasyncio.qt.patched');

let bridgeRef: LifetimeBridge | null = null;
let owner = false;
/** `idle`; `scheduled`: an exit was requested; `cleaning`: the tasks are being cancelled, the code is final. */
let phase: 'idle' | 'scheduled' | 'cleaning' = 'idle';
let pendingCode: number | undefined;

/**
 * Tells the lifetime code which bridge to release before exiting, and whether it owns the process.
 *
 * @internal
 * @example
 * ```ts
 * import type { NativeBridge } from './bridge';
 * import { setLifetimeBridge } from './appLifetime';
 * declare const native: NativeBridge;
 * setLifetimeBridge(native, native.isMainProcess(process));
 * ```
 */
export function setLifetimeBridge(bridge: LifetimeBridge, ownsProcess: boolean): void {
  bridgeRef = bridge;
  owner = ownsProcess;
}

/**
 * Ends the application like `QApplication.exit(code)` ends `exec()` under qode: the current callback and its
 * promise continuations finish; then, as `asyncio.run` ends, the running program's tasks are cancelled and
 * their `finally` blocks and AbortSignal listeners run (for at most `run()`'s `shutdownTimeout`); then the
 * process exits with `code` through `process.exit` (so `'exit'` listeners run, and exceptions nobody retrieved
 * are reported). Without a code (`quit()`, last window closed) the exit code is `process.exitCode ?? 0`.
 * The latest request before the cleanup starts wins. It does nothing where the bridge does not own the process
 * (inside a Jest test file, see {@link BridgeState.ownsProcess}) or is not loaded (under qode use
 * `QApplication.exit`).
 *
 * @param code - the exit code (an integer), or `undefined` for `process.exitCode ?? 0`
 * @example
 * ```ts
 * import { QPushButton } from '@nodegui/nodegui';
 * import { requestExit } from 'qtasyncio/qt';
 * declare const button: QPushButton;
 * button.addEventListener('clicked', () => requestExit(0));
 * ```
 */
export function requestExit(code?: number): void {
  if (code !== undefined && !Number.isInteger(code))
    throw new InvalidExitCodeError('requestExit(code)', code);
  if (!owner || phase === 'cleaning') return;
  pendingCode = code;
  if (phase === 'scheduled') return;
  phase = 'scheduled';
  setImmediate(() => void finishExit());
}

async function finishExit(): Promise<void> {
  phase = 'cleaning';
  try {
    await shutdownForExit();
  } catch (e) {
    // Nothing silent: a failing cleanup is printed, and the exit goes on.
    loopLogger.error(`qtasyncio/qt: cleanup before exit failed\n${e instanceof Error ? e.stack : String(e)}`);
  }
  bridgeRef?.release();
  // process.exit(undefined) would reset process.exitCode: pass an argument only when there is a code.
  if (pendingCode === undefined) process.exit();
  else process.exit(pendingCode);
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
 * import { QApplication } from '@nodegui/nodegui';
 * import { type LifetimeBridge, patchQApplication } from './appLifetime';
 * declare const bridge: LifetimeBridge;
 * patchQApplication(QApplication, bridge);
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
 * Ends the program on SIGINT (exit code 130) and SIGTERM (143) like {@link requestExit}: tasks cancelled and
 * cleaned up first; a second signal during that cleanup exits at once. Only while the bridge's handler is the
 * only listener for that signal: a program (or `run(main, { handleSigint: true })`) that adds its own listener
 * handles the signal itself.
 *
 * @internal
 * @example
 * ```ts
 * import { installSignalExits } from './appLifetime';
 * installSignalExits();
 * ```
 */
export function installSignalExits(): void {
  for (const [signal, code] of [
    ['SIGINT', SIGINT_EXIT_CODE],
    ['SIGTERM', SIGTERM_EXIT_CODE],
  ] as const) {
    const handler = (): void => {
      if (process.listenerCount(signal) !== 1) return;
      if (phase === 'idle') requestExit(code);
      else process.exit(code);
    };
    process.on(signal, handler);
  }
}

/**
 * Ends a program that runs out of work the way qode ends every NodeGui program: `exit()` with the program's code
 * once the last `'exit'` listener has run, without freeing Node's environment. Freeing it runs NodeGui's N-API
 * finalizers, and some of them are not safe after Qt deleted what they wrap: NodeGui's `QTreeWidgetItem` wrapper
 * deletes its item again after `QTreeWidget.clear()`, or after its tree was deleted first (SIGSEGV in
 * `~QTreeWidgetItemWrap`). qode never runs them at exit (its run loop ends in `exit(code)`), and neither do the
 * other ways a program on the bridge ends (`process.exit`). The exit code is Node's own for a natural end
 * (`process.exitCode ?? 0` after every listener); the listeners registered after this one still run, in order.
 *
 * @internal
 * @example
 * ```ts
 * import { installNaturalExit } from './appLifetime';
 * installNaturalExit();
 * ```
 */
export function installNaturalExit(): void {
  let outOfWork = false;
  process.on('beforeExit', () => {
    outOfWork = true;
  });
  const exitLikeQode = (code: number): void => {
    if (!outOfWork) return; // process.exit(), an uncaught error: Node already ends without freeing anything
    const listeners = process.rawListeners('exit');
    // Node would call the listeners after this one next (with the same argument): call them, then exit.
    for (const listener of listeners.slice(listeners.indexOf(exitLikeQode) + 1)) listener.call(process, code);
    process.exit();
  };
  process.on('exit', exitLikeQode);
}
