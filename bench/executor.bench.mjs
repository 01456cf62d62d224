// Executor benchmarks (issue 4): round-trip latency of one small job through loop.runInExecutor() on a
// ThreadPoolExecutor vs a raw piscina call (same pool size, a handler file doing the same work), and of a
// ProcessPoolExecutor round trip (no baseline). Wall time (latency is mostly waiting for the other thread);
// short rounds alternate between ours and raw (so both see the same machine load), median of ROUNDS, after a
// warm-up. Imports the build: run `npx tsc -p tsconfig.build.json` first (src/index.ts may not re-export
// src/executor yet, hence the dist path).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Piscina } from 'piscina';
import { EventLoop, ProcessPoolExecutor, ThreadPoolExecutor } from 'qtasyncio';
import { median, report } from './report.mjs';

const ROUNDS = 15;
const N = 1000;

const dir = mkdtempSync(join(tmpdir(), 'qtasyncio-bench-'));
const handler = join(dir, 'inc.js');
writeFileSync(handler, 'module.exports = (x) => x + 1;\n');

/** Microseconds per sequential round trip of `once(i)`. */
async function latency(once, n) {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    if ((await once(i)) !== i + 1) throw new Error('wrong result');
  }
  return ((performance.now() - t0) * 1000) / n;
}

const loop = new EventLoop();
const threads = new ThreadPoolExecutor({ maxWorkers: 1, minWorkers: 1 });
const processes = new ProcessPoolExecutor({ maxWorkers: 1 });
const raw = new Piscina({ filename: handler, maxThreads: 1, minThreads: 1 });
const inc = (x) => x + 1;

const ours = (n) => loop.runUntilComplete(() => latency((i) => loop.runInExecutor(threads, inc, i), n));
const baseline = (n) => latency((i) => raw.run(i), n);
const submitOnly = (n) => latency((i) => threads.submit(inc, [i]), n);

await ours(500);
await baseline(500);
await submitOnly(500);
const a = [];
const b = [];
const s = [];
for (let r = 0; r < ROUNDS; r++) {
  b.push(await baseline(N));
  a.push(await ours(N));
  s.push(await submitOnly(N));
}
report({
  name: 'executor round trip: loop.runInExecutor(ThreadPoolExecutor) vs raw piscina.run',
  value: median(a),
  unit: 'µs',
  baseline: median(b),
  higherIsBetter: false,
  goal: '≥ 0.8×',
});
report({
  name: 'executor round trip: ThreadPoolExecutor.submit (no loop) vs raw piscina.run',
  value: median(s),
  unit: 'µs',
  baseline: median(b),
  higherIsBetter: false,
  goal: '≥ 0.8×',
});

await loop.runUntilComplete(() => latency((i) => loop.runInExecutor(processes, inc, i), 200));
const p = [];
for (let r = 0; r < 3; r++) {
  p.push(await loop.runUntilComplete(() => latency((i) => loop.runInExecutor(processes, inc, i), 1000)));
}
report({
  name: 'executor round trip: loop.runInExecutor(ProcessPoolExecutor)',
  value: median(p),
  unit: 'µs',
});

loop.close();
await Promise.all([threads.close(), processes.close(), raw.close()]);
rmSync(dir, { recursive: true, force: true });
