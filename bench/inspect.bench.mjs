// Introspection benchmarks (issue 14): what recording await sites costs (task throughput with
// setIntrospection(true) vs off, same run), and the round trip of `qtasyncio ps PID` (attach through the
// inspector, list, detach) on a process with 1e4 pending tasks. Imports the built package: run
// `npx tsc -p tsconfig.build.json` first (`npm run bench` does).
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setIntrospection } from 'qtasyncio';
import { compareRates, cpuNow, median, report } from './report.mjs';
import { createAndRunTasks } from './taskWorkload.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const N_TASKS = 100_000;

/** The shared task workload, with introspection recording on or off. */
function tasks(recording) {
  return async (n) => {
    setIntrospection(recording);
    try {
      await createAndRunTasks(n);
    } finally {
      setIntrospection(false);
    }
  };
}

report({
  name: `create+run task awaiting sleep(0) (${N_TASKS}), introspection on vs off`,
  ...(await compareRates(tasks(true), tasks(false), N_TASKS, { rounds: 5, clock: cpuNow })),
  unit: 'tasks/CPU-s',
  higherIsBetter: true,
});

// `qtasyncio ps PID` on a process with 1e4 pending tasks.
const N_PENDING = 10_000;
const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port: p } = s.address();
    s.close(() => resolve(p));
  });
});
const target = spawn(
  process.execPath,
  [
    `--inspect-port=${port}`,
    '-e',
    `const { run, sleep, getRunningLoop } = require('qtasyncio');
     run(async () => {
       const loop = getRunningLoop();
       for (let i = 0; i < ${N_PENDING}; i++) loop.createTask(() => sleep(3_600_000), { name: 'job-' + i });
       await sleep(10);
       process.stdout.write('ready\\n');
       await sleep(3_600_000);
     });`,
  ],
  { cwd: root, env: { ...process.env, QTASYNCIO_INSPECT: '1' }, stdio: ['ignore', 'pipe', 'ignore'] },
);
await new Promise((resolve) => target.stdout.on('data', (d) => String(d).includes('ready') && resolve()));
const times = [];
let rows = 0;
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    [join(root, 'scripts/cli.mjs'), 'ps', String(target.pid), '--port', String(port)],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  times.push(performance.now() - t0);
  if (r.status !== 0) throw new Error(`qtasyncio ps failed: ${r.stderr}`);
  rows = r.stdout.split('\n').filter((l) => / job-\d+ /.test(l)).length;
}
target.kill('SIGKILL');
if (rows !== N_PENDING) throw new Error(`qtasyncio ps listed ${rows} of ${N_PENDING} tasks`);
report({
  name: `qtasyncio ps PID round trip, ${N_PENDING} pending tasks (attach, list, render, detach)`,
  value: median(times),
  unit: 'ms',
  higherIsBetter: false,
});
