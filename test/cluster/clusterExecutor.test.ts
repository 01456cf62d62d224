// ClusterExecutor on a real redis-server with real worker processes (`qtasyncio worker`, from dist/): every
// result once, errors with the remote stack, runInExecutor and the default executor, progress in order,
// cancellation of waiting and running jobs, argument checks before anything is queued.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusterExecutor, jobProgress, type LocalRedis, startLocalRedis } from '../../src/cluster';
import { CancelledError } from '../../src/core/errors';
import { ExecutorArgumentError, ExecutorShutdownError, UncloneableArgumentError } from '../../src/executor';
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
const dir = mkdtempSync(join(tmpdir(), 'qtasyncio-cluster-'));
let redis: LocalRedis;
const workers: WorkerProcess[] = [];
const executors: ClusterExecutor[] = [];

function cluster(queue: string): ClusterExecutor {
  const executor = new ClusterExecutor({ connection: redis.url, queue });
  executors.push(executor);
  return executor;
}

beforeAll(async () => {
  assertBuilt('dist/cluster/index.js', 'dist/executor/runJob.js');
  redis = await startLocalRedis();
  for (let i = 0; i < 3; i++) workers.push(await startWorker(redis.url, 'main'));
});

afterAll(async () => {
  await Promise.all(executors.map((e) => e.destroy()));
  await killAll(workers);
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('1000 jobs over 3 worker processes: every result correct, each job run and delivered once', async () => {
  const executor = cluster('main');
  const log = join(dir, 'squares.log');
  const settled = new Array<number>(1000).fill(0);
  const results = await guard(
    Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        executor
          .submit<[number, string], { x: number; square: number; pid: number }>(ref('square'), [i, log])
          .then((r) => {
            settled[i] = (settled[i] ?? 0) + 1;
            return r;
          }),
      ),
    ),
    90_000,
    '1000 jobs finishing on 3 workers',
  );
  results.forEach((r, i) => {
    expect(r).toEqual({ x: i, square: i * i, pid: expect.any(Number) });
  });
  expect(settled.every((n) => n === 1)).toBe(true);
  const runs = lines(log)
    .map(Number)
    .sort((a, b) => a - b);
  expect(runs).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  expect(new Set(results.map((r) => r.pid))).toEqual(new Set(workers.map((w) => w.pid)));
  expect(executor.pendingCount).toBe(0);
});

test("a job that throws rejects with the error's class, message, own properties and the worker's stack", async () => {
  const executor = cluster('main');
  const error = await executor.submit(ref('fail'), ['no such frame']).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RangeError);
  expect(error).toMatchObject({ message: 'no such frame', code: 'E_FIXTURE' });
  expect((error as Error).stack).toContain(JOBS);
  const sourceError = await executor
    .submit(() => {
      throw new TypeError('from source');
    }, [])
    .catch((e: unknown) => e as Error);
  expect(sourceError).toBeInstanceOf(TypeError);
  expect(sourceError.stack).toContain('qtasyncio-executor/');
});

test('loop.runInExecutor and the default executor send jobs to the cluster; jobProgress streams them in order', async () => {
  const executor = cluster('main');
  // submit()'s Promise has its stream too; a late subscriber gets the latest value, then completion.
  const promise = executor.submit(ref('countTo'), [5]);
  expect(await promise).toBe(5);
  const late: unknown[] = [];
  jobProgress(promise).subscribe((v) => late.push(v));
  expect(late).toEqual([4]);
  // (Last: closing the loop closes its default executor, as asyncio's close() does.)
  await onRealLoop(async (loop) => {
    const n = await loop.runInExecutor(executor, (a: number, b: number) => a * b, 6, 7);
    expect(n).toBe(42);
    loop.setDefaultExecutor(executor);
    const future = loop.runInExecutor<number>(null, ref('countTo'), 50);
    const seen: unknown[] = [];
    let completed = false;
    jobProgress(future).subscribe({ next: (v) => seen.push(v), complete: () => (completed = true) });
    expect(await future).toBe(50);
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(completed).toBe(true);
  });
});

