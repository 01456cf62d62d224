// A NodeGui window whose work runs as asyncio-style Tasks on Qt's own loop (what `npm start` shows).
//
//   npm start                      # opens the window (offscreen scripted tour without a display)
//   node examples/showcase/main.js [--tour [screenshot.png]]
//
// "Start" runs a Task that counts to 20 with `await sleep(100)`; the window stays responsive (drag it, press
// "Cancel": the Task gets CancelledError at its `await`, cleans up, and the label says where it stopped).
// With --tour the program clicks through itself, saves a screenshot and quits with exit code 0.

require('qtasyncio/qt'); // before NodeGui: the bridge makes NodeGui run on plain node
const path = require('node:path');
const {
  QMainWindow,
  QWidget,
  QLabel,
  QPushButton,
  QProgressBar,
  FlexLayout,
  QApplication,
} = require('@nodegui/nodegui');
const { run, sleep, getRunningLoop, CancelledError } = require('qtasyncio');

const STEPS = 20;

function buildWindow() {
  const win = new QMainWindow();
  win.setWindowTitle('qtasyncio showcase');
  win.resize(460, 200);
  const root = new QWidget();
  root.setObjectName('root');
  const layout = new FlexLayout();
  root.setLayout(layout);

  const title = new QLabel();
  title.setText('<b>Tasks on Qt’s loop</b> — the window stays responsive while a Task awaits.');
  title.setWordWrap(true);
  const status = new QLabel();
  status.setText('Press Start.');
  const progress = new QProgressBar();
  progress.setRange(0, STEPS);
  progress.setValue(0);
  const buttons = new QWidget();
  const row = new FlexLayout();
  buttons.setLayout(row);
  buttons.setInlineStyle('flex-direction: row;');
  const start = new QPushButton();
  start.setText('Start');
  const cancel = new QPushButton();
  cancel.setText('Cancel');
  cancel.setEnabled(false);
  row.addWidget(start);
  row.addWidget(cancel);

  for (const w of [title, status, progress, buttons]) layout.addWidget(w);
  root.setInlineStyle('padding: 12px;');
  win.setCentralWidget(root);
  return { win, status, progress, start, cancel };
}

async function main() {
  const ui = buildWindow();
  const loop = getRunningLoop();
  let job = null;

  ui.start.addEventListener('clicked', () => {
    if (job !== null && !job.done()) return;
    ui.start.setEnabled(false);
    ui.cancel.setEnabled(true);
    job = loop.createTask(
      async () => {
        let step = 0;
        try {
          for (step = 1; step <= STEPS; step++) {
            await sleep(100);
            ui.progress.setValue(step);
            ui.status.setText(`Working… step ${step} of ${STEPS} (loop time ${Math.round(loop.time())} ms)`);
          }
          ui.status.setText('Done: 20 steps, each an await on the loop.');
        } catch (e) {
          if (e instanceof CancelledError)
            ui.status.setText(`Cancelled after ${step - 1} of ${STEPS} steps: CancelledError at the await.`);
          throw e;
        } finally {
          ui.start.setEnabled(true);
          ui.cancel.setEnabled(false);
        }
      },
      { name: 'counter' },
    );
  });
  ui.cancel.addEventListener('clicked', () => job?.cancel('cancelled by the user'));

  ui.win.show();

  const tourIndex = process.argv.indexOf('--tour');
  if (tourIndex >= 0) {
    const shot = path.resolve(process.argv[tourIndex + 1] ?? 'test-output/showcase.png');
    await sleep(200);
    ui.start.click();
    await sleep(750);
    ui.cancel.click();
    await sleep(100);
    require('node:fs').mkdirSync(path.dirname(shot), { recursive: true });
    if (!ui.win.grab().save(shot)) throw new Error(`could not save the screenshot to ${shot}`);
    console.log(`status: ${ui.status.text()}`);
    console.log(`screenshot: ${shot}`);
    QApplication.instance().exit(0);
  }
}

run(main);
