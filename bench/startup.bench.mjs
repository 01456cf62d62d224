// Startup (issue 12), every sample a fresh process, medians, in CPU time (user + system of the process, which
// other load on the machine inflates far less than wall time; with the goals) and in wall time from the spawn:
//   - `require('qtasyncio')` alone (the loop core: no RxJS, no executors, no sync or concurrency area, no Qt);
//   - process start → the first loop iteration of a program with a QApplication and a shown window, through
//     `qtasyncio/qt` + `qtasyncio`'s loop, beside NodeGui's own cost: its addon on plain Node with nothing but
//     the bridge's qode symbols loaded (the least NodeGui needs outside qode), `require('@nodegui/nodegui')`,
//     the same window and a `setImmediate`;
//   - the same program in Python with PySide6 (bare: a `QTimer.singleShot(0)`; and with QtAsyncio, PySide6's
//     asyncio loop: `QtAsyncio.run(first(), keep_running=False)`), when a Python with PySide6 and QtAsyncio is
//     found: $QTASYNCIO_BENCH_PYTHON, else `python3`. Otherwise those rows say "skipped: PySide6 not found".
// Qt runs offscreen unless QT_QPA_PLATFORM says otherwise. Samples are interleaved so that all programs see the
// same machine load. Imports the built package: run `npm run build` (npm run bench does).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, report } from './report.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROUNDS = 11;
const PYTHON_ENV = 'QTASYNCIO_BENCH_PYTHON';

/** Wall-clock ms now, on the clock both Node and Python children read (the system's real-time clock). */
const nowMs = () => performance.timeOrigin + performance.now();

// Prints the CPU and wall milliseconds of its process so far (wall: since the bench spawned it), or since `since`.
const PRINT = `(since) => {
  const { user, system } = process.cpuUsage(since?.cpu);
  const wall = since ? performance.now() - since.wall : performance.timeOrigin + performance.now() - Number(process.env.BENCH_SPAWNED_AT);
  process.stdout.write(JSON.stringify({ cpu: (user + system) / 1000, wall }));
}`;

const REQUIRE_CORE = `
  const since = { cpu: process.cpuUsage(), wall: performance.now() };
  require('qtasyncio');
  (${PRINT})(since);
`;

const WINDOW = `
  const { QApplication, QMainWindow } = require('@nodegui/nodegui');
  QApplication.instance();
  const win = new QMainWindow();
  win.show();
`;
const QTASYNCIO = `
  require('qtasyncio/qt');
  ${WINDOW}
  require('qtasyncio').getEventLoop().runUntilComplete(async () => (${PRINT})()).then(() => process.exit(0));
`;
const BARE_NODEGUI = `
  process.dlopen({ exports: {} }, ${JSON.stringify(join(root, 'native', 'build', 'Release', 'qtasyncio_bridge.node'))},
    require('node:os').constants.dlopen.RTLD_NOW | require('node:os').constants.dlopen.RTLD_GLOBAL);
  ${WINDOW}
  setImmediate(() => {
    (${PRINT})();
    process.exit(0);
  });
`;

const PY_PRINT = `
import json, os, resource, sys, time
def report():
    r = resource.getrusage(resource.RUSAGE_SELF)
    sys.stdout.write(json.dumps({"cpu": (r.ru_utime + r.ru_stime) * 1000,
                                 "wall": time.time() * 1000 - float(os.environ["BENCH_SPAWNED_AT"])}))
    sys.stdout.flush()
    os._exit(0)
`;
const PY_WINDOW = `
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
win = QMainWindow()
win.show()
`;
const BARE_PYSIDE = `${PY_PRINT}${PY_WINDOW}
from PySide6.QtCore import QTimer
QTimer.singleShot(0, report)
app.exec()
`;
const QTASYNCIO_PY = `${PY_PRINT}${PY_WINDOW}
import PySide6.QtAsyncio as QtAsyncio
async def first():
    report()
QtAsyncio.run(first(), keep_running=False)
`;

