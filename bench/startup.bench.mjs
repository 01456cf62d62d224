// Startup (issue 12), every sample a fresh `node` process, medians:
//   - `require('qtasyncio')` alone (the loop core: no RxJS, no piscina, no Qt);
//   - process start → the first loop iteration of a program with a QApplication and a shown window, through
//     `qtasyncio/qt` + `qtasyncio`'s loop, beside NodeGui's own cost: its addon on plain Node with nothing but
//     the bridge's qode symbols loaded (the least NodeGui needs outside qode), `require('@nodegui/nodegui')`,
//     the same window and a `setImmediate`. Qt runs offscreen unless QT_QPA_PLATFORM says otherwise.
// Imports the built package: run `npx tsc -p tsconfig.build.json` (npm run bench does).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, report } from './report.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROUNDS = 11;

const REQUIRE_CORE = `
  const t0 = performance.now();
  require('qtasyncio');
  process.stdout.write(String(performance.now() - t0));
`;

// performance.now() counts from the process's start: these print process start → first iteration.
const WINDOW = `
  const { QApplication, QMainWindow } = require('@nodegui/nodegui');
  QApplication.instance();
  const win = new QMainWindow();
  win.show();
`;
const QTASYNCIO = `
  require('qtasyncio/qt');
  ${WINDOW}
  require('qtasyncio').getEventLoop().runUntilComplete(async () => performance.now()).then((t) => {
    process.stdout.write(String(t));
    process.exit(0);
  });
`;
const BARE_NODEGUI = `
  process.dlopen({ exports: {} }, ${JSON.stringify(join(root, 'native', 'build', 'Release', 'qtasyncio_bridge.node'))},
    require('node:os').constants.dlopen.RTLD_NOW | require('node:os').constants.dlopen.RTLD_GLOBAL);
  ${WINDOW}
  setImmediate(() => {
    process.stdout.write(String(performance.now()));
    process.exit(0);
  });
`;

/** Milliseconds printed by `source` run in a fresh node from the project root (which resolves `qtasyncio`). */
function sample(source) {
  const r = spawnSync(process.execPath, ['-e', source], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, QT_QPA_PLATFORM: process.env.QT_QPA_PLATFORM ?? 'offscreen' },
  });
  const ms = Number(r.stdout);
  if (r.status !== 0 || !Number.isFinite(ms)) {
    throw new Error(`startup sample exited with ${r.status ?? r.signal}:\n${r.stdout}\n${r.stderr}`);
  }
  return ms;
}

const core = [];
const ours = [];
const bare = [];
sample(BARE_NODEGUI); // warm the file cache for both programs
sample(QTASYNCIO);
for (let i = 0; i < ROUNDS; i++) {
  // Interleaved, so that both see the same machine load.
  core.push(sample(REQUIRE_CORE));
  bare.push(sample(BARE_NODEGUI));
  ours.push(sample(QTASYNCIO));
}

report({ name: "require('qtasyncio') (loop core)", value: median(core), unit: 'ms', goal: '≤ 20 ms' });
report({
  name: 'process start → first loop iteration, QApplication + window: qtasyncio/qt vs bare NodeGui',
  value: median(ours),
  baseline: median(bare),
  higherIsBetter: false,
  unit: 'ms',
  goal: '≤ 1.2× NodeGui alone (ratio ≥ 0.83×)',
});
report({
  name: 'what qtasyncio adds on top of NodeGui at start-up (median of paired differences)',
  value: median(ours.map((t, i) => t - (bare[i] ?? t))),
  unit: 'ms',
});