test('bad input fails at the call, before anything is queued', () => {
  expect(() => new ClusterExecutor({ connection: redis.url, queue: 'x', concurency: 2 } as never)).toThrow(
    /ClusterExecutor\(options\): unknown option "concurency"/,
  );
  expect(() => new ClusterExecutor({ connection: 'http://127.0.0.1:1', queue: 'x' })).toThrow(
    ExecutorArgumentError,
  );
  expect(() => new ClusterExecutor({ connection: redis.url, queue: 'a:b' })).toThrow(
    /options\.queue\): expected a non-empty string without ":", got "a:b"/,
  );
  const executor = cluster('main');
  expect(() => executor.submit((x: unknown) => x, [Symbol('s')])).toThrow(UncloneableArgumentError);
  expect(() => executor.submit((x: unknown, _f: unknown) => x, [1, () => 2])).toThrow(
    /argument 1 cannot be structured-cloned/,
  );
  expect(() => executor.submit(() => 1, [], { signl: null } as never)).toThrow(/unknown option "signl"/);
  expect(() => jobProgress(Promise.resolve(1))).toThrow(
    /jobProgress\(job\): expected the Future or Promise of a ClusterExecutor job/,
  );
  expect(executor.pendingCount).toBe(0);
});

describe('cancellation', () => {
  let worker: WorkerProcess;
  beforeAll(async () => {
    worker = await startWorker(redis.url, 'cancel', ['--concurrency', '1']);
    workers.push(worker);
  });

  test('cancelling a running job aborts its signal on the worker, its finally runs there, it is not run again', async () => {
    const executor = cluster('cancel');
    const log = join(dir, 'active.log');
    await onRealLoop(async (loop) => {
      const future = loop.runInExecutor(executor, ref('waitForCancel'), log, join(dir, 'never'));
      const started = new Promise<void>((resolve) => jobProgress(future).subscribe(() => resolve()));
      await guard(started, 30_000, 'the job reporting "started"');
      expect(future.cancel('no longer needed')).toBe(true);
      await expect(future).rejects.toBeInstanceOf(CancelledError);
    });
    await until(
      () => lines(log).includes(`finally ${worker.pid}`),
      30_000,
      'the finally block on the worker',
    );
    // The worker is free again and the cancelled job did not come back.
    expect(await executor.submit((x: number) => x + 1, [1])).toBe(2);
    expect(lines(log)).toEqual([`start ${worker.pid}`, `finally ${worker.pid}`]);
  });

  test('cancelling a waiting job removes it: it never runs', async () => {
    const executor = cluster('cancel');
    const log = join(dir, 'waiting.log');
    const go = join(dir, 'go');
    const blocker = executor.submit(ref('waitForCancel'), [log, go]);
    await until(() => lines(log).length > 0, 30_000, 'the blocking job starting');
    const controller = new AbortController();
    const waiting = executor.submit(ref('square'), [7, join(dir, 'waiting-ran.log')], {
      signal: controller.signal,
    });
    controller.abort(new CancelledError('dropped'));
    await expect(waiting).rejects.toThrow('dropped');
    require('node:fs').writeFileSync(go, '');
    expect(await guard(blocker, 30_000, 'the blocking job')).toBe('released');
    // FIFO, one job at a time: a later job finishing means the cancelled one would have run by now.
    expect(await executor.submit((x: number) => x, [3])).toBe(3);
    expect(lines(join(dir, 'waiting-ran.log'))).toEqual([]);
  });

  test('destroy() rejects the jobs in flight with ExecutorShutdownError and aborts the running one on its worker', async () => {
    const executor = new ClusterExecutor({ connection: redis.url, queue: 'cancel' });
    const log = join(dir, 'destroy.log');
    const running = executor.submit(ref('waitForCancel'), [log, join(dir, 'never')]).catch((e: unknown) => e);
    await until(() => lines(log).length > 0, 30_000, 'the job starting');
    await guard(executor.destroy(), 30_000, 'destroy()');
    expect(await running).toBeInstanceOf(ExecutorShutdownError);
    await until(
      () => lines(log).includes(`finally ${worker.pid}`),
      30_000,
      'the finally block on the worker',
    );
    expect(() => executor.submit(() => 1, [])).toThrow(ExecutorShutdownError);
  });
});
