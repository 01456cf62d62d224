// Acceptance on real widgets (offscreen): search-as-you-type in virtual time, a form driven by bound streams,
// asyncSlot, execDialog and asyncClose.
import '../../src/qt';
import { readFile } from 'node:fs/promises';
import {
  DialogCode,
  FlexLayout,
  QDialog,
  QLabel,
  QLineEdit,
  QListWidget,
  QMainWindow,
  QProgressBar,
  QPushButton,
  QWidget,
} from '@nodegui/nodegui';
import { BehaviorSubject, debounceTime, map, Subject, throwError } from 'rxjs';
import {
  CancelledError,
  EventLoop,
  type ExceptionContext,
  sleep,
  type VirtualTimeLoop,
} from '../../src/index';
import {
  asyncClose,
  asyncSlot,
  bind,
  bindTo,
  execDialog,
  fromSignal,
  isDestroyed,
  listenerCount,
  loopScheduler,
  ObjectDestroyedError,
  RxArgumentError,
  switchMapTask,
} from '../../src/rx';
import { _watchedObjectCount } from '../../src/rx/objectLifetime';
import { recordExceptions, useLoop } from '../../src/testing';

const fixture = useLoop({ beforeEach, afterEach }, { autoAdvance: false });
let loop: VirtualTimeLoop;
let handled: ExceptionContext[];
beforeEach(() => {
  loop = fixture.loop;
  handled = recordExceptions(loop);
});

function column(...children: QWidget[]): QWidget {
  const root = new QWidget();
  root.setLayout(new FlexLayout());
  for (const c of children) root.layout()?.addWidget(c);
  return root;
}

test('search as you type: debounce, stale searches cancelled, only the last result bound', async () => {
  const edit = new QLineEdit();
  const list = new QListWidget();
  const status = new QLabel();
  const root = column(edit, list, status);
  const started: string[] = [];
  const aborted: string[] = [];
  const search = async (query: string, signal: AbortSignal): Promise<string[]> => {
    started.push(query);
    signal.addEventListener('abort', () => aborted.push(query));
    await sleep(300); // a slow backend
    return [`${query} 1`, `${query} 2`];
  };
  const sched = loopScheduler(loop);
  fromSignal(edit, 'textChanged')
    .pipe(debounceTime(200, sched), switchMapTask(search, { loop }))
    .subscribe((hits) => {
      list.clear();
      list.addItems(hits);
      status.setText(`${hits.length} hits`);
    });

  edit.setText('q'); // t=0
  await loop.advance(100);
  edit.setText('qt'); // t=100: 'q' never searched (debounced)
  await loop.advance(250); // t=350: search 'qt' started at 300
  edit.setText('qta'); // t=350
  await loop.advance(200); // t=550: search 'qta' starts, 'qt' is cancelled
  edit.setText('qtas'); // t=550
  await loop.advance(1000);
  expect(started).toEqual(['qt', 'qta', 'qtas']);
  expect(aborted).toEqual(['qt', 'qta']);
  expect(list.count()).toBe(2);
  expect(list.item(0).text()).toBe('qtas 1');
  expect(status.text()).toBe('2 hits');
  root.delete();
  expect(listenerCount(edit)).toBe(0);
  expect(handled).toEqual([]);
});

