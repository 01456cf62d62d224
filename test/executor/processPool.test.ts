// ProcessPoolExecutor on real child processes: results, errors, the function-source rule, cloning,
// cancellation (queued: never runs; running: its process is killed and replaced), close/destroy.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CapturedVariableError,
  ExecutorShutdownError,
  ProcessPoolExecutor,
  UncloneableArgumentError,
  UncloneableResultError,
  WorkerExitedError,
} from '../../src/executor';
import { waitForFile } from './helpers';

const MODULE = join(__dirname, 'fixtures', 'mathModule.js');
const dir = mkdtempSync(join(tmpdir(), 'qtasyncio-executor-'));
const pools: ProcessPoolExecutor[] = [];
function pool(maxWorkers = 2): ProcessPoolExecutor {
  const p = new ProcessPoolExecutor({ maxWorkers });
  pools.push(p);
  return p;
}
afterAll(async () => {
  await Promise.all(pools.map((p) => p.destroy()));
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Waits in the child until `go` exists, after creating `started` holding its pid (a blocking job without busy
 * CPU). `started` appears with its content (written aside, then renamed): read as it is created, it could be
 * empty, and `process.kill(0, 0)` (pid 0: the process group) never fails.
 */
function blockUntil(started: string, go: string): string {
  const fs = require('node:fs');
  fs.writeFileSync(`${started}.tmp`, String(process.pid));
  fs.renameSync(`${started}.tmp`, started);
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  while (!fs.existsSync(go)) Atomics.wait(sleeper, 0, 0, 5);
  return 'released';
}

async function gone(pid: number): Promise<void> {
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A blocking job (files started<tag>, go<tag>) with an AbortSignal, once it runs: its Promise, controller and pid. */
async function startCancellableBlocker(p: ProcessPoolExecutor, tag: string) {
  const [started, go] = [`started${tag}`, `go${tag}`].map((n) => join(dir, n)) as [string, string];
  const controller = new AbortController();
  const running = p.submit(blockUntil, [started, go], { signal: controller.signal });
  await waitForFile(started);
  return { running, controller, pid: Number(readFileSync(started, 'utf8')) };
}

describe('ProcessPoolExecutor', () => {
  test('runs a function in a child process, with cloned arguments and result', async () => {
    const p = pool();
    const r = await p.submit(
      (s: Set<number>) => ({ pid: process.pid, sum: [...s].reduce((a, b) => a + b, 0), big: 2n ** 64n }),
      [new Set([1, 2, 3])],
    );
    expect(r.pid).not.toBe(process.pid);
    expect(r.sum).toBe(6);
    expect(r.big).toBe(18446744073709551616n);
    expect(await p.submit({ module: MODULE, export: 'scale' }, [4])).toBe(40);
  });

  test("a child's error keeps its name, message, stack and properties", async () => {
    const error = await pool()
      .submit(function failing() {
        const e = new RangeError('too far') as RangeError & { code: string };
        e.code = 'E_FAR';
        throw e;
      }, [])
      .catch((e: unknown) => e as RangeError & { code: string });
    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toBe('too far');
    expect(error.code).toBe('E_FAR');
    expect(error.stack).toMatch(/^RangeError: too far\n\s+at failing \(qtasyncio-executor\/failing\.js/);
  });

  test('captured variables, non-cloneable arguments and results fail clearly', async () => {
    const p = pool();
    const limit = 5;
    await expect(p.submit((x: number) => Math.min(x, limit), [9])).rejects.toMatchObject({
      name: 'CapturedVariableError',
      identifier: 'limit',
    });
    await expect(p.submit((x: number) => Math.min(x, limit), [9])).rejects.toBeInstanceOf(
      CapturedVariableError,
    );
    expect(() => p.submit((x: unknown) => x, [new WeakMap()])).toThrow(UncloneableArgumentError);
    await expect(p.submit(() => Symbol('x'), [])).rejects.toBeInstanceOf(UncloneableResultError);
    expect(await p.submit(() => 'ok', [])).toBe('ok');
  });

  test('a child that exits mid-job rejects with WorkerExitedError and is replaced', async () => {
    const p = pool(1);
    await expect(p.submit(() => process.exit(3), [])).rejects.toThrow(
      new WorkerExitedError(
        'runInExecutor(fn): the worker process running (anonymous) exited before answering (exit code 3)',
      ),
    );
    expect(typeof (await p.submit(() => process.pid, []))).toBe('number');
  });

  test('cancelling a queued job removes it: it never runs', async () => {
    const p = pool(1);
    const [started, go, marker] = ['started1', 'go1', 'marker1'].map((n) => join(dir, n)) as [
      string,
      string,
      string,
    ];
    const blocker = p.submit(blockUntil, [started, go]);
    await waitForFile(started);
    const controller = new AbortController();
    const queued = p.submit((m: string) => require('node:fs').writeFileSync(m, 'ran'), [marker], {
      signal: controller.signal,
    });
    controller.abort(new Error('dropped'));
    await expect(queued).rejects.toThrow('dropped');
    require('node:fs').writeFileSync(go, '');
    expect(await blocker).toBe('released');
    expect(await p.submit(() => 'after', [])).toBe('after');
    expect(existsSync(marker)).toBe(false);
  });

  test('cancelling a running job kills its process; the pool serves the next job', async () => {
    const p = pool(1);
    const { running, controller, pid } = await startCancellableBlocker(p, '2');
    controller.abort(new Error('stop'));
    await expect(running).rejects.toThrow('stop');
    await gone(pid);
    const next = await p.submit(() => process.pid, []);
    expect(next).not.toBe(pid);
  });

  test('close() resolves only once the process of a cancelled job has exited', async () => {
    const p = pool(1);
    const { running, controller, pid } = await startCancellableBlocker(p, '4');
    const rejected = expect(running).rejects.toThrow('stop');
    controller.abort(new Error('stop'));
    await p.close();
    await rejected;
    // The killed worker is gone (reaped) by the time close() resolves, not a moment later.
    expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
  });

  test('close() drains; destroy() rejects and kills now', async () => {
    const p = pool(1);
    const jobs = [1, 2].map((n) => p.submit((x: number) => x + 1, [n]));
    const closing = p.close();
    expect(() => p.submit(() => 1, [])).toThrow('submit(): the executor is closed; it takes no new jobs');
    expect(await Promise.all(jobs)).toEqual([2, 3]);
    await closing;
    expect(p.workerCount).toBe(0);

    const q = pool(1);
    const [started, go] = ['started3', 'go3'].map((n) => join(dir, n)) as [string, string];
    const running = q.submit(blockUntil, [started, go]);
    const queued = q.submit(() => 'never', []);
    const outcomes = Promise.allSettled([running, queued]);
    await waitForFile(started);
    await q.destroy();
    for (const o of await outcomes) {
      expect(o).toMatchObject({ status: 'rejected', reason: expect.any(ExecutorShutdownError) });
    }
    expect(q.workerCount).toBe(0);
  });
});
