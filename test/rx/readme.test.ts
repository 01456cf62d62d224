// The three README examples of qtasyncio/rx, run as written (the README imports 'qtasyncio', 'qtasyncio/qt'
// and 'qtasyncio/rx'; here the same modules come from src/). Only the driving around them is test code.
import '../../src/qt';
import {
  FlexLayout,
  QLabel,
  QLineEdit,
  QListWidget,
  QMainWindow,
  QProgressBar,
  QPushButton,
  QWidget,
} from '@nodegui/nodegui';
import { BehaviorSubject, debounceTime, map } from 'rxjs';
import { getEventLoop, setEventLoop, sleep, VirtualTimeLoop } from '../../src/index';
import {
  asyncSlot,
  bind,
  fromSignal,
  listenerCount,
  loopScheduler,
  nextSignal,
  switchMapTask,
} from '../../src/rx';

afterEach(() => setEventLoop(null));

test('README: await a signal as a future', async () => {
  const button = new QPushButton();
  button.setText('Continue');
  button.show();

  const loop = getEventLoop();
  const checked = await loop.runUntilComplete(async () => {
    loop.callLater(100, () => button.click()); // stands in for the user
    return await nextSignal(button, 'clicked', { timeoutMs: 30_000 });
  });

  expect(checked).toBe(false);
  expect(listenerCount(button)).toBe(0);
  loop.close();
  button.delete();
});

test('README: pipe tasks into observables', async () => {
  const loop = new VirtualTimeLoop();
  setEventLoop(loop);

  const edit = new QLineEdit();
  const results = new QListWidget();
  const cities = ['Berlin', 'Bern', 'Bergen', 'Boston'];
  async function search(query: string, _signal: AbortSignal): Promise<string[]> {
    await sleep(300); // a slow backend; a newer query cancels this task here
    return cities.filter((c) => c.toLowerCase().startsWith(query.toLowerCase()));
  }

  fromSignal(edit, 'textChanged')
    .pipe(debounceTime(200, loopScheduler()), switchMapTask(search))
    .subscribe((hits) => {
      results.clear();
      results.addItems(hits);
    });

  await loop.runUntilComplete(async () => {
    for (const text of ['B', 'Be', 'Ber', 'Bern']) {
      edit.setText(text); // stands in for typing
      await sleep(250);
    }
    await sleep(1000);
  });
  expect(results.count()).toBe(1);
  expect(results.item(0).text()).toBe('Bern');
  loop.close();
  edit.delete();
  results.delete();
});

test('README: drive UIs declaratively', async () => {
  const loop = new VirtualTimeLoop();
  setEventLoop(loop);

  const win = new QMainWindow();
  const root = new QWidget();
  root.setLayout(new FlexLayout());
  const status = new QLabel();
  const start = new QPushButton();
  start.setText('Start');
  const bar = new QProgressBar();
  for (const w of [status, start, bar]) root.layout()?.addWidget(w);
  win.setCentralWidget(root);

  const busy$ = new BehaviorSubject(false);
  const progress$ = new BehaviorSubject(0);
  bind(status, { text: busy$.pipe(map((busy) => (busy ? 'Working…' : 'Ready'))) });
  bind(start, { enabled: busy$.pipe(map((busy) => !busy)) });
  bind(bar, { value: progress$ });
  asyncSlot(
    start,
    'clicked',
    async () => {
      busy$.next(true);
      for (let p = 0; p <= 100; p += 10) {
        progress$.next(p);
        await sleep(50);
      }
      busy$.next(false);
    },
    { policy: 'exhaust' },
  );
  win.show();

  const seen = await loop.runUntilComplete(async () => {
    start.click(); // stands in for the user
    await sleep(100);
    const during = [status.text(), start.isEnabled(), bar.value()];
    await sleep(1000);
    return [...during, status.text(), start.isEnabled(), bar.value()];
  });
  expect(seen).toEqual(['Working…', false, 10, 'Ready', true, 100]);
  win.delete(); // unbinds everything
  expect(busy$.observed).toBe(false);
  expect(progress$.observed).toBe(false);
  loop.close();
});
