// @ts-check
// Search as you type: file names under a folder, found by a cancellable Task; the window stays live.
//
//   QLineEdit textChanged → debounceTime(250 ms, on the loop) → switchMapTask(search) → QListWidget
//
// The search walks the folder in a worker thread (`toThread`), off the UI thread. Each new query cancels the
// search still running: switchMapTask cancels its Task, which cancels the executor job (the worker is
// terminated mid-walk). A spinner is bound to "busy".
//
//   node examples/search/main.js [--root DIR] [--slow MS]
//
// --root: the folder (default: this project's node_modules, else the cwd). --slow: wait MS ms before each
// folder, like a slow disk, to watch a search being cancelled (type, pause, type on).
//   npm run example -- search
//
// Test hook: under test/e2e/harness.ts (which preloads the hook) `report(event)` prints the query, the status
// text, the spinner, the list's items and where the search field is; in a plain run it does nothing.

require('qtasyncio/qt'); // before NodeGui: the bridge makes NodeGui run on plain node
const fs = require('node:fs');
const path = require('node:path');
const {
  Direction,
  QBoxLayout,
  QLabel,
  QLineEdit,
  QListWidget,
  QMainWindow,
  QProgressBar,
  QWidget,
} = require('@nodegui/nodegui');
const { BehaviorSubject, debounceTime, distinctUntilChanged, map, share, tap } = require('rxjs');
const { run, toThread } = require('qtasyncio');
const { bind, fromSignal, loopScheduler, switchMapTask } = require('qtasyncio/rx');

const MAX_SHOWN = 500;
const SLOW_INDEX = process.argv.indexOf('--slow');
const SLOW_MS = SLOW_INDEX < 0 ? 0 : Math.max(0, Number(process.argv[SLOW_INDEX + 1]) || 0);

function defaultRoot() {
  const i = process.argv.indexOf('--root');
  const given = i >= 0 ? process.argv[i + 1] : undefined;
  if (given) return path.resolve(given);
  const modules = path.join(__dirname, '..', '..', 'node_modules');
  return fs.existsSync(modules) ? modules : process.cwd();
}

/**
 * The relative paths of the files under `root` whose name contains `query` (case-insensitive), sorted, and how
 * many files were looked at. It runs in a worker thread (`toThread`), so it is self-contained: it uses only its
 * arguments and `require`. Cancelling its Future terminates the worker, walk and all. `slowMs` makes each
 * folder wait that long, like a slow disk (the worker blocks, never the UI).
 */
function searchFiles(root, query, slowMs) {
  const fs = require('node:fs');
  const path = require('node:path');
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const needle = query.toLowerCase();
  const found = [];
  let files = 0;
  const pending = [root];
  while (pending.length > 0) {
    if (slowMs > 0) Atomics.wait(pause, 0, 0, slowMs);
    const dir = /** @type {string} */ (pending.shift());
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue; // unreadable folder: skip it
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else if (entry.isFile()) {
        files++;
        if (entry.name.toLowerCase().includes(needle)) found.push(path.relative(root, full));
      }
    }
  }
  return { query, files, matches: found.sort() };
}

function buildWindow(root) {
  const win = new QMainWindow();
  win.setWindowTitle('qtasyncio search');
  win.resize(640, 480);
  const central = new QWidget();
  const layout = new QBoxLayout(Direction.TopToBottom);
  central.setLayout(layout);
  const intro = new QLabel();
  intro.setText(`File names under <b>${path.relative(process.cwd(), root) || '.'}</b>`);
  intro.setWordWrap(true);
  const edit = new QLineEdit();
  edit.setPlaceholderText('Type part of a file name, e.g. switchMap');
  edit.setMinimumSize(300, 32);
  const statusRow = new QWidget();
  const row = new QBoxLayout(Direction.LeftToRight);
  row.setContentsMargins(0, 0, 0, 0);
  statusRow.setLayout(row);
  const status = new QLabel();
  status.setText('Type to search.');
  const spinner = new QProgressBar();
  spinner.setRange(0, 0); // no range: Qt animates it as a busy indicator
  spinner.setTextVisible(false);
  spinner.setFixedSize(120, 14);
  spinner.setVisible(false);
  statusRow.setFixedHeight(24);
  row.addWidget(status, 1);
  row.addWidget(spinner);
  const list = new QListWidget();
  for (const w of [intro, edit, statusRow]) layout.addWidget(w);
  layout.addWidget(list, 1);
  win.setCentralWidget(central);
  return { win, edit, status, spinner, list };
}

/** The E2E test hook, present only when test/e2e/harness.ts preloads it: `report(event)` prints a state line. */
function e2eHook(win, describe) {
  return /** @type {any} */ (globalThis).qtasyncioE2E?.attach(win, describe) ?? (() => {});
}

async function main() {
  const root = defaultRoot();
  const ui = buildWindow(root);
  const report = e2eHook(ui.win, (rect) => ({
    query: ui.edit.text(),
    edit: rect(ui.edit),
    status: ui.status.text(),
    busy: ui.spinner.isVisible(),
    items: Array.from({ length: ui.list.count() }, (_, i) => ui.list.item(i).text()),
  }));

  const busy$ = new BehaviorSubject(false);
  const results$ = fromSignal(ui.edit, 'textChanged').pipe(
    map((text) => text.trim()),
    debounceTime(250, loopScheduler()),
    distinctUntilChanged(),
    tap((query) => {
      busy$.next(true);
      report('search', { searching: query });
    }),
    // A new query unsubscribes the running search: its Task is cancelled and its AbortSignal fires.
    switchMapTask((query, signal) => {
      signal.addEventListener('abort', () => report('cancelled', { cancelled: query }));
      return query === '' ? { query, files: 0, matches: [] } : toThread(searchFiles, root, query, SLOW_MS);
    }),
    tap(() => busy$.next(false)),
    share(),
  );

  bind(ui.spinner, { visible: busy$ });
  bind(ui.status, {
    text: results$.pipe(
      map(({ query, files, matches }) =>
        query === ''
          ? 'Type to search.'
          : `${matches.length} of ${files} file names contain “${query}”` +
            (matches.length > MAX_SHOWN ? ` (first ${MAX_SHOWN} shown)` : ''),
      ),
    ),
  });
  results$.subscribe(({ matches }) => {
    ui.list.clear();
    ui.list.addItems(matches.slice(0, MAX_SHOWN));
    ui.list.scrollToTop();
    report('results');
  });

  ui.win.show();
  ui.edit.setFocus();
  report('shown');
}

run(main, { handleSigint: true });
