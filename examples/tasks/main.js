// @ts-check
// A task manager: long jobs in one TaskGroup, each with a progress bar and a Cancel button.
// Four jobs are real child processes streaming progress lines, one is chunked computation in a worker thread
// (`toThread`). Every job's progress bar, status and Cancel button are bound to its state stream (`bind`);
// cancelling a job's Task kills its child process (or stops its worker job). Quitting while jobs run asks
// first (`asyncClose` + `execDialog`, no nested loop), then cancels the group and waits until every child is
// gone.
//
//   node examples/tasks/main.js        (or: npm run example -- tasks)
//
// Test hook: under test/e2e/harness.ts (which preloads the hook) `report(event)` prints what the window and
// the dialog show and where their buttons are; in a plain run it does nothing.

require('qtasyncio/qt'); // before NodeGui: the bridge makes NodeGui run on plain node
const {
  AlignmentFlag,
  DialogCode,
  Direction,
  QBoxLayout,
  QDialog,
  QFrame,
  QGridLayout,
  QLabel,
  QMainWindow,
  QProgressBar,
  QPushButton,
  QWidget,
} = require('@nodegui/nodegui');
const { combineLatest, distinctUntilChanged, map } = require('rxjs');
const { getRunningLoop, run, TaskGroup, wait } = require('qtasyncio');
const { asyncClose, bind, execDialog } = require('qtasyncio/rx');
const { JOBS, Job, isActive, statusText } = require('./jobs');

const TITLE = 'qtasyncio tasks';

function label(text, style = '') {
  const l = new QLabel();
  l.setText(text);
  if (style) l.setStyleSheet(style);
  return l;
}

function button(text, width) {
  const b = new QPushButton();
  b.setText(text);
  b.setMinimumSize(width, 30);
  return b;
}

/** One grid row per job: name, progress bar, status, Cancel. */
function buildJobRow(grid, row, job) {
  const name = label(job.spec.name, 'font-weight: bold;');
  const bar = new QProgressBar();
  bar.setRange(0, job.spec.steps);
  bar.setMinimumSize(200, 24);
  const status = label('');
  status.setMinimumSize(210, 24);
  const cancel = button('Cancel', 90);
  grid.addWidget(name, row, 0);
  grid.addWidget(bar, row, 1);
  grid.addWidget(status, row, 2);
  grid.addWidget(cancel, row, 3);
  // The row is a view of the job's state stream: no widget is touched anywhere else.
  const state$ = job.state$;
  bind(bar, { value: state$.pipe(map((s) => s.step)) });
  bind(status, { text: state$.pipe(map(statusText), distinctUntilChanged()) });
  bind(cancel, { enabled: state$.pipe(map(isActive), distinctUntilChanged()) });
  cancel.addEventListener('clicked', () => job.cancel());
  return { name, bar, status, cancel };
}

function buildWindow(jobs) {
  const win = new QMainWindow();
  win.setWindowTitle(TITLE);
  win.resize(740, 290);
  const root = new QWidget();
  const layout = new QBoxLayout(Direction.TopToBottom);
  root.setLayout(layout);
  layout.addWidget(
    label(
      'Four jobs are child processes streaming progress lines, one counts primes in a worker thread.',
      'font-size: 13px; color: #333;',
    ),
  );
  const grid = new QGridLayout();
  grid.setHorizontalSpacing(12);
  grid.setVerticalSpacing(8);
  grid.setColumnStretch(1, 1);
  const rows = jobs.map((job, i) => buildJobRow(grid, i, job));
  const gridBox = new QWidget();
  gridBox.setLayout(grid);
  layout.addWidget(gridBox);
  layout.addStretch(1);
  const footer = new QWidget();
  const footerLayout = new QBoxLayout(Direction.LeftToRight);
  footerLayout.setContentsMargins(0, 0, 0, 0);
  footer.setLayout(footerLayout);
  const summary = label('');
  const quit = button('Quit', 100);
  footerLayout.addWidget(summary, 1);
  footerLayout.addWidget(quit, 0, AlignmentFlag.AlignRight);
  layout.addWidget(footer);
  win.setCentralWidget(root);
  return { win, rows, summary, quit };
}

/**
 * The quit confirmation: a small dialog with two plain buttons (Accepted / Rejected). Its contents sit in a
 * framed panel, so it reads as a dialog even where no window manager draws a title bar (Xvfb).
 */
