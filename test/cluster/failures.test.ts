// ClusterExecutor when parts fail: a worker SIGKILLed mid-job (its job is taken again after BullMQ's stall
// detection, every Future settles once), Redis unreachable (ExecutorConnectionError naming the address, the
// program goes on), Redis stopped mid-run and started again (clear errors, then jobs run again).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ClusterExecutor,
  ExecutorConnectionError,
  type LocalRedis,
  startLocalRedis,
} from '../../src/cluster';
import type { ExceptionContext } from '../../src/index';
import { assertBuilt } from '../helpers/built';
import {
  guard,
  killAll,
  lines,
  onRealLoop,
  startWorker,
  TEST_TIMEOUT_MS,
  until,
  type WorkerProcess,
} from './helpers';

jest.setTimeout(TEST_TIMEOUT_MS);

const JOBS = join(__dirname, 'fixtures', 'jobs.js');
const ref = (name: string) => ({ module: JOBS, export: name });
const dir = mkdtempSync(join(tmpdir(), 'qtasyncio-cluster-failures-'));
/** Short locks so that a killed worker's job is taken again soon. */
const FAST_STALLS = ['--lock-duration', '1000', '--stalled-interval', '500'];
const workers: WorkerProcess[] = [];
const executors: ClusterExecutor[] = [];
const servers: LocalRedis[] = [];

beforeAll(() => assertBuilt('dist/cluster/index.js', 'dist/executor/runJob.js'));

afterAll(async () => {
  await Promise.all(executors.map((e) => e.destroy()));
  await killAll(workers);
  await Promise.all(servers.map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
});

async function redisServer(port?: number): Promise<LocalRedis> {
  const server = await startLocalRedis(port === undefined ? {} : { port });
  servers.push(server);
  return server;
}

function cluster(url: string, queue: string): ClusterExecutor {
  const executor = new ClusterExecutor({ connection: url, queue });
  executors.push(executor);
  return executor;
}

test('a worker SIGKILLed mid-job: its job runs again on another worker, nothing is lost or doubled', async () => {
  const redis = await redisServer();
  const victim = await startWorker(redis.url, 'kill', FAST_STALLS);
  const survivor = await startWorker(redis.url, 'kill', FAST_STALLS);
  workers.push(victim, survivor);
  const executor = cluster(redis.url, 'kill');
  // Two jobs that hold their worker until `go` exists: one per worker (one job at a time each).
  const held = join(dir, 'held.log');
  const go = join(dir, 'go-kill');
  const holds = [0, 1].map(() => executor.submit(ref('waitForCancel'), [held, go]));
  await until(() => lines(held).length === 2, 30_000, 'each worker starting a held job');
  expect(lines(held).sort()).toEqual([`start ${victim.pid}`, `start ${survivor.pid}`].sort());
  // More jobs queued behind them, then the victim dies in the middle of its held job.
  const log = join(dir, 'killed.log');
  const settled = new Array<number>(20).fill(0);
  const rest = Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      executor
        .submit<[number, number, string], { x: number; pid: number }>(ref('slow'), [i, 20, log])
        .then((r) => {
          settled[i] = (settled[i] ?? 0) + 1;
          return r;
        }),
    ),
  );
  victim.child.kill('SIGKILL');
  await victim.exited;
  writeFileSync(go, '');
  const [released, results] = await guard(
    Promise.all([Promise.all(holds), rest]),
    60_000,
    'every job finishing after the stall of the killed worker’s job',
  );
  expect(released).toEqual(['released', 'released']);
  results.forEach((r, i) => {
    expect(r).toEqual({ x: i, pid: survivor.pid });
  });
  expect(settled.every((n) => n === 1)).toBe(true);
  // The victim's held job started again on the survivor (after the stall) and ran there to its end.
  expect(lines(held).filter((l) => l === `start ${survivor.pid}`)).toHaveLength(2);
  expect(lines(held).filter((l) => l === `finally ${survivor.pid}`)).toHaveLength(2);
  expect(lines(held)).not.toContain(`finally ${victim.pid}`);
  expect(lines(log).sort()).toEqual(
    Array.from({ length: 20 }, (_, i) => `start ${i} ${survivor.pid}`).sort(),
  );
});

