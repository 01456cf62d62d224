// Edge cases: disposers, errors reported to the loop's exception handler, already-destroyed objects.
import '../../src/qt';
import { QLabel, QLineEdit, QProgressBar, QPushButton, QWidget } from '@nodegui/nodegui';
import { of, Subject, throwError } from 'rxjs';
import type { ExceptionContext, VirtualTimeLoop } from '../../src/index';
import {
  asyncClose,
  asyncSlot,
  bind,
  bindTo,
  execDialog,
  fromQEvent,
  listenerCount,
  nextSignal,
  ObjectDestroyedError,
  onDestroyed,
  RxArgumentError,
  signalIterator,
  untilDestroyed,
} from '../../src/rx';
import { _watchedObjectCount } from '../../src/rx/objectLifetime';
import { recordExceptions, useLoop } from '../../src/testing';

const fixture = useLoop({ beforeEach, afterEach }, { autoAdvance: false, current: true });
let loop: VirtualTimeLoop;
let handled: ExceptionContext[];
beforeEach(() => {
  loop = fixture.loop;
  handled = recordExceptions(loop);
});

test('a watcher that throws inside Qt destruction is reported, never thrown into Qt', () => {
  const w = new QWidget();
  const seen: string[] = [];
  onDestroyed(w, () => {
    throw new Error('watcher failed');
  });
  onDestroyed(w, () => seen.push('second watcher'));
  const stop = onDestroyed(w, () => seen.push('stopped watcher'));
  stop();
  stop(); // idempotent
  w.delete();
  expect(seen).toEqual(['second watcher']);
  expect(handled.map((c) => (c.exception as Error).message)).toEqual(['watcher failed']);
  expect(() => onDestroyed(w, 5 as never)).toThrow('onDestroyed(callback): expected a function, got 5');
});

test('destruction: a watcher stopped by an earlier one is not called; the same callback twice runs twice', () => {
  const w = new QWidget();
  const seen: string[] = [];
  const twice = () => seen.push('twice');
  let stopLater = () => {};
  onDestroyed(w, () => {
    seen.push('first');
    stopLater();
  });
  stopLater = onDestroyed(w, () => seen.push('stopped by first'));
  onDestroyed(w, twice);
  const stopOne = onDestroyed(w, twice);
  onDestroyed(w, twice);
  stopOne();
  w.delete();
  expect(seen).toEqual(['first', 'twice', 'twice']);
  expect(_watchedObjectCount()).toBe(0);
});

test('bindTo: values pass on; setter and stream errors are reported; completes on destruction', () => {
  const bar = new QProgressBar();
  const values = new Subject<number>();
  const seen: number[] = [];
  let completed = false;
  values
    .pipe(bindTo(bar, 'setValue'))
    .subscribe({ next: (v) => seen.push(v), complete: () => (completed = true) });
  values.next(30);
  expect(bar.value()).toBe(30);
  expect(seen).toEqual([30]);
  bar.delete();
  expect(completed).toBe(true);
  expect(values.observed).toBe(false);
  of(1)
    .pipe(bindTo(bar, 'setValue'))
    .subscribe({ complete: () => seen.push(-1) });
  expect(seen).toEqual([30, -1]);

  const label = new QLabel();
  const broken = label as unknown as { setText(v: unknown): void };
  const original = broken.setText;
  broken.setText = () => {
    throw new Error('setter failed');
  };
  let done = false;
  of('x')
    .pipe(bindTo(label, 'setText'))
    .subscribe({ complete: () => (done = true) });
  throwError(() => new Error('stream failed'))
    .pipe(bindTo(label, 'setText'))
    .subscribe({ complete: () => (done = true) });
  broken.setText = original;
  expect(done).toBe(true);
  expect(handled.map((c) => (c.exception as Error).message)).toEqual(['setter failed', 'stream failed']);
  expect(() => bindTo(label, 'setNothing' as never)).toThrow(
    'bindTo(setter): expected the name of a method of the QLabel, got "setNothing"',
  );
  const destroyed = new QLabel();
  destroyed.delete();
  expect(bind(destroyed, { text: of('x') }).closed).toBe(true);
  label.delete();
});

test('asyncSlot disposer cancels running tasks and is idempotent; using-style dispose works', async () => {
  const button = new QPushButton();
  let aborted = 0;
  const dispose = asyncSlot(button, 'clicked', async (_c, signal) => {
    signal.addEventListener('abort', () => aborted++);
    await new Promise(() => {});
  });
  button.click();
  button.click();
  await loop.advance(0);
  dispose();
  dispose[Symbol.dispose]();
  expect(aborted).toBe(2);
  expect(listenerCount(button)).toBe(0);
  button.delete();
  expect(handled).toEqual([]);
});

test('already destroyed objects: streams complete, futures fail, iterators end', async () => {
  const edit = new QLineEdit();
  edit.delete();
  const events: string[] = [];
  fromQEvent(edit, 'Resize').subscribe({ complete: () => events.push('qevent') });
  of(1)
    .pipe(untilDestroyed(edit))
    .subscribe({ complete: () => events.push('until') });
  expect(events).toEqual(['qevent', 'until']);
  const it = signalIterator(edit, 'textChanged');
  expect(await it.next()).toEqual({ value: undefined, done: true });
  expect(() => execDialog(edit as never)).toThrow(RxArgumentError);
  const f = nextSignal(edit, 'textChanged');
  expect(() => f.result()).toThrow(ObjectDestroyedError);
  const ac = new AbortController();
  ac.abort();
  const live = new QLineEdit();
  expect(nextSignal(live, 'textChanged', { signal: ac.signal }).cancelled()).toBe(true);
  expect(() => nextSignal(live, 'textChanged', { signal: 'x' as never })).toThrow(
    'nextSignal(options.signal): expected an AbortSignal, got "x"',
  );
  const filtered = nextSignal(live, 'textChanged', {
    filter: () => {
      throw new Error('bad filter');
    },
  });
  live.setText('x');
  expect(() => filtered.result()).toThrow('bad filter');
  expect(listenerCount(live)).toBe(0);
  live.delete();
});

test('signalIterator: return() stops listening; concurrent next() is refused', async () => {
  const edit = new QLineEdit();
  const it = signalIterator(edit, 'textChanged');
  const first = it.next();
  const second = it.next();
  await expect(second).rejects.toThrow('next() called while another next() is pending');
  edit.setText('a');
  expect(await first).toEqual({ value: 'a', done: false });
  expect(await it.return?.()).toEqual({ value: undefined, done: true });
  expect(listenerCount(edit)).toBe(0);
  edit.setText('b');
  expect(await it.next()).toEqual({ value: undefined, done: true });
  edit.delete();
});

test('asyncClose: a failing confirm is reported and the window stays open; disposer removes the guard', async () => {
  const win = new QWidget();
  win.show();
  const stop = asyncClose(win, async () => {
    throw new Error('confirm failed');
  });
  win.close();
  await loop.advance(0);
  await loop.advance(0);
  expect(win.isVisible()).toBe(true);
  expect(handled.map((c) => (c.exception as Error).message)).toEqual(['confirm failed']);
  stop();
  win.close();
  expect(win.isVisible()).toBe(false);
  win.delete();
});
