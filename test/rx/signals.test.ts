// Qt signals as Observables, Futures and async iterables, on real NodeGui widgets (offscreen).
import '../../src/qt';
import {
  FlexLayout,
  QLineEdit,
  QPushButton,
  QTimerEvent,
  QWidget,
  WidgetAttribute,
  WidgetEventTypes,
} from '@nodegui/nodegui';
import { map, take } from 'rxjs';
import { CancelledError, EventLoop, sleep, TimeoutError, VirtualTimeLoop } from '../../src/index';
import {
  fromQEvent,
  fromSignal,
  isDestroyed,
  listenerCount,
  nextSignal,
  ObjectDestroyedError,
  onDestroyed,
  RxArgumentError,
  SignalOverflowError,
  signalIterator,
  untilDestroyed,
} from '../../src/rx';
import { _watchedObjectCount } from '../../src/rx/objectLifetime';

function parentWithChild<T extends QWidget>(child: T): QWidget {
  const root = new QWidget();
  root.setLayout(new FlexLayout());
  root.layout()?.addWidget(child);
  return root;
}

describe('fromSignal', () => {
  test('emits payloads typed from the signal map: one value, a tuple, or undefined', () => {
    const edit = new QLineEdit();
    const button = new QPushButton();
    const texts: string[] = [];
    const cursors: [number, number][] = [];
    const presses: undefined[] = [];
    const clicks: boolean[] = [];
    const subs = [
      fromSignal(edit, 'textChanged').subscribe((t) => texts.push(t)),
      fromSignal(edit, 'cursorPositionChanged').subscribe((c) => cursors.push(c)),
      fromSignal(button, 'pressed').subscribe((p) => presses.push(p)),
      fromSignal(button, 'clicked').subscribe((c) => clicks.push(c)),
    ];
    edit.setText('abc');
    button.click();
    expect(texts).toEqual(['abc']);
    expect(cursors).toHaveLength(1);
    expect(cursors[0]?.[1]).toBe(3);
    expect(presses).toEqual([undefined]);
    expect(clicks).toEqual([false]);
    expect(listenerCount(edit)).toBe(2);
    for (const s of subs) s.unsubscribe();
    expect(listenerCount(edit)).toBe(0);
    expect(listenerCount(button)).toBe(0);
    edit.delete();
    button.delete();
  });

  test('completes when the object is destroyed (delete, parent deletion, deleteLater) and removes its listener', async () => {
    const button = new QPushButton();
    const events: unknown[] = [];
    fromSignal(button, 'clicked').subscribe({
      next: (v) => events.push(v),
      complete: () => events.push('done'),
    });
    button.click();
    button.delete();
    expect(isDestroyed(button)).toBe(true);
    expect(events).toEqual([false, 'done']);
    expect(listenerCount(button)).toBe(0);

    const child = new QLineEdit();
    const root = parentWithChild(child);
    let completed = false;
    fromSignal(child, 'textChanged').subscribe({ complete: () => (completed = true) });
    root.delete();
    expect(completed).toBe(true);
    expect(listenerCount(child)).toBe(0);

    const win = new QWidget();
    win.setAttribute(WidgetAttribute.WA_DeleteOnClose, true);
    win.show();
    const done = new Promise<void>((resolve) =>
      fromSignal(win, 'windowTitleChanged').subscribe({ complete: resolve }),
    );
    win.close();
    await done; // deleteLater → destroyed, driven by Qt's loop inside libuv
    expect(isDestroyed(win)).toBe(true);
    expect(_watchedObjectCount()).toBe(0);
  });

  test('subscribing to a destroyed object completes at once; the destroyed hook never calls after destruction', () => {
    const button = new QPushButton();
    button.delete();
    let completed = false;
    fromSignal(button, 'clicked').subscribe({ complete: () => (completed = true) });
    expect(completed).toBe(true);
    expect(
      onDestroyed(button, () => {
        throw new Error('never');
      }),
    ).toBeInstanceOf(Function);
  });

  test('untilDestroyed completes any stream with the object', () => {
    const w = new QWidget();
    const values: number[] = [];
    let completed = false;
    const s = new (require('rxjs').Subject)();
    s.pipe(untilDestroyed(w)).subscribe({
      next: (v: number) => values.push(v),
      complete: () => (completed = true),
    });
    s.next(1);
    w.delete();
    s.next(2);
    expect(values).toEqual([1]);
    expect(completed).toBe(true);
    expect(s.observed).toBe(false);
  });

  test('bad input → RxArgumentError naming the argument and value', () => {
    const b = new QPushButton();
    expect(() => fromSignal(42 as never, 'clicked' as never)).toThrow(
      'fromSignal(emitter): expected a NodeGui object (with addEventListener), got 42',
    );
    expect(() => fromSignal(b, '' as never)).toThrow(RxArgumentError);
    expect(() => fromSignal(b, 'Close' as never)).toThrow('(a QEvent type: use fromQEvent)');
    b.delete();
  });
});

