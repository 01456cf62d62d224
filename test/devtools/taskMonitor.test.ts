// The task monitor window (qtasyncio/devtools) on real NodeGui widgets (offscreen): its task tree, loop health,
// signal subscriptions, call graph of the selected task, and Cancel.
import '../../src/qt';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QPushButton, type QTreeWidget, type QTreeWidgetItem } from '@nodegui/nodegui';
import { openTaskMonitor, type TaskMonitor } from '../../src/devtools';
import {
  EventLoop,
  InspectArgumentError,
  loopLogger,
  setIntrospection,
  sleep,
  TaskGroup,
} from '../../src/index';
import { fromSignal, nextSignal } from '../../src/rx';
import { decodePng, distinctColours } from '../helpers/png';

/** The visible rows of a monitor's tree (it hides the rows it does not need instead of deleting them). */
function items(tree: QTreeWidget): QTreeWidgetItem[] {
  return [...tree.topLevelItems].filter((item) => !item.isHidden());
}

let monitor: TaskMonitor | null = null;
afterEach(() => {
  monitor?.close();
  monitor = null;
  setIntrospection(false);
});

test('shows the tasks as a tree of who awaits whom, the loop health and the live signal subscriptions', async () => {
  const loop = new EventLoop();
  const save = new QPushButton();
  save.setObjectName('save');
  const ok = new QPushButton();
  ok.setObjectName('ok');
  const sub = fromSignal(ok, 'clicked').subscribe();
  monitor = openTaskMonitor({ refreshMs: 60_000 });
  const m = monitor;
  await loop.runUntilComplete(async () => {
    const saver = loop.createTask(() => nextSignal(save, 'clicked'), { name: 'saver' });
    const group = loop.createTask(
      () =>
        TaskGroup.run((tg) => {
          tg.createTask(() => sleep(10_000), { name: 'worker' });
        }),
      { name: 'group' },
    );
    await sleep(1); // every task has started and waits
    m.refresh();
    const rows = items(m.widgets.tasks).map((item) => [item.text(0), item.text(2), item.text(4)]);
    const at = rows.findIndex((r) => r[0] === 'group');
    expect(rows[at]).toEqual(['group', 'pending', 'TaskGroup exit (1 tasks left)']);
    // The worker is drawn below the task that awaits it: its group's parent task.
    expect(rows[at + 1]).toEqual([
      '   └ worker',
      'pending',
      expect.stringMatching(/^sleep\(due in \d+ ms\)$/),
    ]);
    expect(rows).toContainEqual(['saver', 'pending', 'signal clicked of QPushButton#save']);
    expect(m.widgets.health.text()).toMatch(
      /^ready queue \d+ · loop lag p50 [\d.]+ ms · p99 [\d.]+ ms {2}[▁▂▃▄▅▆▇█]+$/,
    );
    const signals = items(m.widgets.signals).map((item) => [item.text(0), item.text(1), item.text(2)]);
    expect(signals).toContainEqual(['QPushButton#save', 'clicked', '1']);
    expect(signals).toContainEqual(['QPushButton#ok', 'clicked', '1']);
    sub.unsubscribe();
    save.click();
    await saver;
    group.cancel();
    await group.catch(() => undefined);
    m.refresh();
    expect(items(m.widgets.signals)).toEqual([]);
    expect(items(m.widgets.tasks).map((i) => i.text(0))).toEqual(['Task-1']); // this test's own main task
  });
  loop.close();
});

test('selecting a task shows its call graph; Cancel cancels it and its finally block runs', async () => {
  const loop = new EventLoop();
  monitor = openTaskMonitor({ refreshMs: 60_000 });
  const m = monitor;
  expect(m.widgets.cancel.isEnabled()).toBe(false);
  let finallyRan = false;
  await loop.runUntilComplete(async () => {
    async function download(): Promise<void> {
      await sleep(0);
      await sleep(10_000);
    }
    const worker = loop.createTask(
      async () => {
        try {
          await download();
        } finally {
          finallyRan = true;
        }
      },
      { name: 'worker' },
    );
    await sleep(1);
    m.refresh();
    const item = items(m.widgets.tasks).find((i) => i.text(0) === 'worker') as QTreeWidgetItem;
    item.setSelected(true);
    expect(m.widgets.graph.toPlainText()).toMatch(
      /^\* Task\(name="worker", id=\d+\)\n\+ Call stack:\n\| {3}File .*, in download\(\)/,
    );
    expect(m.widgets.cancel.isEnabled()).toBe(true);
    m.widgets.cancel.click();
    await worker.catch(() => undefined);
    expect(worker.cancelled()).toBe(true);
    expect(finallyRan).toBe(true);
  });
  loop.close();
});

