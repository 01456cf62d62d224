/**
 * Lifetime of Qt objects (not of the application: that is `src/qt/appLifetime.ts`): know when the C++ object behind a NodeGui wrapper is destroyed.
 *
 * NodeGui has no public `destroyed` signal, but it does wire `QObject::destroyed` for every wrapper it creates:
 * `WrapperCache::store()` connects each object's `destroyed` to `WrapperCache::handleDestroyed`, which calls one
 * JavaScript function (injected with the addon's `WrapperCache_injectCallback`) with the object's id, and NodeGui's
 * `wrapperCache` then sets `wrapper.native = null`. We inject our own function once: it runs NodeGui's callback
 * first, then the watchers registered here for that id. It is called synchronously from `~QObject`, for
 * `delete()`, `deleteLater()`, `WA_DeleteOnClose` and the deletion of a parent alike; no polling.
 *
 * Our function never throws back into Qt (a JavaScript exception would unwind through Qt's signal emission):
 * a watcher's error goes to the loop's exception handler.
 *
 * @packageDocumentation
 */
import type { MonoTypeOperatorFunction } from 'rxjs';
import { _getOrNewEventLoop } from '../core/events';
import { checkFunction } from '../core/validate';
import { loopLogger } from '../loop/exceptionHandler';
import { RxArgumentError } from './errors';
import { checkEmitter, describeEmitter, type RawEmitter } from './listeners';
import { ReportingObservable } from './reportingObservable';
import type { SignalEmitter } from './signalTypes';

type Watcher = () => void;

interface NodeGuiInternals {
  addon: { WrapperCache_injectCallback?: (cb: (id: number) => void) => void };
  wrapperCache: { _objectDestroyedCallback(id: number): void };
}

/**
 * The watchers of each watched object, by id: the one watcher most objects have, or a Set of several. Each entry is
 * a function made for its registration (the same callback may be registered twice and removed once).
 */
const watchers = new Map<number, Watcher | Set<Watcher>>();
let installed: boolean | null = null;

function report(message: string, exception: unknown): void {
  try {
    _getOrNewEventLoop().callExceptionHandler({ message, exception });
  } catch {
    // Never let an error reach Qt's destructor.
  }
}

function loadInternals(): NodeGuiInternals | null {
  try {
    const addon = require('@nodegui/nodegui/dist/lib/utils/addon') as { default?: NodeGuiInternals['addon'] };
    const { wrapperCache } = require('@nodegui/nodegui') as {
      wrapperCache?: NodeGuiInternals['wrapperCache'];
    };
    const inject = addon.default?.WrapperCache_injectCallback;
    if (typeof inject !== 'function' || typeof wrapperCache?._objectDestroyedCallback !== 'function')
      return null;
    return { addon: addon.default as NodeGuiInternals['addon'], wrapperCache };
  } catch {
    return null;
  }
}

function dispatch(id: number): void {
  const present = watchers.get(id);
  if (present === undefined) return;
  if (typeof present === 'function') {
    watchers.delete(id);
    callWatcher(present);
    return;
  }
  // The Set stays registered while its watchers run: one that an earlier one removes is not called.
  for (const watcher of present) callWatcher(watcher);
  if (watchers.get(id) === present) watchers.delete(id);
}

function callWatcher(watcher: Watcher): void {
  try {
    watcher();
  } catch (error) {
    report('Exception in a destroyed-object watcher (qtasyncio/rx)', error);
  }
}

/** Inject our destroyed callback (once per NodeGui instance). @internal */
function install(): boolean {
  if (installed !== null) return installed;
  const internals = loadInternals();
  if (internals === null) {
    installed = false;
    loopLogger.warn(
      "qtasyncio/rx: cannot hook NodeGui's destroyed callback (WrapperCache_injectCallback not found): streams " +
        'will not complete when Qt objects are destroyed',
    );
    return false;
  }
  const { addon, wrapperCache } = internals;
  addon.WrapperCache_injectCallback?.((id: number) => {
    try {
      wrapperCache._objectDestroyedCallback(id);
    } catch (error) {
      report("Exception in NodeGui's destroyed callback", error);
    }
    dispatch(id);
  });
  installed = true;
  return true;
}