describe('fromQEvent', () => {
  test('emits QEvents (raw or wrapped) and completes on destruction', async () => {
    const w = new QWidget();
    const titles: string[] = [];
    let completed = false;
    fromQEvent(w, WidgetEventTypes.WindowTitleChange).subscribe({
      next: () => titles.push(w.windowTitle()),
      complete: () => (completed = true),
    });
    w.setWindowTitle('hello');
    expect(titles).toEqual(['hello']);
    const id = w.startTimer(1);
    const timerId = await new Promise<number>((resolve) => {
      const sub = fromQEvent(w, 'Timer', { wrap: QTimerEvent }).subscribe((e) => {
        sub.unsubscribe();
        resolve(e.timerId());
      });
    });
    w.killTimer(id);
    expect(timerId).toBe(id);
    expect(listenerCount(w, 'Timer')).toBe(0);
    w.delete();
    expect(completed).toBe(true);
    expect(listenerCount(w)).toBe(0);
    expect(() => fromQEvent(new QWidget(), 'textChanged' as never)).toThrow(
      'fromQEvent(type): expected a QEvent type name (a WidgetEventTypes member), got "textChanged"',
    );
  });
});

describe('nextSignal', () => {
  test('a task awaits a click while a loop timer clicks the button (real loop)', async () => {
    const loop = new EventLoop();
    const button = new QPushButton();
    const result = await loop.runUntilComplete(async () => {
      loop.callLater(5, () => button.click());
      return await nextSignal(button, 'clicked');
    });
    loop.close();
    expect(result).toBe(false);
    expect(listenerCount(button)).toBe(0);
    button.delete();
  });

  test('timeout → TimeoutError; cancel and AbortSignal remove the listener; filter selects', async () => {
    const loop = new VirtualTimeLoop({ autoAdvance: false });
    const edit = new QLineEdit();
    const timed = nextSignal(edit, 'textChanged', { timeoutMs: 100, loop });
    await loop.advance(100);
    expect(() => timed.result()).toThrow(TimeoutError);
    expect(() => timed.result()).toThrow('nextSignal(emitter, "textChanged"): no signal within 100 ms');
    expect(listenerCount(edit)).toBe(0);

    const task = loop.createTask(() => nextSignal(edit, 'textChanged'));
    await loop.advance(0);
    expect(listenerCount(edit)).toBe(1);
    task.cancel();
    await loop.advance(0);
    expect(task.cancelled()).toBe(true);
    expect(listenerCount(edit)).toBe(0);

    const ac = new AbortController();
    const aborted = nextSignal(edit, 'textChanged', { signal: ac.signal, loop });
    ac.abort();
    expect(aborted.cancelled()).toBe(true);
    expect(listenerCount(edit)).toBe(0);

    const filtered = nextSignal(edit, 'textChanged', { filter: (t) => t.endsWith('!'), loop });
    edit.setText('a');
    edit.setText('b!');
    expect(filtered.result()).toBe('b!');
    expect(listenerCount(edit)).toBe(0);
    loop.close();
    edit.delete();
  });

  test('a destroyed emitter rejects with ObjectDestroyedError', async () => {
    const loop = new VirtualTimeLoop({ autoAdvance: false });
    const button = new QPushButton();
    const f = nextSignal(button, 'clicked', { loop });
    button.delete();
    expect(() => f.result()).toThrow(ObjectDestroyedError);
    expect(() => f.result()).toThrow('nextSignal(emitter, "clicked"): the QPushButton was destroyed');
    expect(() => nextSignal(button, 'clicked', { loop }).result()).toThrow('was already destroyed');
    expect(() => nextSignal(new QPushButton(), 'clicked', { timeoutMs: -1 })).toThrow(
      'nextSignal(options.timeoutMs): expected a finite number ≥ 0, got -1',
    );
    loop.close();
  });
});

