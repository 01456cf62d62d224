// The declarations use Node's types (Buffer, AbortSignal, NodeJS.*): a program that imports this entry point gets
// them even when its tsconfig lists no `types` (`tsc --init`'s default). @types/node is a peer dependency.
/// <reference types="node" preserve="true" />
/**
 * `qtasyncio/qt`: real Qt for NodeGui on plain Node.js.
 *
 * Import it before `@nodegui/nodegui` (or preload it: `node -r qtasyncio/qt app.js`,
 * `node --import qtasyncio/qt app.mjs`). It loads the native bridge (qode's ABI for NodeGui, Qt's GLib main
 * context driven by libuv, qode-like lifetime, orderly teardown), then NodeGui, then registers the loop core's
 * host hooks. Under qode (`process.versions.qode`) it leaves qode's own loop alone.
 *
 * @packageDocumentation
 */
import { isMainThread, threadId } from 'node:worker_threads';
import type * as NodeGui from '@nodegui/nodegui';
import { setHostHooks } from '../loop/host';
import {
  installNaturalExit,
  installSignalExits,
  patchQApplication,
  requestExit,
  setLifetimeBridge,
} from './appLifetime';
import { type BridgeState, loadBridge, type NativeBridge } from './bridge';
import { assertDisplay } from './display';
import { BridgeAttachError, BridgeLoadError, NodeGuiLoadOrderError, QtThreadError } from './errors';

export { requestExit } from './appLifetime';
export { type BridgeState, bridgePath } from './bridge';
export { assertDisplay } from './display';
export {
  BridgeAttachError,
  BridgeLoadError,
  InvalidExitCodeError,
  NoDisplayError,
  NodeGuiLoadOrderError,
  QtThreadError,
} from './errors';

const SIGNALS_INSTALLED = Symbol.for('qtasyncio.qt.signals');

/**
 * Whether this process runs under qode (NodeGui's own runtime), where the bridge stays inactive.
 *
 * @example
 * ```ts
 * import { isQode } from 'qtasyncio/qt';
 * if (isQode()) console.log('qode drives Qt');
 * ```
 */
export function isQode(): boolean {
  return typeof process.versions.qode === 'string';
}

function requireNodeGui(): typeof NodeGui {
  const id = '@nodegui/nodegui';
  try {
    return require(id) as typeof NodeGui;
  } catch (cause) {
    if (NodeGuiLoadOrderError.is(cause)) throw new NodeGuiLoadOrderError(cause);
    throw new BridgeLoadError(id, cause);
  }
}

const QT_ENV = ['QT_QPA_PLATFORM', 'DISPLAY', 'WAYLAND_DISPLAY'] as const;

/**
 * The display variables as Qt will read them (the C environment). Inside a Jest sandbox `process.env` is a
 * copy: a `QT_QPA_PLATFORM` set there (e.g. by a Jest setup file) is passed on to the real environment when
 * that has none, so that Qt sees what the program sees.
 */
function qtEnvironment(native: NativeBridge): Record<string, string | undefined> {
  const platform = process.env.QT_QPA_PLATFORM;
  if (platform !== undefined && platform !== '' && (native.getenv('QT_QPA_PLATFORM') ?? '') === '') {
    native.setenv('QT_QPA_PLATFORM', platform);
  }
  return Object.fromEntries(QT_ENV.map((name) => [name, native.getenv(name)]));
}

let bridge: NativeBridge | null = null;

function start(): void {
  if (isQode()) {
    setHostHooks({ quitApp: (code) => requireNodeGui().QApplication.instance().exit(code) });
    return;
  }
  if (!isMainThread) throw new QtThreadError(threadId);
  const native = loadBridge();
  const qtEnv = qtEnvironment(native);
  assertDisplay(qtEnv);
  native.setArgv(process.argv);
  const nodegui = requireNodeGui();
  const ownsProcess = native.isMainProcess(process);
  try {
    native.attach(() => requestExit(undefined), ownsProcess);
  } catch (cause) {
    throw new BridgeAttachError(cause);
  }
  setLifetimeBridge(native, ownsProcess);
  patchQApplication(nodegui.QApplication, native);
  const flags = process as unknown as Record<symbol, boolean>;
  if (ownsProcess && !flags[SIGNALS_INSTALLED]) {
    flags[SIGNALS_INSTALLED] = true;
    installSignalExits();
    installNaturalExit();
  }
  setHostHooks({ quitApp: (code) => requestExit(code) });
  bridge = native;
}

start();

// QTASYNCIO_MONITOR=1: the task monitor opens in any app, once the app's own start-up code has run.
if (process.env.QTASYNCIO_MONITOR === '1') {
  setImmediate(() => {
    (require('../devtools/taskMonitor') as typeof import('../devtools/taskMonitor')).openTaskMonitor();
  });
}

/**
 * The bridge's view of the application lifetime, or `null` under qode.
 *
 * @example
 * ```ts
 * import { QMainWindow } from '@nodegui/nodegui';
 * import { bridgeState } from 'qtasyncio/qt';
 * declare const win: QMainWindow;
 * win.show();
 * bridgeState()?.keepingAlive; // true: the process now runs until the app quits
 * ```
 */
export function bridgeState(): BridgeState | null {
  return bridge === null ? null : bridge.state();
}