test('Redis unreachable: ExecutorConnectionError naming the address, reported once, and the program goes on', async () => {
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const reports: ExceptionContext[] = [];
  await onRealLoop(async (loop) => {
    loop.setExceptionHandler((_l, context) => reports.push(context));
    const executor = cluster(`redis://127.0.0.1:${port}`, 'nowhere');
    const error = await guard(
      executor.submit(() => 1, []).catch((e: unknown) => e),
      30_000,
      'a job on an unreachable Redis failing',
    );
    expect(error).toBeInstanceOf(ExecutorConnectionError);
    expect((error as Error).message).toContain(`127.0.0.1:${port}`);
    expect((error as ExecutorConnectionError).address).toBe(`127.0.0.1:${port}`);
    // While it stays down, a new job fails at once with the same kind of error.
    await expect(executor.submit(() => 2, [])).rejects.toBeInstanceOf(ExecutorConnectionError);
    await guard(executor.close(), 30_000, 'close() of an executor whose Redis is unreachable');
    expect(await loop.createTask(async () => 'still running')).toBe('still running');
  });
  expect(reports.length).toBeLessThanOrEqual(1);
});

test('Redis stopped mid-run: the jobs in flight and new jobs fail clearly; once it is back, jobs run again', async () => {
  const first = await redisServer();
  const worker = await startWorker(first.url, 'restart', FAST_STALLS);
  workers.push(worker);
  const executor = cluster(first.url, 'restart');
  expect(await executor.submit((x: number) => x * 2, [21])).toBe(42);
  const log = join(dir, 'restart.log');
  const inFlight = executor.submit(ref('waitForCancel'), [log, join(dir, 'never')]).catch((e: unknown) => e);
  await until(() => lines(log).length > 0, 30_000, 'the long job starting');
  await first.stop();
  const lost = await guard(inFlight, 30_000, 'the job in flight failing after Redis stopped');
  expect(lost).toBeInstanceOf(ExecutorConnectionError);
  expect((lost as Error).message).toMatch(
    new RegExp(`lost the connection to Redis.*127\\.0\\.0\\.1:${first.port}`),
  );
  const down = await executor.submit(() => 1, []).catch((e: unknown) => e);
  expect(down).toBeInstanceOf(ExecutorConnectionError);
  expect((down as Error).message).toContain(`127.0.0.1:${first.port}`);

  await redisServer(first.port);
  // Both the executor and the worker reconnect by themselves; a job submitted then runs.
  const back = guard(
    (async () => {
      for (;;) {
        const r = await executor.submit((x: number) => x + 1, [1]).catch((e: unknown) => e);
        if (r === 2) return r;
        expect(r).toBeInstanceOf(ExecutorConnectionError);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })(),
    60_000,
    'a job running again after Redis came back',
  );
  expect(await back).toBe(2);
  expect(worker.child.exitCode).toBeNull();
});

test('qtasyncio worker --concurrency 2 runs two jobs at once; SIGTERM lets both finish, then it exits 0', async () => {
  const redis = await redisServer();
  const worker = await startWorker(redis.url, 'term', ['--concurrency', '2']);
  workers.push(worker);
  const executor = cluster(redis.url, 'term');
  const log = join(dir, 'term.log');
  const jobs = [0, 1].map((x) => executor.submit(ref('slow'), [x, 1000, log]));
  await until(() => lines(log).length === 2, 30_000, 'both jobs starting on the one worker');
  expect(lines(log).sort()).toEqual([`start 0 ${worker.pid}`, `start 1 ${worker.pid}`]);
  worker.child.kill('SIGTERM');
  expect(await guard(Promise.all(jobs), 30_000, 'the running jobs finishing after SIGTERM')).toEqual([
    { x: 0, pid: worker.pid },
    { x: 1, pid: worker.pid },
  ]);
  expect(await guard(worker.exited, 30_000, 'the worker exiting after SIGTERM')).toEqual({
    code: 0,
    signal: null,
  });
});

test('the app that started a local Redis and an IPC-tied worker is SIGKILLed: both go away with it', async () => {
  const { spawn } = await import('node:child_process');
  const app = spawn(process.execPath, [join(__dirname, 'fixtures', 'orphans.js')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  app.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  let pids: { redis: number; worker: number } | undefined;
  try {
    await until(() => out.includes('\n'), 60_000, 'the app printing the pids of its Redis and worker');
    pids = JSON.parse(out.split('\n')[0] as string) as { redis: number; worker: number };
    expect(alive(pids.redis) && alive(pids.worker)).toBe(true);
    app.kill('SIGKILL'); // no exit handler runs: only the kernel (Redis) and the IPC channel (worker) can tell
    const { redis, worker } = pids;
    await until(
      () => !alive(redis),
      30_000,
      `the app's redis-server (pid ${redis}) exiting after the app was killed`,
    );
    await until(
      () => !alive(worker),
      30_000,
      `the app's worker (pid ${worker}) exiting after the app was killed`,
    );
  } finally {
    app.kill('SIGKILL');
    for (const pid of pids === undefined ? [] : [pids.redis, pids.worker])
      if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
});
