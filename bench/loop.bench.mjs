// Loop core benchmarks (issue 3): callSoon vs raw setImmediate, task+sleep(0) vs raw async function +
// setImmediate, 1e5 concurrent callLater timers. Imports the built package: run `npx tsc -p tsconfig.build.json`.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { EventLoop } from 'qtasyncio';
import { compareRates, cpuNow, median, percentile, report } from './report.mjs';
import { createAndRunTasks } from './taskWorkload.mjs';

/** CPU time, or wall time with BENCH_WALL=1. */
const clock = process.env.BENCH_WALL === '1' ? () => performance.now() : cpuNow;

const ROUNDS = 5;

// 1. callSoon throughput: FANOUT concurrent chains of callbacks, each re-scheduling itself, N in total.
const FANOUT = 1000;
const N_CALLS = 1_000_000;

function rawSetImmediate(n) {
  return new Promise((resolve) => {
    let left = n;
    const step = () => {
      if (--left === 0) resolve();
      else if (left >= FANOUT) setImmediate(step);
    };
    for (let i = 0; i < FANOUT; i++) setImmediate(step);
  });
}

function loopCallSoon(n) {
  const loop = new EventLoop();
  let left = n;
  const step = () => {
    if (--left === 0) loop.stop();
    else if (left >= FANOUT) loop.callSoon(step);
  };
  for (let i = 0; i < FANOUT; i++) loop.callSoon(step);
  return loop.runForever().then(() => loop.close());
}

report({
  name: `callSoon throughput (${FANOUT} concurrent chains)`,
  ...(await compareRates(loopCallSoon, rawSetImmediate, N_CALLS, { rounds: ROUNDS, clock })),
  unit: process.env.BENCH_WALL === '1' ? 'calls/s' : 'calls/CPU-s',
  higherIsBetter: true,
  goal: '≥ 2.0×',
});

// 2. Tasks: create + run N tasks that each await sleep(0), vs N raw async functions awaiting setImmediate.
const N_TASKS = 100_000;

async function rawTasks(n) {
  const all = [];
  for (let i = 0; i < n; i++) {
    all.push(
      (async () => {
        await new Promise((resolve) => setImmediate(resolve));
        return i;
      })(),
    );
  }
  await Promise.all(all);
}

const loopTasks = createAndRunTasks;

const taskRates = await compareRates(loopTasks, rawTasks, N_TASKS, { rounds: ROUNDS, clock });
report({
  name: `create+run task awaiting sleep(0) (${N_TASKS} concurrent)`,
  ...taskRates,
  unit: process.env.BENCH_WALL === '1' ? 'tasks/s' : 'tasks/CPU-s',
  higherIsBetter: true,
  goal: '≥ 0.7×',
});

// 2b. The same workload in CPython's asyncio, side by side (a python3 child process, its own CPU time): tasks
//     made with create_task, each awaiting sleep(0), counted by a done callback. Without python3 the goal falls
//     back to 0.9× the raw async function + setImmediate baseline above.
const PYTHON_TASKS = `
import asyncio, sys, time
n, rounds = int(sys.argv[1]), int(sys.argv[2])
async def body(i):
    await asyncio.sleep(0)
    return i
async def main(n):
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    left = n
    def on_done(_task):
        nonlocal left
        left -= 1
        if left == 0:
            done.set_result(None)
    for i in range(n):
        loop.create_task(body(i)).add_done_callback(on_done)
    await done
asyncio.run(main(20000))
rates = []
for _ in range(rounds):
    t0 = time.process_time()
    asyncio.run(main(n))
    rates.append(n / (time.process_time() - t0))
rates.sort()
print(rates[len(rates) // 2])
`;
const python =
  process.env.BENCH_WALL === '1' // CPython's figure is CPU time: compare like with like
    ? null
    : spawnSync('python3', ['-c', PYTHON_TASKS, String(N_TASKS), String(ROUNDS)], { encoding: 'utf8' });
const pythonRate = python?.status === 0 ? Number(python.stdout.trim()) : Number.NaN;
if (Number.isFinite(pythonRate)) {
  const version = spawnSync('python3', ['--version'], { encoding: 'utf8' }).stdout.trim();
  report({
    name: `tasks per CPU-second vs CPython asyncio (${version}), same workload`,
    value: taskRates.value,
    baseline: pythonRate,
    unit: 'tasks/CPU-s',
    higherIsBetter: true,
    goal: '≥ 1.0× (baseline: CPython asyncio, not raw Node)',
  });
} else {
  process.stdout.write('note: python3 not available; tasks per CPU-second compared with raw Node only\n');
  report({
    name: 'tasks per CPU-second vs raw async function + setImmediate (no python3)',
    ...taskRates,
    unit: 'tasks/CPU-s',
    higherIsBetter: true,
    goal: '≥ 0.9×',
  });
}

// 3. 1e5 concurrent callLater timers: order, lateness, heap per pending handle.
const N_TIMERS = 100_000;
const SPREAD_MS = 1000;
{
  const loop = new EventLoop();
  const delays = Array.from({ length: N_TIMERS }, (_, i) => ((i * 7919) % N_TIMERS) * (SPREAD_MS / N_TIMERS));
  const lateness = new Float64Array(N_TIMERS);
  let fired = 0;
  let lastWhen = -1;
  let inOrder = true;
  const onTimer = (i, when) => {
    const now = loop.time();
    lateness[i] = now - when;
    if (when < lastWhen) inOrder = false;
    lastWhen = when;
    if (++fired === N_TIMERS) loop.stop();
  };
  globalThis.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const handles = new Array(N_TIMERS);
  // Deadlines start 1.5 s out so that creating 1e5 handles and two full GCs never eat into them.
  const base = loop.time() + 1500;
  for (let i = 0; i < N_TIMERS; i++) {
    const when = base + (delays[i] ?? 0);
    handles[i] = loop.callAt(when, onTimer, i, when);
  }
  globalThis.gc?.();
  const heap1 = process.memoryUsage().heapUsed;
  const perHandle = (heap1 - heap0) / N_TIMERS;
  const setupOverran = loop.time() > base;
  await loop.runForever();
  loop.close();
  const late = Array.from(lateness);
  if (setupOverran)
    process.stdout.write('note: setup took longer than 1.5 s; early timers were due before the loop ran\n');
  report({
    name: '1e5 callLater timers fire in order',
    value: inOrder && fired === N_TIMERS ? 1 : 0,
    unit: 'ok',
    goal: '= 1',
  });
  report({
    name: '1e5 timers p99 lateness',
    value: percentile(late, 99),
    unit: 'ms',
    higherIsBetter: false,
    goal: '≤ 5 ms',
  });
  report({ name: '1e5 timers median lateness', value: median(late), unit: 'ms', higherIsBetter: false });
  report({
    name: `heap per pending TimerHandle${globalThis.gc ? '' : ' (no --expose-gc: approximate)'}`,
    value: perHandle,
    unit: 'B',
    higherIsBetter: false,
    goal: '≤ 300 B',
  });
}