test('a form driven by bound streams; destroying the window completes every stream and leaves no listener', async () => {
  const win = new QMainWindow();
  const name = new QLineEdit();
  const greeting = new QLabel();
  const save = new QPushButton();
  const progress = new QProgressBar();
  win.setCentralWidget(column(name, greeting, save, progress));
  win.show();

  const busy$ = new BehaviorSubject(false);
  const progress$ = new Subject<number>();
  const name$ = fromSignal(name, 'textChanged');
  const completed: string[] = [];
  name$.subscribe({ complete: () => completed.push('name$') });
  fromSignal(save, 'clicked').subscribe({ complete: () => completed.push('clicked$') });
  bind(greeting, { text: name$.pipe(map((n) => `Hello, ${n}!`)) }, { loop });
  bind(
    save,
    { enabled: busy$.pipe(map((b) => !b)), text: busy$.pipe(map((b) => (b ? 'Saving…' : 'Save'))) },
    { loop },
  );
  progress$
    .pipe(bindTo(progress, 'setValue', { loop }))
    .subscribe({ complete: () => completed.push('progress') });
  const stopSlot = asyncSlot(
    save,
    'clicked',
    async () => {
      busy$.next(true);
      for (let p = 0; p <= 100; p += 50) {
        progress$.next(p);
        await sleep(10);
      }
      busy$.next(false);
    },
    { policy: 'exhaust', loop },
  );

  name.setText('Ada');
  expect(greeting.text()).toBe('Hello, Ada!');
  expect(save.isEnabled()).toBe(true);
  save.click();
  await loop.advance(0);
  expect(save.isEnabled()).toBe(false);
  expect(save.text()).toBe('Saving…');
  await loop.advance(15);
  expect(progress.value()).toBe(50);
  await loop.advance(100);
  expect(progress.value()).toBe(100);
  expect(save.isEnabled()).toBe(true);

  win.delete();
  for (const w of [name, greeting, save, progress]) expect(isDestroyed(w)).toBe(true);
  expect(completed.sort()).toEqual(['clicked$', 'name$', 'progress']);
  for (const w of [win, name, greeting, save, progress]) expect(listenerCount(w)).toBe(0);
  expect(busy$.observed).toBe(false);
  expect(progress$.observed).toBe(false);
  // Destroyed widgets never get a call: these would throw on a null native.
  busy$.next(true);
  progress$.next(7);
  stopSlot();
  expect(_watchedObjectCount()).toBe(0);
  expect(handled).toEqual([]);
});

test('bind: a stream error goes to the exception handler and leaves the other bindings; bad keys are named', () => {
  const label = new QLabel();
  const text$ = new Subject<string>();
  const sub = bind(label, { text: text$, toolTip: throwError(() => new Error('no tooltip')) }, { loop });
  text$.next('still bound');
  expect(label.text()).toBe('still bound');
  expect(handled).toHaveLength(1);
  expect(handled[0]?.exception).toEqual(new Error('no tooltip'));
  expect(handled[0]?.message).toContain('bind(QLabel)');
  sub.unsubscribe();
  expect(text$.observed).toBe(false);
  expect(() => bind(label, { value: text$ } as never)).toThrow(
    'bind(bindings.value): a QLabel has no method setValue()',
  );
  expect(() => bind(label, { text: 'hi' } as never)).toThrow(RxArgumentError);
  label.delete();
});

describe('asyncSlot', () => {
  test('errors go to the exception handler; CancelledError is not an error; switch cancels', async () => {
    const button = new QPushButton();
    const log: string[] = [];
    asyncSlot(
      button,
      'clicked',
      async (_checked, signal) => {
        signal.addEventListener('abort', () => log.push('aborted'));
        await sleep(10);
        log.push('done');
        throw new Error('slot failed');
      },
      { policy: 'switch', loop },
    );
    button.click();
    await loop.advance(5);
    button.click(); // cancels the first run (no error reported for it)
    await loop.advance(20);
    expect(log).toEqual(['aborted', 'done']);
    expect(handled).toHaveLength(1);
    expect(handled[0]?.exception).toEqual(new Error('slot failed'));
    expect(handled[0]?.message).toBe('Exception in asyncSlot(QPushButton, "clicked")');
    expect(handled[0]?.task).toBeDefined();
    button.delete();
  });

  test('policies merge / queue / exhaust; destroying the emitter cancels running tasks', async () => {
    const runs = async (policy: 'merge' | 'queue' | 'exhaust'): Promise<[number, number][]> => {
      const button = new QPushButton();
      const out: [number, number][] = [];
      let n = 0;
      asyncSlot(
        button,
        'clicked',
        async () => {
          const i = ++n;
          await sleep(10);
          out.push([i, loop.time()]);
        },
        { policy, loop },
      );
      const t0 = loop.time();
      button.click();
      button.click();
      await loop.advance(30);
      button.delete();
      return out.map(([i, t]) => [i, t - t0]);
    };
    expect(await runs('merge')).toEqual([
      [1, 10],
      [2, 10],
    ]);
    expect(await runs('queue')).toEqual([
      [1, 10],
      [2, 20],
    ]);
    expect(await runs('exhaust')).toEqual([[1, 10]]);

    const button = new QPushButton();
    let cancelled = false;
    asyncSlot(
      button,
      'clicked',
      async () => {
        try {
          await sleep(1000);
        } catch (e) {
          cancelled = e instanceof CancelledError;
          throw e;
        }
      },
      { loop },
    );
    button.click();
    await loop.advance(1);
    button.delete();
    await loop.advance(0);
    expect(cancelled).toBe(true);
    expect(listenerCount(button)).toBe(0);
    expect(handled).toEqual([]);
    expect(() => asyncSlot(new QPushButton(), 'clicked', async () => {}, { policy: 'all' as never })).toThrow(
      'asyncSlot(options.policy): expected one of "merge", "switch", "exhaust", "queue", got "all"',
    );
  });
});