test('in debug mode it lists the recent slow callbacks (what debug mode logs as "Executing … took")', async () => {
  const loop = new EventLoop({ debug: true });
  loop.slowCallbackDurationMs = 5;
  monitor = openTaskMonitor({ refreshMs: 60_000 });
  const m = monitor;
  const slowRows = (): string[][] =>
    items(m.widgets.slow).map((item) => [0, 1, 2].map((column) => item.text(column) ?? ''));
  const warnings: string[] = [];
  loopLogger.delegate = { error: (line) => warnings.push(line), warn: (line) => warnings.push(line) };
  try {
    await loop.runUntilComplete(async () => {
      m.refresh();
      expect(slowRows()).toEqual([['none yet', '', '']]);
      // One task step that blocks the loop for at least 3× the threshold (a lower bound: the loop must see it).
      await loop.createTask(
        async () => {
          const until = performance.now() + 15;
          while (performance.now() < until) {
            // busy: a step that does not yield
          }
        },
        { name: 'parser' },
      );
      // A creation site with brackets of its own (code run by eval: "eval (eval at … (…), <anonymous>:1:1)").
      const spawn = new Function('loop', 'fn', 'return loop.createTask(fn, { name: "evaluated" });');
      await spawn(loop, async () => {
        const until = performance.now() + 15;
        while (performance.now() < until) {
          // busy
        }
      });
      m.refresh();
    });
  } finally {
    loopLogger.delegate = undefined;
  }
  const rows = slowRows();
  expect(rows.length).toBeGreaterThanOrEqual(1);
  // The task's step, named as debug mode names it, without its creation site and state (so the name fits).
  const parser = rows.find((r) => r[0] === '<Task name="parser">');
  expect(parser).toEqual(['<Task name="parser">', expect.stringMatching(/^\d+ ms$/), expect.any(String)]);
  expect(Number.parseInt(parser?.[1] ?? '', 10)).toBeGreaterThanOrEqual(15);
  expect(rows.map((r) => r[0])).toContain('<Task name="evaluated">');
  expect(loop.slowCallbacks().map((s) => s.description)).toContainEqual(
    expect.stringMatching(/^<Task pending name="evaluated" created at eval \(eval at .*<anonymous>.*\)>$/),
  );
  // The same callback debug mode logged, and loop.slowCallbacks() keeps.
  const logged = /^Executing (<Task pending name="parser" created at [^>]*>) took [\d.]+ ms$/;
  expect(warnings).toContainEqual(expect.stringMatching(logged));
  const description = warnings.map((line) => logged.exec(line)?.[1]).find((d) => d !== undefined);
  expect(loop.slowCallbacks().map((s) => s.description)).toContain(description);
  loop.close();
  // Without debug mode nothing is timed, and the monitor says how to turn it on.
  const plain = new EventLoop({ debug: false });
  await plain.runUntilComplete(async () => {
    m.refresh();
  });
  plain.close();
  expect(slowRows()).toEqual([['debug mode is off (QTASYNCIO_DEBUG=1 or loop.setDebug(true))', '', '']]);
});

test('the window renders (a picture with content) and bad options are InspectArgumentErrors', () => {
  monitor = openTaskMonitor({ refreshMs: 60_000 });
  const file = join(mkdtempSync(join(tmpdir(), 'qtasyncio-monitor-')), 'monitor.png');
  expect(monitor.window.grab().save(file)).toBe(true);
  const png = decodePng(file);
  expect(png.width).toBeGreaterThan(400);
  expect(distinctColours(png)).toBeGreaterThan(10);
  expect(() => openTaskMonitor({ refreshMs: 10 })).toThrow(
    new InspectArgumentError('openTaskMonitor(options.refreshMs): expected an integer ≥ 50, got 10'),
  );
  expect(() => openTaskMonitor({ refresh: 1 } as never)).toThrow(/unknown option "refresh"/);
});
