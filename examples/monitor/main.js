// @ts-check
// A small crawler with the live task monitor (`openTaskMonitor()` from qtasyncio/devtools) open beside it.
// Three crawl tasks in a TaskGroup fetch pages (every fifth page is parsed in one blocking step: a slow callback
// in debug mode), an index task gathers two counters, a saver task waits for the Save button's signal. The
// monitor shows them as a tree of who awaits whom, the loop's health, the slow callbacks and the live signal
// subscriptions; select a task and press "Cancel task" to cancel it (its `finally` block runs and the app
// window says so).
//
//   node examples/monitor/main.js        (or: npm run example -- monitor)
//
// Test hook: under test/e2e/harness.ts (which preloads the hook) `report(event)` prints what the monitor shows
// (its task rows and where they are, the call graph, the Cancel button) and which tasks ended; in a plain run
// it does nothing.

require('qtasyncio/qt'); // before NodeGui: the bridge makes NodeGui run on plain node
const { Direction, QBoxLayout, QLabel, QMainWindow, QPushButton, QWidget } = require('@nodegui/nodegui');
const { gather, getRunningLoop, run, sleep, TaskGroup } = require('qtasyncio');
const { openTaskMonitor } = require('qtasyncio/devtools');
const { fromSignal, nextSignal } = require('qtasyncio/rx');

const SITES = ['example.org', 'example.net', 'example.com'];

/** Fetches a page (a sleep stands in for the network). */
async function fetchPage(site, n) {
  await sleep(150 + 50 * SITES.indexOf(site));
  return `<html>${site} page ${n}</html>`;
}

/** Parses a page; every fifth one in a single blocking step of 120 ms (debug mode reports it as slow). */
function parse(page, n) {
  if (n % 5 === 4) {
    const until = performance.now() + 120;
    while (performance.now() < until) {
      // a step that does not yield: what the slow-callback list is for
    }
  }
  return page.length;
}

function buildWindow() {
  const win = new QMainWindow();
  win.setWindowTitle('qtasyncio crawler');
  win.resize(420, 160);
  const root = new QWidget();
  const layout = new QBoxLayout(Direction.TopToBottom);
  root.setLayout(layout);
  const pages = new QLabel();
  const ended = new QLabel();
  ended.setText('ended: none');
  const save = new QPushButton();
  save.setText('Save');
  save.setObjectName('save');
  layout.addWidget(pages);
  layout.addWidget(ended);
  layout.addWidget(save);
  win.setCentralWidget(root);
  return { win, pages, ended, save };
}

/** The visible rows of the monitor's task tree, in order (for the test hook). */
function taskRows(tree) {
  return [...tree.topLevelItems]
    .filter((item) => !item.isHidden())
    .map((item) => ({
      name: item.text(0).replace(/^[\s└]+/, ''),
      id: Number(item.text(1)),
      state: item.text(2),
    }));
}

/** The tree's viewport: the area below its header where the rows are (Qt names it qt_scrollarea_viewport). */
function viewportOf(tree) {
  return tree.children().find((child) => child?.objectName() === 'qt_scrollarea_viewport');
}

/** The E2E test hook, present only when test/e2e/harness.ts preloads it: `report(event)` prints a state line. */
function e2eHook(win, describe) {
  return /** @type {any} */ (globalThis).qtasyncioE2E?.attach(win, describe) ?? (() => {});
}

async function main() {
  const loop = getRunningLoop();
  const ui = buildWindow();
  /** Tasks whose `finally` block ran, in order. */
  const ended = [];
  const counts = new Map(SITES.map((site) => [site, 0]));
  const showPages = () =>
    ui.pages.setText(SITES.map((site) => `${site}: ${counts.get(site)} pages`).join(' · '));
  showPages();

  const monitor = openTaskMonitor({ refreshMs: 250 });
  const rows = viewportOf(monitor.widgets.tasks);
  const report = e2eHook(monitor.window, (rect) => ({
    tasks: taskRows(monitor.widgets.tasks),
    rows: rect(rows),
    graph: monitor.widgets.graph.toPlainText(),
    cancel: { ...rect(monitor.widgets.cancel), enabled: monitor.widgets.cancel.isEnabled() },
    health: monitor.widgets.health.text(),
    slow: [...monitor.widgets.slow.topLevelItems].filter((i) => !i.isHidden()).map((i) => i.text(0)),
    pages: Object.fromEntries(counts),
    ended: [...ended],
    endedText: ui.ended.text(),
  }));

  const crawl = async (site) => {
    try {
      for (let n = 0; ; n++) {
        parse(await fetchPage(site, n), n);
        counts.set(site, n + 1);
        showPages();
      }
    } finally {
      ended.push(`crawl ${site}`);
      ui.ended.setText(`ended: ${ended.join(', ')}`);
      report('ended', { task: `crawl ${site}` });
    }
  };
  loop.createTask(
    () =>
      TaskGroup.run((tg) => {
        for (const site of SITES) tg.createTask(() => crawl(site), { name: `crawl ${site}` });
      }),
    { name: 'crawler' },
  );
  const counter = async (ms) => {
    for (;;) await sleep(ms);
  };
  loop.createTask(() => gather(counter(1000), counter(1500)), { name: 'index' });
  loop.createTask(
    async () => {
      for (let saved = 1; ; saved++) {
        await nextSignal(ui.save, 'clicked');
        ui.save.setText(`Saved ${saved}×`);
      }
    },
    { name: 'save-dialog' },
  );
  fromSignal(ui.save, 'clicked').subscribe(() => showPages());

  monitor.window.move(0, 0);
  ui.win.move(1080, 0);
  ui.win.show();
  loop.callSoon(() => report('shown'));
}

// Debug mode: the loop times every callback, so the monitor can list the slow ones.
run(main, { debug: true });
