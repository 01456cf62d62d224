// @ts-check
// A button starts a Task that updates a label after an async wait (a Qt for Python port).
//
// A port of Qt for Python's asyncio "minimal" example: the Task awaits a one-second sleep on the loop, then
// updates the label. The window stays responsive during the wait (no thread, no QTimer plumbing).
//
//   node examples/minimal/main.js        (or: npm run example -- minimal)
//
// Test hook: under test/e2e/harness.ts (which preloads the hook) `report(event)` prints what the window shows
// and where the button is; in a plain run it does nothing.

require('qtasyncio/qt'); // before NodeGui: the bridge makes NodeGui run on plain node
const {
  AlignmentFlag,
  QBoxLayout,
  Direction,
  QLabel,
  QMainWindow,
  QPushButton,
  QWidget,
} = require('@nodegui/nodegui');
const { getRunningLoop, run, sleep } = require('qtasyncio');

const TITLE = 'qtasyncio minimal';

function buildWindow() {
  const win = new QMainWindow();
  win.setWindowTitle(TITLE);
  win.resize(420, 160);
  const root = new QWidget();
  const layout = new QBoxLayout(Direction.TopToBottom);
  root.setLayout(layout);
  const text = new QLabel();
  text.setText('The answer is 42.');
  text.setStyleSheet('font-size: 16px;');
  const trigger = new QPushButton();
  trigger.setText('What is the question?');
  trigger.setMinimumSize(220, 36);
  layout.addStretch(1);
  layout.addWidget(text, 0, AlignmentFlag.AlignCenter);
  layout.addWidget(trigger, 0, AlignmentFlag.AlignCenter);
  layout.addStretch(1);
  win.setCentralWidget(root);
  return { win, text, trigger };
}

/** The E2E test hook, present only when test/e2e/harness.ts preloads it: `report(event)` prints a state line. */
function e2eHook(win, describe) {
  return /** @type {any} */ (globalThis).qtasyncioE2E?.attach(win, describe) ?? (() => {});
}

async function main() {
  const ui = buildWindow();
  const loop = getRunningLoop();
  const report = e2eHook(ui.win, (rect) => ({
    text: ui.text.text(),
    trigger: { ...rect(ui.trigger), text: ui.trigger.text() },
  }));

  // The coroutine of the original: wait one second on the loop, then change the label.
  async function setText() {
    await sleep(1000);
    ui.text.setText('What do you get if you multiply six by nine?');
    report('answered');
  }

  ui.trigger.addEventListener('clicked', () => {
    loop.createTask(setText, { name: 'set-text' });
    report('clicked');
  });
  ui.win.show();
  report('shown');
}

// keepRunning (the default): the loop, and the app, live until the window is closed.
run(main, { handleSigint: true });
