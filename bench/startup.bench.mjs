// Startup (issue 12), every sample a fresh `node` process, medians, in CPU time (user + system of the process,
// which other load on the machine does not inflate; with the goals) and in wall time:
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

// Prints the CPU and wall milliseconds of its process so far (from its start: performance.now() counts from
// there), or since `since`.
const PRINT = `(since) => {
  const { user, system } = process.cpuUsage(since?.cpu);
  process.stdout.write(JSON.stringify({ cpu: (user + system) / 1000, wall: performance.now() - (since?.wall ?? 0) }));
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

/** `{ cpu, wall }` ms printed by `source` run in a fresh node from the project root (which resolves `qtasyncio`). */
function sample(source) {
  const r = spawnSync(process.execPath, ['-e', source], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, QT_QPA_PLATFORM: process.env.QT_QPA_PLATFORM ?? 'offscreen' },
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

const of = (samples, key) => median(samples.map((m) => m[key]));
for (const [key, what] of [
  ['cpu', 'CPU time'],
  ['wall', 'wall time'],
]) {
  const goals = key === 'cpu';
  report({
    name: `require('qtasyncio') (loop core), ${what}`,
    value: of(core, key),
    unit: 'ms',
    ...(goals ? { goal: '≤ 20 ms' } : {}),
  });
  report({
    name: `process start → first loop iteration with QApplication + window, ${what}: qtasyncio/qt vs bare NodeGui`,
    value: of(ours, key),
    baseline: of(bare, key),
    higherIsBetter: false,
    unit: 'ms',
    ...(goals ? { goal: '≤ 1.2× NodeGui alone (ratio ≥ 0.83×)' } : {}),
  });
}
