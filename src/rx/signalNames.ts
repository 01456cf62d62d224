/**
 * The signal names of NodeGui objects at run time, so that `fromSignal(button, 'noSuchSignal')` from plain
 * JavaScript fails at once instead of listening forever. NodeGui keeps its signal names only in types (each
 * class's `*Signals` map); this table repeats them per class, and the compiler checks every entry against
 * NodeGui's map: a name missing from an entry, or one the map lacks, is a compile error after a NodeGui update.
 * A class of a program (`class MainWindow extends QMainWindow`) has the signals of its NodeGui ancestors, plus
 * those declared with {@link registerSignals}.
 *
 * @packageDocumentation
 */
import { describeValue } from '../core/render';
import { RxArgumentError } from './errors';
import { type SignalEntry, SIGNAL_TABLE as TABLE } from './signalTable';

/** Signals that programs declared for their own classes (see {@link registerSignals}). */
const registered = new WeakMap<object, readonly string[]>();

/** The signal names of a prototype chain, as a list (for messages) and a set (for the check). */
interface SignalNames {
  readonly list: readonly string[];
  readonly set: ReadonlySet<string>;
}

/**
 * What {@link signalNamesOf} found per prototype (`null`: no NodeGui class we know in its chain): every `fromSignal` and
 * `nextSignal` checks its name, so the walk up the chain is done once per class. {@link registerSignals} starts a new
 * cache (it may add names to any subclass).
 */
let cache = new WeakMap<object, SignalNames | null>();

/**
 * Declare the signals that a class of your program emits beyond those of its NodeGui ancestors (a custom signal
 * map, `class Clock extends QWidget<ClockSignals>`), so that `fromSignal(clock, 'tick')` accepts them.
 *
 * @throws {@link RxArgumentError} when `cls` is not a class or `names` not an array of signal names.
 * @example
 * ```ts
 * import { QWidget, type QWidgetSignals } from '@nodegui/nodegui';
 * import { fromSignal, registerSignals } from 'qtasyncio/rx';
 * declare function redraw(): void;
 * interface ClockSignals extends QWidgetSignals {
 *   tick: () => void;
 * }
 * class Clock extends QWidget<ClockSignals> {}
 * registerSignals(Clock, ['tick']);
 * fromSignal(new Clock(), 'tick').subscribe(() => redraw());
 * ```
 */
export function registerSignals(
  cls: abstract new (...args: never[]) => object,
  names: readonly string[],
): void {
  if (typeof cls !== 'function' || typeof cls.prototype !== 'object' || cls.prototype === null) {
    throw new RxArgumentError(`registerSignals(cls): expected a class, got ${describeValue(cls)}`);
  }
  if (!Array.isArray(names) || names.some((n) => typeof n !== 'string' || n.length === 0)) {
    throw new RxArgumentError(
      `registerSignals(names): expected an array of signal names, got ${describeValue(names)}`,
    );
  }
  registered.set(cls.prototype, [...(registered.get(cls.prototype) ?? []), ...names]);
  cache = new WeakMap();
}

/**
 * @internal The signal names of `obj` (its NodeGui class and ancestors, and names registered for the classes of
 * its prototype chain), or `undefined` when no class of its chain is a NodeGui class we know.
 */
export function signalNamesOf(obj: object): readonly string[] | undefined {
  return lookUp(obj)?.list;
}

/** @internal Whether `obj` has signal `name`: `undefined` when no class of its chain is a NodeGui class we know. */
export function hasSignal(obj: object, name: string): boolean | undefined {
  const names = lookUp(obj);
  return names === null ? undefined : names.set.has(name);
}

function lookUp(obj: object): SignalNames | null {
  const proto: object | null = Object.getPrototypeOf(obj);
  if (proto === null) return null;
  let names = cache.get(proto);
  if (names === undefined) {
    names = collect(proto);
    cache.set(proto, names);
  }
  return names;
}

/** The names of `first` and the prototypes it inherits from (see {@link signalNamesOf}). */
function collect(first: object): SignalNames | null {
  const names = new Set<string>();
  let known = false;
  for (let proto: object | null = first; proto !== null; proto = Object.getPrototypeOf(proto)) {
    for (const name of registered.get(proto) ?? []) names.add(name);
    const className: unknown = (proto as { constructor?: { name?: unknown } }).constructor?.name;
    if (known || typeof className !== 'string' || !Object.hasOwn(TABLE, className)) continue;
    known = true;
    for (let e: SignalEntry | undefined = TABLE[className]; e !== undefined; ) {
      for (const name of e.own) names.add(name);
      e = e.parent === null ? undefined : TABLE[e.parent];
    }
  }
  return known ? { list: [...names], set: names } : null;
}