function buildConfirmDialog(parent) {
  const dialog = new QDialog(parent);
  dialog.setWindowTitle('Quit?');
  const outer = new QBoxLayout(Direction.TopToBottom);
  outer.setContentsMargins(0, 0, 0, 0);
  dialog.setLayout(outer);
  const panel = new QFrame();
  panel.setObjectName('confirm');
  panel.setStyleSheet('#confirm { border: 2px solid #2a7ae2; border-radius: 6px; background: #ffffff; }');
  outer.addWidget(panel);
  const layout = new QBoxLayout(Direction.TopToBottom);
  layout.setContentsMargins(16, 12, 16, 12);
  panel.setLayout(layout);
  const heading = label('Quit qtasyncio tasks?', 'font-size: 15px; font-weight: bold;');
  const text = label('', 'font-size: 13px;');
  const buttons = new QWidget();
  const row = new QBoxLayout(Direction.LeftToRight);
  row.setContentsMargins(0, 8, 0, 0);
  buttons.setLayout(row);
  const keep = button('Keep running', 130);
  const stop = button('Cancel jobs and quit', 170);
  row.addStretch(1);
  row.addWidget(keep);
  row.addWidget(stop);
  layout.addWidget(heading);
  layout.addWidget(text);
  layout.addWidget(buttons);
  keep.addEventListener('clicked', () => dialog.reject());
  stop.addEventListener('clicked', () => dialog.accept());
  dialog.resize(440, 150);
  return { dialog, text, keep, stop };
}

/** The E2E test hook, present only when test/e2e/harness.ts preloads it: `report(event)` prints a state line. */
function e2eHook(win, describe) {
  return /** @type {any} */ (globalThis).qtasyncioE2E?.attach(win, describe) ?? (() => {});
}

async function main() {
  const loop = getRunningLoop();
  const jobs = JOBS.map((spec) => new Job(spec));
  const ui = buildWindow(jobs);
  const confirm = buildConfirmDialog(ui.win);
  let dialogOpen = false;

  const report = e2eHook(ui.win, (rect) => ({
    jobs: jobs.map((job, i) => {
      const row = ui.rows[i];
      return {
        ...job.state,
        bar: row?.bar.value(),
        text: row?.status.text(),
        cancel: { ...rect(row?.cancel), enabled: row?.cancel.isEnabled() },
      };
    }),
    summary: ui.summary.text(),
    quit: rect(ui.quit),
    dialog: dialogOpen
      ? { text: confirm.text.text(), keep: rect(confirm.keep), stop: rect(confirm.stop) }
      : null,
  }));

  // The summary line and the state lines follow every job's state.
  const all$ = combineLatest(jobs.map((job) => job.state$));
  bind(ui.summary, {
    text: all$.pipe(
      map((states) => {
        const count = (s) => states.filter((x) => x.status === s).length;
        const running = states.filter(isActive).length;
        return `${running} running · ${count('done')} done · ${count('cancelled')} cancelled`;
      }),
    ),
  });
  const statuses$ = all$.pipe(map((states) => states.map((s) => s.status).join()));
  statuses$.pipe(distinctUntilChanged()).subscribe(() => loop.callSoon(() => report('jobs')));

  // The jobs: children of one TaskGroup, which ends when every job ended (done, cancelled or failed).
  /** @type {TaskGroup | null} */
  let group = null;
  const jobsTask = loop.createTask(
    () =>
      TaskGroup.run(async (tg) => {
        group = tg;
        for (const job of jobs) job.start(tg);
      }),
    { name: 'jobs' },
  );

  asyncClose(ui.win, async () => {
    const running = jobs.filter((job) => isActive(job.state)).length;
    if (running === 0) return true;
    confirm.text.setText(
      `${running} job${running === 1 ? ' is' : 's are'} still running.\nCancel ${running === 1 ? 'it' : 'them'} and quit?`,
    );
    dialogOpen = true;
    const shown = execDialog(confirm.dialog);
    loop.callSoon(() => report('dialog'));
    const code = await shown;
    dialogOpen = false;
    report('dialog-closed', { accepted: code === DialogCode.Accepted });
    if (code !== DialogCode.Accepted) return false;
    group?.cancel(); // cancels every job; each one's `finally` kills and reaps its child process
    await wait([jobsTask]); // the group has ended: no job, no child process is left
    report('quitting');
    return true;
  });
  ui.quit.addEventListener('clicked', () => ui.win.close());
  // An exit that skips the dialog (QApplication.exit(), Ctrl+C) leaves no child process behind.
  process.on('exit', () => {
    for (const job of jobs) job.killNow();
  });

  ui.win.move(40, 40);
  ui.win.show();
  loop.callSoon(() => report('shown'));
}

// keepRunning (the default): the loop, and the app, live until the window is closed.
run(main, { handleSigint: true });
