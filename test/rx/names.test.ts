// Bad names and options refused at once: a signal the object does not have (as plain JavaScript can pass one)
// is an UnknownSignalError listing the object's signals; an unknown option key is an RxArgumentError naming
// the key and the near miss. Real NodeGui widgets, offscreen.
import '../../src/qt';
import { QDialog, QLabel, QLineEdit, QPushButton, QWidget } from '@nodegui/nodegui';
import { of } from 'rxjs';
import { suggestName } from '../../src/core/suggestName';
import type { VirtualTimeLoop } from '../../src/index';
import {
  asyncClose,
  asyncSlot,
  bind,
  bindTo,
  concatMapTask,
  execDialog,
  exhaustMapTask,
  fromQEvent,
  fromSignal,
  fromTask,
  listenerCount,
  mergeMapTask,
  nextSignal,
  RxArgumentError,
  registerSignals,
  signalIterator,
  switchMapTask,
  toTask,
  UnknownSignalError,
} from '../../src/rx';
import { SIGNAL_TABLE } from '../../src/rx/signalTable';
import { useLoop } from '../../src/testing';
import { thrown } from '../concurrency/helpers';

const fixture = useLoop({ beforeEach, afterEach }, { autoAdvance: false, current: true });
let loop: VirtualTimeLoop;
beforeEach(() => {
  loop = fixture.loop;
});

