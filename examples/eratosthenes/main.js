// @ts-check
// Concurrent Tasks colour a grid of numbers as they run the Sieve of Eratosthenes.
//
// A port of Qt for Python's asyncio "Eratosthenes" example: a grid of numbers coloured step by step as
// concurrent Tasks run the Sieve of Eratosthenes on a common tick. Every tick the main task finds the next
// prime and starts a Task that crosses out its multiples, one per tick, in its own colour; the primes stay
// plain. A TaskGroup waits for every marking Task (the original counts running coroutines by hand).
//
//   node examples/eratosthenes/main.js [--rows 40] [--cols 40] [--tick 100] [--exit-when-done]
//   npm run example -- eratosthenes
//
// Like the original (`QtAsyncio.run(eratosthenes.start(), handle_sigint=True)`, keep_running left at True), the
// window stays open with its final text until you close it. With --exit-when-done it runs as
// `run(main, { keepRunning: false })`, i.e. `asyncio.run`: the program ends, exit code 0, when the sieve is done.
//
// Test hook: under test/e2e/harness.ts (which preloads the hook) `report(event)` prints the status text and
// which numbers the grid shows plain; in a plain run it does nothing.

require('qtasyncio/qt'); // before NodeGui: the bridge makes NodeGui run on plain node
const {
  AlignmentFlag,
  Direction,
  QBoxLayout,
  QGridLayout,
  QLabel,
  QMainWindow,
  QWidget,
} = require('@nodegui/nodegui');
const { getRunningLoop, run, sleep, TaskGroup } = require('qtasyncio');

/** `--name VALUE` from the command line as a positive integer, else `fallback`. */
function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  const value = i < 0 ? Number.NaN : Number(process.argv[i + 1]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

const ROWS = option('rows', 40);
const COLS = option('cols', 40);
const TICK = option('tick', 100); // milliseconds, like the original's 0.1 s
const EXIT_WHEN_DONE = process.argv.includes('--exit-when-done');
const TEXTS = ['⚙ …Calculating prime numbers… ⚙', '✎ …Hacking the universe… ✎'];
const FINAL_TEXT = '★ Congratulations! You found all the prime numbers and solved mathematics. ★';

function buildWindow(rows, cols) {
  const win = new QMainWindow();
  win.setWindowTitle('qtasyncio eratosthenes');
  const root = new QWidget();
  const outer = new QBoxLayout(Direction.TopToBottom);
  root.setLayout(outer);
  const status = new QLabel();
  status.setStyleSheet('font-size: 18px; padding: 6px;');
  const gridWidget = new QWidget();
  const grid = new QGridLayout();
  grid.setSpacing(2);
  gridWidget.setLayout(grid);
  const digits = String(rows * cols).length;
  const cells = [];
  for (let k = 1; k <= rows * cols; k++) {
    const cell = new QLabel();
    cell.setText(String(k));
    cell.setAlignment(AlignmentFlag.AlignCenter);
    cell.setFixedSize(digits * 9 + 6, 20); // room for the bold digits: the grid never reflows
    grid.addWidget(cell, Math.floor((k - 1) / cols), (k - 1) % cols);
    cells.push(cell);
  }
  status.setAlignment(AlignmentFlag.AlignCenter);
  status.setText(FINAL_TEXT); // the widest text: the window never has to grow
  status.setMinimumWidth(status.sizeHint().width());
  status.setText(TEXTS[0] ?? '');
  outer.addWidget(status, 0, AlignmentFlag.AlignCenter);
  outer.addWidget(gridWidget, 0, AlignmentFlag.AlignCenter);
  win.setCentralWidget(root);
  return { win, status, cells };
}

/** A random mid-tone colour, as in the original (each channel 64–192). */
function randomColour() {
  const channel = () => 64 + Math.floor(Math.random() * 129);
  return `rgb(${channel()}, ${channel()}, ${channel()})`;
}

class Eratosthenes {
  constructor(num, ui, tick) {
    this.num = num;
    this.ui = ui;
    this.tick = tick;
    this.sieve = new Array(num).fill(true); // sieve[i] stands for the number i + 1
    this.base = 0;
    this.done = false;
  }

  async start() {
    const loop = getRunningLoop();
    const text = loop.createTask(() => this.updateText(loop), { name: 'update-text' });
    await TaskGroup.run(async (tg) => {
      while (this.base <= this.num / 2) {
        await sleep(this.tick);
        for (let i = this.base + 1; i < this.num; i++) {
          if (this.sieve[i]) {
            this.base = i;
            break;
          }
        }
        const prime = this.base + 1;
        tg.createTask(() => this.markNumber(prime), { name: `mark-${prime}` });
      }
    }); // here every marking Task has ended
    this.done = true;
    await text; // the final text is on screen before main returns
  }

  async markNumber(base) {
    const colour = randomColour();
    for (let i = 2 * base; i <= this.num; i += base) {
      if (this.sieve[i - 1]) {
        this.sieve[i - 1] = false;
        this.ui.cells[i - 1]?.setStyleSheet(`color: ${colour}; font-weight: bold;`);
      }
      await sleep(this.tick);
    }
  }

  async updateText(loop) {
    while (!this.done) {
      await sleep(this.tick);
      this.ui.status.setText(TEXTS[Math.floor((loop.time() + this.tick) / 1000) % 2] ?? '');
    }
    this.ui.status.setText(FINAL_TEXT);
  }
}

/** The E2E test hook, present only when test/e2e/harness.ts preloads it: `report(event)` prints a state line. */
function e2eHook(win, describe) {
  return /** @type {any} */ (globalThis).qtasyncioE2E?.attach(win, describe) ?? (() => {});
}

async function main() {
  const ui = buildWindow(ROWS, COLS);
  const report = e2eHook(ui.win, () => ({
    text: ui.status.text(),
    // What the grid shows: the numbers still in plain text (not crossed out by a marking Task).
    plain: ui.cells.filter((cell) => cell.styleSheet() === '').map((cell) => Number(cell.text())),
  }));
  ui.win.show();
  report('shown');
  await new Eratosthenes(ROWS * COLS, ui, TICK).start();
  report('done');
}

run(main, { keepRunning: !EXIT_WHEN_DONE, handleSigint: true });
