// gather benchmark (issue 4): gather of 1e5 tasks — time and heap per task — against the raw-Node baseline,
// Promise.all of 1e5 async functions doing the same work. Imports the built files: run
// `npx tsc -p tsconfig.build.json` first (`npm run bench` does).
//
// Each of the N functions awaits one shared gate and returns its index, so all N are pending at once: the heap
// is measured at that point (after a GC), then the gate opens and the run ends when every result is in.
//
// Time is this process's CPU time (BENCH_WALL=1: wall time), rounds alternating between the two so that both
// run under the same load; the raw baseline runs in the same process, after qtasyncio's task context (V8 promise
// hooks) is on, as it would in a program that uses qtasyncio.
import { performance } from 'node:perf_hooks';
import { EventLoop, gather } from 'qtasyncio';
import { cpuNow, median, report } from './report.mjs';

const clock = process.env.BENCH_WALL === '1' ? () => performance.now() : cpuNow;

const N = 100_000;
const ROUNDS = 5;
const gc = globalThis.gc ?? (() => {});

/** qtasyncio: gather(fns) on a fresh loop; each function becomes a Task awaiting a loop Future. */
async function ours(n, probe) {
  const loop = new EventLoop();
  const result = await loop.runUntilComplete(async () => {
    const gate = loop.createFuture();
    const fns = Array.from({ length: n }, (_, i) => async () => {
      await gate;
      return i;
    });
    const all = gather(fns);
    await new Promise((resolve) => loop.callSoon(resolve)); // every task has started and waits at the gate
    probe();
    gate.setResult(undefined);
    return all;
  });
  loop.close();
  if (result.length !== n || result[n - 1] !== n - 1) throw new Error('gather: wrong results');
}

/** Raw Node: Promise.all of the same async functions, awaiting a plain Promise gate. */
async function raw(n, probe) {
  let open;
  const gate = new Promise((resolve) => {
    open = resolve;
  });
  const fns = Array.from({ length: n }, (_, i) => async () => {
    await gate;
    return i;
  });
  const all = Promise.all(fns.map((f) => f()));
  await new Promise((resolve) => setImmediate(resolve));
  probe();
  open();
  const result = await all;
  if (result.length !== n || result[n - 1] !== n - 1) throw new Error('Promise.all: wrong results');
}

/** Median time (ms) of each over ROUNDS alternating runs. */
async function measureTimes(fns) {
  const times = fns.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, fn] of fns.entries()) {
      gc();
      const t0 = clock();
      await fn(N, () => {});
      times[i].push(clock() - t0);
    }
  }
  return times.map(median);
}

/** Median heap bytes per pending item at the probe point. */
async function measureBytes(fn) {
  const bytes = [];
  for (let r = 0; r < ROUNDS; r++) {
    gc();
    const before = process.memoryUsage().heapUsed;
    await fn(N, () => {
      gc();
      bytes.push((process.memoryUsage().heapUsed - before) / N);
    });
  }
  return median(bytes);
}

await ours(10_000, () => {});
await raw(10_000, () => {});
const [rawMs, ourMs] = await measureTimes([raw, ours]);
const b = { ms: rawMs, bytes: await measureBytes(raw) };
const a = { ms: ourMs, bytes: await measureBytes(ours) };

report({
  name: `gather of ${N.toExponential(0)} tasks (${process.env.BENCH_WALL === '1' ? 'wall' : 'CPU'} time)`,
  value: a.ms,
  unit: 'ms',
  baseline: b.ms,
  higherIsBetter: false,
  goal: '≥ 0.8× (baseline: Promise.all of async functions)',
});
report({
  name: `gather of ${N.toExponential(0)} tasks (heap per pending task)`,
  value: a.bytes,
  unit: 'B',
  baseline: b.bytes,
  higherIsBetter: false,
  goal: '≤ 1100 B (baseline: Promise.all of async functions)',
});