describe('signal names the object does not have', () => {
  test('fromSignal raises UnknownSignalError at once, listing the signals and the near miss', () => {
    const button = new QPushButton();
    const e = thrown(() => fromSignal(button, 'clikced' as never));
    expect(e).toBeInstanceOf(UnknownSignalError);
    expect(e).toBeInstanceOf(RxArgumentError);
    expect(e.name).toBe('UnknownSignalError');
    expect(e.message).toMatch(
      /^fromSignal\(name\): a QPushButton has no signal "clikced" \(did you mean "clicked"\? its signals: clicked, /,
    );
    const signals = (e as UnknownSignalError).signals;
    expect(signals).toEqual(
      expect.arrayContaining([
        'clicked',
        'pressed',
        'released',
        'toggled',
        'windowTitleChanged',
        'objectNameChanged',
      ]),
    );
    expect(signals).not.toContain('textChanged');
    const far = thrown(() => fromSignal(button, 'noSuchSignal' as never));
    expect(far.message).toMatch(
      /^fromSignal\(name\): a QPushButton has no signal "noSuchSignal" \(its signals: /,
    );
    expect(listenerCount(button)).toBe(0);
    button.delete();
  });

  test('nextSignal, signalIterator and asyncSlot check the name too', () => {
    const edit = new QLineEdit();
    expect(() => nextSignal(edit, 'textChange' as never)).toThrow(
      /^nextSignal\(name\): a QLineEdit has no signal "textChange" \(did you mean "textChanged"\?/,
    );
    expect(() => signalIterator(edit, 'clicked' as never)).toThrow(UnknownSignalError);
    expect(() => asyncSlot(edit, 'returnPresed' as never, async () => {})).toThrow(
      'did you mean "returnPressed"?',
    );
    expect(listenerCount(edit)).toBe(0);
    // Every real signal of the class and its ancestors passes.
    const sub = fromSignal(edit, 'objectNameChanged').subscribe();
    sub.unsubscribe();
    edit.delete();
  });

  test("a program's subclass has its NodeGui ancestors' signals, plus the ones it registers", () => {
    class SaveButton extends QPushButton {}
    class Clock extends QWidget {}
    registerSignals(Clock, ['ticked']);
    const save = new SaveButton();
    const clock = new Clock();
    expect(() => fromSignal(save, 'clicked').subscribe().unsubscribe()).not.toThrow();
    expect(() => fromSignal(save, 'ticked' as never)).toThrow(
      /^fromSignal\(name\): a SaveButton has no signal "ticked"/,
    );
    expect(() =>
      fromSignal(clock, 'ticked' as never)
        .subscribe()
        .unsubscribe(),
    ).not.toThrow();
    expect(() => fromSignal(new QWidget(), 'ticked' as never)).toThrow(UnknownSignalError);
    expect(() => registerSignals({} as never, ['x'])).toThrow('registerSignals(cls): expected a class, got');
    expect(() => registerSignals(Clock, 'ticked' as never)).toThrow(
      'registerSignals(names): expected an array of signal names, got "ticked"',
    );
    save.delete();
    clock.delete();
  });

  test('names registered after a check apply at once, to the class and its subclasses', () => {
    class Dial extends QWidget {}
    class FineDial extends Dial {}
    const dial = new FineDial();
    expect(() => fromSignal(dial, 'turned' as never)).toThrow(UnknownSignalError);
    registerSignals(Dial, ['turned']);
    expect(() =>
      fromSignal(dial, 'turned' as never)
        .subscribe()
        .unsubscribe(),
    ).not.toThrow();
    expect(() => fromSignal(new QWidget(), 'turned' as never)).toThrow(UnknownSignalError);
    dial.delete();
  });

  test('the table: every parent is an entry; real objects get their whole chain', () => {
    for (const [name, entry] of Object.entries(SIGNAL_TABLE)) {
      if (entry.parent !== null)
        expect([name, Object.hasOwn(SIGNAL_TABLE, entry.parent)]).toEqual([name, true]);
    }
    const label = new QLabel();
    const e = thrown(() => fromSignal(label, 'x' as never)) as UnknownSignalError;
    expect([...e.signals].sort()).toEqual(
      [
        'customContextMenuRequested',
        'linkActivated',
        'linkHovered',
        'objectNameChanged',
        'windowIconChanged',
        'windowTitleChanged',
      ].sort(),
    );
    label.delete();
  });
});

describe('unknown option keys', () => {
  test('nextSignal(button, "clicked", { timeoutMS }) raises instead of never timing out', () => {
    const button = new QPushButton();
    const e = thrown(() => nextSignal(button, 'clicked', { timeoutMS: 10 } as never));
    expect(e).toBeInstanceOf(RxArgumentError);
    expect(e.message).toBe(
      'nextSignal(options): unknown option "timeoutMS" (did you mean "timeoutMs"? known: timeoutMs, signal, filter, loop)',
    );
    expect(listenerCount(button)).toBe(0);
    button.delete();
  });

  test('every options bag of qtasyncio/rx rejects an unknown key, naming the function and the key', () => {
    const edit = new QLineEdit();
    const dialog = new QDialog();
    const fn = async () => 1;
    const cases: [string, () => unknown][] = [
      [
        'fromQEvent(options): unknown option "afterDefualt" (did you mean "afterDefault"?',
        () => fromQEvent(edit, 'Resize', { afterDefualt: true } as never),
      ],
      [
        'signalIterator(options): unknown option "buffersize" (did you mean "bufferSize"?',
        () => signalIterator(edit, 'textChanged', { buffersize: 2 } as never),
      ],
      [
        'asyncSlot(options): unknown option "polcy" (did you mean "policy"?',
        () => asyncSlot(edit, 'textChanged', fn, { polcy: 'queue' } as never),
      ],
      [
        'bind(options): unknown option "lop" (did you mean "loop"?',
        () => bind(edit, { text: of('a') }, { lop: loop } as never),
      ],
      [
        'bindTo(options): unknown option "Loop" (did you mean "loop"?',
        () => bindTo(edit, 'setText', { Loop: loop } as never),
      ],
      [
        'execDialog(options): unknown option "loops" (did you mean "loop"?',
        () => execDialog(dialog, { loops: loop } as never),
      ],
      [
        'asyncClose(options): unknown option "timeoutMs" (known: loop)',
        () => asyncClose(edit, async () => true, { timeoutMs: 1 } as never),
      ],
      [
        'fromTask(options): unknown option "nmae" (did you mean "name"?',
        () => fromTask(fn, { nmae: 'x' } as never),
      ],
      [
        'toTask(options): unknown option "default" (known: mode, defaultValue, loop, name)',
        () => toTask(of(1), { default: 0 } as never),
      ],
      ['switchMapTask(options): unknown option "nam"', () => switchMapTask(fn, { nam: 'x' } as never)],
      ['concatMapTask(options): unknown option "nam"', () => concatMapTask(fn, { nam: 'x' } as never)],
      ['mergeMapTask(options): unknown option "nam"', () => mergeMapTask(fn, 2, { nam: 'x' } as never)],
      ['exhaustMapTask(options): unknown option "nam"', () => exhaustMapTask(fn, { nam: 'x' } as never)],
    ];
    for (const [message, call] of cases) {
      const e = thrown(call);
      expect([message, e instanceof RxArgumentError]).toEqual([message, true]);
      expect(e.message.startsWith(message)).toBe(true);
    }
    expect(listenerCount(edit)).toBe(0);
    expect(() => fromQEvent(edit, 'Resize', { afterDefault: 'yes' as never })).toThrow(
      'fromQEvent(options.afterDefault): expected a boolean, got "yes"',
    );
    expect(() => nextSignal(edit, 'textChanged', null as never)).toThrow(
      'nextSignal(options): expected an object, got null',
    );
    edit.delete();
    dialog.delete();
  });
});

test('suggestName: the same name in another case, one edit per three characters, or nothing', () => {
  expect(suggestName('timeoutMS', ['signal', 'timeoutMs'])).toBe('timeoutMs');
  expect(suggestName('clikced', ['clicked', 'pressed'])).toBe('clicked');
  expect(suggestName('polcy', ['policy', 'loop'])).toBe('policy');
  expect(suggestName('default', ['mode', 'defaultValue'])).toBeUndefined();
  expect(suggestName('x', ['loop'])).toBeUndefined();
});
