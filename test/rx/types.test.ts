// Type tests: wrong signal names, payload types, QEvent names and binding keys are compile errors. `tsc -p
// tsconfig.json` (run by `npm test`) checks every `@ts-expect-error` below; the functions are never called.
import type {
  QDialog,
  QLabel,
  QLineEdit,
  QProgressBar,
  QPushButton,
  QWidget,
  QWidgetSignals,
} from '@nodegui/nodegui';
import { type Observable, of } from 'rxjs';
import type { Future } from '../../src/index';
import {
  asyncSlot,
  type Bindings,
  bind,
  bindTo,
  fromQEvent,
  fromSignal,
  nextSignal,
  type SignalName,
  type SignalPayload,
  signalIterator,
} from '../../src/rx';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<_T extends true>(): void {}

function signalNamesAndPayloads(edit: QLineEdit, button: QPushButton, dialog: QDialog): void {
  assertType<Equal<SignalPayload<QLineEdit, 'textChanged'>, string>>();
  assertType<Equal<SignalPayload<QLineEdit, 'cursorPositionChanged'>, [oldPos: number, newPos: number]>>();
  assertType<Equal<SignalPayload<QPushButton, 'clicked'>, boolean>>();
  assertType<Equal<SignalPayload<QPushButton, 'pressed'>, undefined>>();
  assertType<Equal<SignalPayload<QDialog, 'finished'>, number>>();

  const text$: Observable<string> = fromSignal(edit, 'textChanged');
  const pos$: Observable<[number, number]> = fromSignal(edit, 'cursorPositionChanged');
  const clicked$: Observable<boolean> = fromSignal(button, 'clicked');
  // @ts-expect-error -- 'clicked' is not a QLineEdit signal
  fromSignal(edit, 'clicked');
  // @ts-expect-error -- typo in the signal name
  fromSignal(edit, 'textChange');
  // @ts-expect-error -- textChanged carries a string, not a number
  const wrong$: Observable<number> = fromSignal(edit, 'textChanged');
  // @ts-expect-error -- cursorPositionChanged carries a tuple
  fromSignal(edit, 'cursorPositionChanged').subscribe((p: number) => p);

  const f: Future<number> = nextSignal(dialog, 'finished');
  // @ts-expect-error -- finished carries a number
  const g: Future<string> = nextSignal(dialog, 'finished');
  // @ts-expect-error -- 'returnPressed' is not a QPushButton signal
  nextSignal(button, 'returnPressed');
  nextSignal(edit, 'textChanged', { filter: (t) => t.length > 2 });
  // @ts-expect-error -- the filter gets a string
  nextSignal(edit, 'textChanged', { filter: (t: number) => t > 2 });

  const it: AsyncIterableIterator<string> = signalIterator(edit, 'textEdited');
  // @ts-expect-error -- unknown signal
  signalIterator(edit, 'nope');

  asyncSlot(button, 'clicked', async (checked: boolean) => checked);
  // @ts-expect-error -- clicked carries a boolean
  asyncSlot(button, 'clicked', async (checked: string) => checked);

  const names: SignalName<QLineEdit>[] = ['textChanged', 'returnPressed', 'objectNameChanged'];
  void [text$, pos$, clicked$, wrong$, f, g, it, names];
}

function qEventNames(w: QWidget): void {
  fromQEvent(w, 'MouseButtonPress');
  // @ts-expect-error -- not a QEvent type
  fromQEvent(w, 'MouseButtonPush');
  // @ts-expect-error -- a signal, not a QEvent
  fromQEvent(w, 'windowTitleChanged');
}

function bindingKeys(label: QLabel, button: QPushButton, bar: QProgressBar): void {
  bind(label, { text: of('hello'), enabled: of(true) });
  bind(bar, { value: of(42) });
  // @ts-expect-error -- QLabel has no setValue
  bind(label, { value: of(1) });
  // @ts-expect-error -- setEnabled takes a boolean
  bind(button, { enabled: of('yes') });
  const b: Bindings<QProgressBar> = { value: of(1), minimum: of(0) };
  of('x').pipe(bindTo(label, 'setText')).subscribe();
  // @ts-expect-error -- setValue takes a number
  of('x').pipe(bindTo(bar, 'setValue'));
  // @ts-expect-error -- no such setter
  of('x').pipe(bindTo(label, 'setTitle'));
  void b;
}

// Custom widgets: their signal names are always checked; payload types come from a registered map.
interface ClockSignals extends QWidgetSignals {
  ticked: (seconds: number) => void;
}
interface GaugeSignals extends QWidgetSignals {
  moved: (to: number) => void;
}
declare module '../../src/rx' {
  interface SignalMapRegistry {
    Clock: ClockSignals;
  }
}

function customWidgets(clock: QWidget<ClockSignals>, gauge: QWidget<GaugeSignals>): void {
  const ticks: Observable<number> = fromSignal(clock, 'ticked');
  // @ts-expect-error -- ticked carries a number (ClockSignals is registered)
  const wrong: Observable<string> = fromSignal(clock, 'ticked');
  // @ts-expect-error -- not a signal of the clock
  fromSignal(clock, 'moved');
  assertType<Equal<SignalPayload<QWidget<GaugeSignals>, 'moved'>, unknown>>(); // not registered: unknown
  // @ts-expect-error -- names are checked even without a registered map
  fromSignal(gauge, 'ticked');
  void [ticks, wrong];
}

test('type tests are checked by tsc (this file only needs to compile)', () => {
  expect([signalNamesAndPayloads, qEventNames, bindingKeys, customWidgets].map((f) => typeof f)).toEqual([
    'function',
    'function',
    'function',
    'function',
  ]);
});