/** @internal The object's id (NodeGui's hash of the C++ pointer), or undefined when it has none. */
function objectId(obj: RawEmitter): number | undefined {
  if (typeof obj._id === 'function') return obj._id();
  const native = obj.native;
  return native != null && typeof native.__id__ === 'function' ? native.__id__() : undefined;
}

/**
 * Whether the Qt object behind a NodeGui wrapper was destroyed (NodeGui then clears its `native`).
 *
 * @example
 * ```ts
 * import { QPushButton } from '@nodegui/nodegui';
 * import { isDestroyed } from 'qtasyncio/rx';
 * const b = new QPushButton();
 * b.delete();
 * isDestroyed(b); // true
 * ```
 */
export function isDestroyed(obj: SignalEmitter): boolean {
  return (obj as unknown as RawEmitter).native == null;
}

/** @internal onDestroyed without argument checks. */
export function watchDestroyed(obj: RawEmitter, watcher: Watcher): () => void {
  const id = obj.native == null ? undefined : objectId(obj);
  if (id === undefined || !install()) return noop;
  const entry = (): void => watcher();
  const present = watchers.get(id);
  if (present === undefined) watchers.set(id, entry);
  else if (typeof present === 'function') watchers.set(id, new Set([present, entry]));
  else present.add(entry);
  return () => unwatch(id, entry);
}

/** Remove `entry`, if it is still there (an object destroyed since, and a new one with its id, have other entries). */
function unwatch(id: number, entry: Watcher): void {
  const present = watchers.get(id);
  if (present === entry) watchers.delete(id);
  else if (typeof present === 'object' && present.delete(entry) && present.size === 0) watchers.delete(id);
}

function noop(): void {}

/**
 * Call `callback` once, synchronously, when the Qt object behind `obj` is destroyed. Returns an idempotent
 * disposer that stops watching. Nothing is called for an object already destroyed (check {@link isDestroyed}).
 *
 * The callback runs inside Qt's destructor: it must not touch the destroyed object (its `native` is already
 * `null`); an exception it throws goes to the loop's exception handler.
 *
 * @throws {@link RxArgumentError} when `obj` is not a NodeGui object or `callback` not a function.
 * @example
 * ```ts
 * import { QWidget } from '@nodegui/nodegui';
 * import { onDestroyed } from 'qtasyncio/rx';
 * declare const win: QWidget;
 * const stop = onDestroyed(win, () => console.log('window gone'));
 * win.delete(); // logs "window gone"
 * ```
 */
export function onDestroyed(obj: SignalEmitter, callback: () => void): () => void {
  const raw: unknown = obj;
  checkEmitter('onDestroyed', raw, 'obj');
  checkFunction('onDestroyed', 'callback', callback, RxArgumentError);
  return watchDestroyed(raw, callback);
}

/**
 * An operator that completes the stream when the Qt object behind `obj` is destroyed (like `takeUntil`), and
 * at once when it is already destroyed.
 *
 * @example
 * ```ts
 * import { QLabel, QWidget } from '@nodegui/nodegui';
 * import { interval } from 'rxjs';
 * import { loopScheduler, untilDestroyed } from 'qtasyncio/rx';
 * declare const clock: QLabel;
 * declare const win: QWidget;
 * interval(1000, loopScheduler()).pipe(untilDestroyed(win)).subscribe((n) => clock.setText(String(n)));
 * ```
 */
export function untilDestroyed<T>(obj: SignalEmitter): MonoTypeOperatorFunction<T> {
  const raw: unknown = obj;
  checkEmitter('untilDestroyed', raw, 'obj');
  return (source) =>
    new ReportingObservable<T>(`untilDestroyed(${describeEmitter(raw)})`, undefined, (subscriber) => {
      if (raw.native == null) {
        subscriber.complete();
        return;
      }
      const unwatch = watchDestroyed(raw, () => subscriber.complete());
      const sub = source.subscribe(subscriber);
      return () => {
        unwatch();
        sub.unsubscribe();
      };
    });
}

/** @internal How many objects are watched (leak tests). */
export function _watchedObjectCount(): number {
  return watchers.size;
}
