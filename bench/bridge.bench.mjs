// Native bridge benchmarks (issue 2): idle CPU with a window open, and the latency from a Qt-side event to its
// JS listener, beside raw-Node baselines from the same run. Runs on real Qt (offscreen when no display).
// Imports the built package: run `npx tsc -p tsconfig.build.json`.
import { execFileSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { median, report } from './report.mjs';

const require = createRequire(import.meta.url);
require('qtasyncio/qt'); // before NodeGui: loads the bridge
const { QLabel, QMainWindow, QPushButton, QWidget, WidgetEventTypes } = require('@nodegui/nodegui');

const ROUNDS = 2000;
const now = () => process.hrtime.bigint();
const micros = (ns) => Number(ns) / 1000;

/** Median µs from `start(done)` to `done()` over ROUNDS sequential rounds, after a warm-up. */
async function roundTrip(start) {
  const samples = [];
  for (let i = 0; i < ROUNDS + 100; i++) {
    const t0 = now();
    await new Promise((resolve) => start(resolve));
    if (i >= 100) samples.push(micros(now() - t0));
  }
  return median(samples);
}

/** A Qt timer event dispatched from Qt's GLib main context, run by the bridge inside libuv. */
async function qtTimerRoundTrip() {
  const widget = new QWidget();
  let pending = null;
  let id = 0;
  widget.addEventListener(WidgetEventTypes.Timer, () => {
    widget.killTimer(id);
    const resolve = pending;
    pending = null;
    resolve?.();
  });
  return roundTrip((resolve) => {
    pending = resolve;
    id = widget.startTimer(0);
  });
}

/** click() → Qt emits `clicked` → NodeGui calls the JS listener (synchronous signal delivery). */
function signalLatency() {
  const button = new QPushButton();
  let t0 = 0n;
  const samples = [];
  button.addEventListener('clicked', () => samples.push(micros(now() - t0)));
  for (let i = 0; i < ROUNDS; i++) {
    t0 = now();
    button.click();
  }
  return median(samples);
}

function emitterLatency() {
  const emitter = new EventEmitter();
  let t0 = 0n;
  const samples = [];
  emitter.on('clicked', () => samples.push(micros(now() - t0)));
  for (let i = 0; i < ROUNDS; i++) {
    t0 = now();
    emitter.emit('clicked');
  }
  return median(samples);
}

/** CPU µs per libuv loop turn: a chain of `n` setImmediate calls (each turn also runs the GLib pump here). */
const TURN_CHAIN = `
  const turns = (n) => new Promise((resolve) => { const step = () => (--n ? setImmediate(step) : resolve()); setImmediate(step); });
  const cpuPerTurn = async (n) => { const c = process.cpuUsage(); await turns(n); const u = process.cpuUsage(c); return (u.user + u.system) / n; };
`;
const TURNS = 300_000;
const { cpuPerTurn } = new Function(`${TURN_CHAIN} return { cpuPerTurn };`)();

async function turnCpu() {
  await cpuPerTurn(TURNS);
  const samples = [];
  for (let i = 0; i < 5; i++) samples.push(await cpuPerTurn(TURNS));
  return median(samples);
}

/** The same chain in a plain `node` (no Qt, no bridge). */
function plainTurnCpu() {
  const body = `${TURN_CHAIN}
    (async () => { await cpuPerTurn(${TURNS}); const s = []; for (let i = 0; i < 5; i++) s.push(await cpuPerTurn(${TURNS}));
      s.sort((a, b) => a - b); console.log(s[2]); })();`;
  return Number(execFileSync(process.execPath, ['-e', body], { encoding: 'utf8' }));
}

async function idleCpuPercent(ms) {
  await new Promise((r) => setTimeout(r, 300));
  const start = process.cpuUsage();
  const t0 = now();
  await new Promise((r) => setTimeout(r, ms));
  const used = process.cpuUsage(start);
  const elapsedMs = Number(now() - t0) / 1e6;
  return ((used.user + used.system) / 1000 / elapsedMs) * 100;
}

// A shown window: the application runs (the bridge keeps the process alive while we await Qt events).
const win = new QMainWindow();
const label = new QLabel();
label.setText('bridge bench');
win.setCentralWidget(label);
win.show();

const immediate = await roundTrip((resolve) => setImmediate(resolve));
const qtTimer = await qtTimerRoundTrip();
report({
  name: 'Qt timer event → JS listener round trip (startTimer(0))',
  value: qtTimer,
  unit: 'µs',
  baseline: immediate,
  higherIsBetter: false,
  goal: 'same order as setImmediate',
});
report({
  name: 'Qt signal → JS listener (click() → clicked)',
  value: signalLatency(),
  unit: 'µs',
  baseline: emitterLatency(),
  higherIsBetter: false,
  goal: '< 50 µs',
});
report({
  name: 'event-loop turn with Qt loaded (setImmediate chain; the GLib pump runs every turn), CPU',
  value: await turnCpu(),
  unit: 'µs',
  baseline: plainTurnCpu(),
  higherIsBetter: false,
  goal: 'report (no goal set)',
});
report({
  name: 'idle CPU with a window open (2 s)',
  value: await idleCpuPercent(2000),
  unit: '% of a core',
  higherIsBetter: false,
  goal: '< 1 %',
});
process.exit(0);