describe('execDialog', () => {
  test('loop timers and tasks keep running while it waits; resolves with the result code', async () => {
    const dialog = new QDialog();
    const ticks: number[] = [];
    const ticker = loop.createTask(async () => {
      for (;;) {
        await sleep(10);
        ticks.push(loop.time());
      }
    });
    const result = execDialog(dialog, { loop });
    expect(dialog.isVisible()).toBe(true);
    loop.callLater(55, () => dialog.done(7));
    await loop.advance(60);
    expect(ticks).toEqual([10, 20, 30, 40, 50, 60]);
    expect(result.result()).toBe(7);
    expect(dialog.isVisible()).toBe(false);
    expect(listenerCount(dialog)).toBe(0);
    ticker.cancel();
    await loop.advance(0);
    dialog.delete();
  });

  test('on the real loop: Node timers, I/O and loop tasks run while the dialog is open', async () => {
    const real = new EventLoop();
    const dialog = new QDialog();
    const code = await real.runUntilComplete(async () => {
      const result = execDialog(dialog);
      let ticks = 0;
      const ticker = real.createTask(async () => {
        for (;;) {
          await sleep(2);
          ticks++;
        }
      });
      await new Promise<void>((resolve) => setTimeout(resolve, 5)); // a plain Node timer
      await readFile(__filename); // Node I/O
      while (ticks < 3) await sleep(1);
      expect(dialog.isVisible()).toBe(true);
      real.callSoon(() => dialog.accept());
      const r = await result;
      ticker.cancel();
      return r;
    });
    real.close();
    expect(code).toBe(DialogCode.Accepted);
    dialog.delete();
  });

  test('cancelling closes the dialog with reject(); destruction fails it', async () => {
    const dialog = new QDialog();
    dialog.setResult(42);
    const task = loop.createTask(() => execDialog(dialog, { loop }));
    await loop.advance(0);
    expect(dialog.isVisible()).toBe(true);
    task.cancel();
    await loop.advance(0);
    expect(task.cancelled()).toBe(true);
    expect(dialog.result()).toBe(DialogCode.Rejected);
    expect(dialog.isVisible()).toBe(false);
    expect(listenerCount(dialog)).toBe(0);

    const f = execDialog(dialog, { loop });
    dialog.delete();
    expect(() => f.result()).toThrow(ObjectDestroyedError);
    const accepted = new QDialog();
    const g = execDialog(accepted, { loop });
    accepted.accept();
    expect(g.result()).toBe(DialogCode.Accepted);
    accepted.delete();
    expect(() => execDialog(new QLabel() as never)).toThrow(
      'execDialog(dialog): expected a QDialog, got a QLabel',
    );
  });
});

test('asyncClose asks before closing', async () => {
  const win = new QWidget();
  win.show();
  let answer = false;
  let asked = 0;
  const stop = asyncClose(
    win,
    async () => {
      asked++;
      await sleep(10);
      return answer;
    },
    { loop },
  );
  win.close();
  expect(win.isVisible()).toBe(true);
  await loop.advance(10);
  expect(asked).toBe(1);
  expect(win.isVisible()).toBe(true); // answered "no"
  answer = true;
  win.close();
  win.close(); // ignored while asking
  await loop.advance(10);
  expect(asked).toBe(2);
  expect(win.isVisible()).toBe(false);
  stop();
  expect(listenerCount(win)).toBe(0);
  win.delete();
});