/** `{ cpu, wall }` ms printed by `args` run as a fresh `command` from the project root (which resolves `qtasyncio`). */
function sample(command, args) {
  const r = spawnSync(command, args, {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...process.env,
      QT_QPA_PLATFORM: process.env.QT_QPA_PLATFORM ?? 'offscreen',
      BENCH_SPAWNED_AT: String(nowMs()),
    },
  });
  try {
    if (r.status !== 0) throw new Error('non-zero exit');
    return JSON.parse(r.stdout);
  } catch (e) {
    throw new Error(
      `startup sample failed (${e.message}, exit ${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`,
    );
  }
}

/** The Python to measure PySide6 and QtAsyncio with, and their versions; or why there is none. */
function findPython() {
  const python = process.env[PYTHON_ENV] || 'python3';
  const r = spawnSync(
    python,
    ['-c', 'import sys, PySide6, PySide6.QtAsyncio; print(PySide6.__version__, sys.version.split()[0])'],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) {
    const why = r.error ? r.error.message : (r.stderr.trim().split('\n').at(-1) ?? `exit ${r.status}`);
    return { skipped: `skipped: PySide6 not found (${python}: ${why}; set ${PYTHON_ENV})` };
  }
  const [pyside, version] = r.stdout.trim().split(' ');
  return { python, label: `PySide6 ${pyside}, Python ${version}` };
}

const node = (source) => () => sample(process.execPath, ['-e', source]);
const py = findPython();
const programs = {
  core: node(REQUIRE_CORE),
  bare: node(BARE_NODEGUI),
  ours: node(QTASYNCIO),
  ...(py.python
    ? {
        barePy: () => sample(py.python, ['-c', BARE_PYSIDE]),
        qtAsyncio: () => sample(py.python, ['-c', QTASYNCIO_PY]),
      }
    : {}),
};
const samples = Object.fromEntries(Object.keys(programs).map((k) => [k, []]));
for (const run of Object.values(programs)) run(); // warm the file caches (and Python's bytecode cache)
for (let i = 0; i < ROUNDS; i++) {
  for (const [k, run] of Object.entries(programs)) samples[k].push(run());
}

const of = (key, what) => median(samples[key].map((m) => m[what]));
const CORE_GOAL_MS = 20;
const QT_GOAL = 1.2;
for (const [what, label] of [
  ['cpu', 'CPU time'],
  ['wall', 'wall time'],
]) {
  const goals = what === 'cpu';
  const core = of('core', what);
  report({
    name: `require('qtasyncio') (loop core), ${label}`,
    value: core,
    unit: 'ms',
    ...(goals ? { goal: `≤ ${CORE_GOAL_MS} ms`, met: core <= CORE_GOAL_MS } : {}),
  });
  const ours = of('ours', what);
  const bare = of('bare', what);
  report({
    name: `process start → first loop iteration with QApplication + window, ${label}: qtasyncio/qt vs bare NodeGui`,
    value: ours,
    baseline: bare,
    higherIsBetter: false,
    unit: 'ms',
    ...(goals
      ? {
          goal: `≤ ${QT_GOAL}× NodeGui alone (ratio ≥ ${(1 / QT_GOAL).toFixed(2)}×)`,
          met: ours <= QT_GOAL * bare,
        }
      : {}),
  });
  const pyName = `process start → first loop iteration with QApplication + window, ${label}`;
  if (!py.python) {
    report({ name: `${pyName}: PySide6 + QtAsyncio`, unit: 'ms', goal: py.skipped });
    continue;
  }
  report({
    name: `${pyName}: PySide6 + QtAsyncio vs bare PySide6 (${py.label})`,
    value: of('qtAsyncio', what),
    baseline: of('barePy', what),
    higherIsBetter: false,
    unit: 'ms',
    ...(goals ? { goal: 'report: QtAsyncio on top of PySide6' } : {}),
  });
  report({
    name: `${pyName}: qtasyncio/qt vs PySide6 + QtAsyncio`,
    value: ours,
    baseline: of('qtAsyncio', what),
    higherIsBetter: false,
    unit: 'ms',
    ...(goals ? { goal: 'report (ratio > 1×: qtasyncio starts faster)' } : {}),
  });
}
