import { constants } from 'node:os';
import { join } from 'node:path';
import { BridgeLoadError } from './errors';

/** What the bridge reports about the application lifetime (see {@link bridgeState}). */
export interface BridgeState {
  /**
   * The bridge owns the process lifetime (a plain Node program). False inside a sandbox whose `process` is
   * not Node's own, such as a Jest test file: there the test runner decides when the process ends, so the
   * bridge neither keeps it alive nor exits it.
   */
  readonly ownsProcess: boolean;
  /** A top-level window was shown (or `exec()` called): the application runs until it quits. */
  readonly started: boolean;
  /** The bridge currently keeps the process alive. */
  readonly keepingAlive: boolean;
  /** A primary top-level window is visible. */
  readonly hasPrimaryWindow: boolean;
  /** How many times the bridge emitted `lastWindowClosed`. */
  readonly lastWindowClosedCount: number;
  /** File descriptors of Qt's GLib main context watched by libuv at the last loop iteration. */
  readonly watchedFds: number;
  /** Class name of Qt's event dispatcher (a GLib one, e.g. `QPAEventDispatcherGlib`). */
  readonly dispatcher: string;
  /** NodeGui handed its run loop to the qode ABI (true once NodeGui's addon is loaded). */
  readonly runLoopInjected: boolean;
  /** The orderly-teardown hook has run. */
  readonly teardownDone: boolean;
}

/** The native addon's exports (native/src/addon.cc). @internal */
export interface NativeBridge {
  setArgv(argv: readonly string[]): void;
  attach(onQuit: () => void, ownsProcess: boolean): void;
  isMainProcess(value: unknown): boolean;
  getenv(name: string): string | undefined;
  setenv(name: string, value: string): void;
  keepAlive(): void;
  release(): void;
  state(): BridgeState;
}

/**
 * Path of the built bridge: `native/build/Release/qtasyncio_bridge.node` in this package (the same from
 * `src/qt` and `dist/qt`).
 *
 * @example
 * ```ts
 * import { bridgePath } from 'qtasyncio/qt';
 * bridgePath(); // '/path/to/qtasyncio/native/build/Release/qtasyncio_bridge.node'
 * ```
 */
export function bridgePath(): string {
  return join(__dirname, '..', '..', 'native', 'build', 'Release', 'qtasyncio_bridge.node');
}

/**
 * Loads the bridge with `RTLD_GLOBAL`, so that NodeGui's addon (loaded next) finds qode's symbols in it.
 *
 * @internal
 * @example
 * ```ts
 * import { loadBridge } from './bridge';
 * const bridge = loadBridge();
 * bridge.setArgv(process.argv);
 * ```
 */
export function loadBridge(path: string = bridgePath()): NativeBridge {
  const module = { exports: {} as NativeBridge };
  try {
    process.dlopen(module, path, constants.dlopen.RTLD_NOW | constants.dlopen.RTLD_GLOBAL);
  } catch (cause) {
    throw new BridgeLoadError(path, cause);
  }
  return module.exports;
}
