/**
 * Host hooks: how the loop core talks to the application host (Qt) without importing it.
 *
 * `qtasyncio/qt` registers hooks when it loads; the loop core calls them (for example `run()` with
 * `quitQApp: true` calls {@link HostHooks.quitApp} when the loop stops). Without Qt loaded no hooks are set and
 * the loop core runs headless.
 *
 * @packageDocumentation
 */

/** What a host (the Qt bridge) offers the loop core. */
export interface HostHooks {
  /** Quit the application (QApplication) with this exit code. */
  quitApp(code: number): void;
}

let current: HostHooks | null = null;

/**
 * Install (or with `null` remove) the host hooks. Called by `qtasyncio/qt`.
 *
 * @example
 * ```ts
 * import { QApplication } from '@nodegui/nodegui';
 * import { setHostHooks } from './host';
 * setHostHooks({ quitApp: (code) => QApplication.instance().exit(code) });
 * ```
 */
export function setHostHooks(hooks: HostHooks | null): void {
  current = hooks;
}

/**
 * The installed host hooks, or `null` when no host (Qt) is loaded.
 *
 * @example
 * ```ts
 * import { getHostHooks } from './host';
 * getHostHooks()?.quitApp(0);
 * ```
 */
export function getHostHooks(): HostHooks | null {
  return current;
}
