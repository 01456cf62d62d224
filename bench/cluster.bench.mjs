// qtasyncio/cluster benchmarks (issue 15), on a local redis-server (persistence off) with worker processes
// started by `qtasyncio worker`:
//   - round trip of an empty job, ClusterExecutor.submit vs ProcessPoolExecutor.submit (the baseline: the same
//     job on this machine without Redis), sequential, median of rounds;
//   - throughput of CPU-bound jobs (20 ms of CPU time each) with 1, 2 and 4 workers, each against 1 worker.
//     Scaling is near-linear up to the machine's cores: on a 2-core machine, 4 workers share 2 cores (and Redis,
//     the executor and the rest of the machine share them too), so 4 workers measure about what 2 do.
// Imports the build (npm run bench builds it).
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ProcessPoolExecutor } from 'qtasyncio';
import { ClusterExecutor, startLocalRedis } from 'qtasyncio/cluster';
import { median, report } from './report.mjs';

const CLI = join(import.meta.dirname, '..', 'scripts', 'cli.mjs');
const redis = await startLocalRedis();

function startWorkers(queue, count) {
  return Promise.all(
    Array.from({ length: count }, () => {
      const child = spawn(process.execPath, [CLI, 'worker', '--connection', redis.url, '--queue', queue], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      return new Promise((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c) => {
          out += c;
          if (/ready/.test(out)) resolve(child);
        });
        child.once('exit', (code) => reject(new Error(`worker exited (${code}) before ready: ${out}`)));
      });
    }),
  );
}

async function stopWorkers(children) {
  await Promise.all(
    children.map((c) => {
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      return exited;
    }),
  );
}

/** Microseconds per sequential round trip. */
async function latency(executor, n) {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    if ((await executor.submit((x) => x + 1, [i])) !== i + 1) throw new Error('wrong result');
  }
  return ((performance.now() - t0) * 1000) / n;
}

// Round trip ---------------------------------------------------------------------------------------------------
{
  const workers = await startWorkers('latency', 1);
  const cluster = new ClusterExecutor({ connection: redis.url, queue: 'latency' });
  const pool = new ProcessPoolExecutor({ maxWorkers: 1 });
  await latency(cluster, 200);
  await latency(pool, 200);
  const ours = [];
  const base = [];
  for (let r = 0; r < 5; r++) {
    base.push(await latency(pool, 300));
    ours.push(await latency(cluster, 300));
  }
  report({
    name: 'cluster round trip (empty job): ClusterExecutor.submit vs ProcessPoolExecutor.submit',
    value: median(ours),
    unit: 'µs',
    baseline: median(base),
    higherIsBetter: false,
  });
  await Promise.all([cluster.close(), pool.close()]);
  await stopWorkers(workers);
}

// CPU-bound throughput -----------------------------------------------------------------------------------------
/** A CPU-bound job: spins until this worker process has used `ms` of CPU time (whatever the machine's load). */
function burnCpu(ms) {
  const start = process.cpuUsage();
  let x = 0;
  for (;;) {
    for (let i = 0; i < 10_000; i++) x = (x * 31 + i) % 1000003;
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1000 >= ms) return x;
  }
}

const JOBS = 80;
const rates = {};
for (const count of [1, 2, 4]) {
  const queue = `cpu${count}`;
  const workers = await startWorkers(queue, count);
  const cluster = new ClusterExecutor({ connection: redis.url, queue });
  await Promise.all(Array.from({ length: count * 2 }, () => cluster.submit(burnCpu, [20])));
  const samples = [];
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    await Promise.all(Array.from({ length: JOBS }, () => cluster.submit(burnCpu, [20])));
    samples.push((JOBS * 1000) / (performance.now() - t0));
  }
  rates[count] = median(samples);
  await cluster.close();
  await stopWorkers(workers);
}
for (const count of [1, 2, 4]) {
  report({
    name: `cluster CPU-bound throughput (20 ms jobs), ${count} worker${count > 1 ? 's' : ''} vs 1 (${availableParallelism()} cores)`,
    value: rates[count],
    unit: 'jobs/s',
    baseline: rates[1],
    higherIsBetter: true,
    goal: count === 1 ? '1×' : `≈ ${Math.min(count, availableParallelism())}× (cores)`,
  });
}
await redis.stop();