describe('signalIterator', () => {
  test('for await receives buffered signals; break removes the listener', async () => {
    const loop = new VirtualTimeLoop();
    const edit = new QLineEdit();
    const seen = await loop.runUntilComplete(async () => {
      const got: string[] = [];
      const it = signalIterator(edit, 'textChanged');
      loop.callLater(10, () => {
        edit.setText('a');
        edit.setText('ab');
      });
      loop.callLater(20, () => edit.setText('abc'));
      for await (const text of it) {
        got.push(text);
        if (text === 'abc') break;
      }
      return got;
    });
    expect(seen).toEqual(['a', 'ab', 'abc']);
    expect(listenerCount(edit)).toBe(0);
    loop.close();
    edit.delete();
  });

  test('overflow policies and destruction', async () => {
    const loop = new VirtualTimeLoop({ autoAdvance: false });
    const edit = new QLineEdit();
    const read = async (it: AsyncIterableIterator<string>): Promise<string[]> => {
      const out: string[] = [];
      for await (const v of it) out.push(v);
      return out;
    };
    const oldest = signalIterator(edit, 'textChanged', { bufferSize: 2, overflow: 'drop-oldest', loop });
    const newest = signalIterator(edit, 'textChanged', { bufferSize: 2, overflow: 'drop-newest', loop });
    const error = signalIterator(edit, 'textChanged', { bufferSize: 2, overflow: 'error', loop });
    for (const t of ['1', '2', '3']) edit.setText(t);
    expect(listenerCount(edit)).toBe(2); // the 'error' one closed itself
    edit.delete(); // ends the others after their buffers
    const a = loop.createTask(() => read(oldest));
    const b = loop.createTask(() => read(newest));
    const c = loop.createTask(() => read(error));
    await loop.advance(0);
    await loop.advance(0);
    expect(a.result()).toEqual(['2', '3']);
    expect(b.result()).toEqual(['1', '2']);
    expect(() => c.result()).toThrow(SignalOverflowError);
    expect(() => signalIterator(new QLineEdit(), 'textChanged', { bufferSize: 0 })).toThrow(
      'signalIterator(options.bufferSize): expected an integer ≥ 1, got 0',
    );
    loop.close();
  });

  test('cancelling the task awaiting next() removes the listener', async () => {
    const loop = new VirtualTimeLoop({ autoAdvance: false });
    const edit = new QLineEdit();
    let caught: unknown;
    const task = loop.createTask(async () => {
      try {
        for await (const _ of signalIterator(edit, 'textChanged')) {
          // nothing arrives
        }
      } catch (e) {
        caught = e;
        throw e;
      }
    });
    await loop.advance(0);
    expect(listenerCount(edit)).toBe(1);
    task.cancel();
    await loop.advance(0);
    expect(caught).toBeInstanceOf(CancelledError);
    expect(listenerCount(edit)).toBe(0);
    loop.close();
    edit.delete();
  });
});

test('a stream and a task compose: first three clicks, mapped', async () => {
  const loop = new VirtualTimeLoop();
  const button = new QPushButton();
  const n = await loop.runUntilComplete(async () => {
    let count = 0;
    fromSignal(button, 'clicked')
      .pipe(
        map(() => 1),
        take(3),
      )
      .subscribe(() => count++);
    for (let i = 0; i < 5; i++) {
      await sleep(10);
      button.click();
    }
    return count;
  });
  expect(n).toBe(3);
  expect(listenerCount(button)).toBe(0);
  loop.close();
  button.delete();
});
