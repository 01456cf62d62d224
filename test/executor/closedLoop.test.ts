// A job submitted through a loop (runInExecutor, toThread) whose outcome arrives after that loop was closed: its
// Future stays pending, as in asyncio; a failure is reported through the loop's exception handler (its default
// prints it) instead of being dropped; a result is dropped, as asyncio drops it. Real worker threads and processes.
import { join } from 'node:path';
import { ExecutorShutdownError, ProcessPoolExecutor, ThreadPoolExecutor, toThread } from '../../src/executor';
import { loopLogger, newEventLoop } from '../../src/index';
import { raceHangGuard } from '../helpers/hangGuard';
import { gateJob, newGate, nextReport, openGate, waitForCell } from './helpers';

const MODULE = join(__dirname, 'fixtures', 'mathModule.js');

/** A job (sent as source) that throws once `gate[1]` is set, after setting `gate[0]` (it is running). */
function failAfterGate(gate: Int32Array): never {
  Atomics.store(gate, 0, 1);
  Atomics.notify(gate, 0);
  Atomics.wait(gate, 1, 0);
  throw new RangeError('failed after the loop closed');
}

test('ThreadPoolExecutor: a job that fails after its loop closed is reported; one that succeeds is not', async () => {
  const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  const loop = newEventLoop();
  try {
    const reported = nextReport(loop, "the late job's RangeError must be reported");
    // One worker: the succeeding job runs first, the failing one after it, so when the failure is reported the
    // success has already arrived (and would have been reported first).
    const gate = newGate();
    const succeeding = loop.runInExecutor(pool, gateJob, gate);
    const failing = loop.runInExecutor(pool, failAfterGate, gate);
    await waitForCell(gate);
    loop.close();
    openGate(gate);
    const context = await reported;
    expect(context.message).toBe('Executor job failAfterGate failed after its event loop was closed');
    expect(context.exception).toBeInstanceOf(RangeError);
    expect((context.exception as Error).message).toBe('failed after the loop closed');
    expect((context.exception as Error).stack).toContain('failAfterGate');
    expect(context.future).toBe(failing);
    // Both Futures stay pending: a closed loop completes nothing (asyncio leaves them pending too).
    expect(failing.done()).toBe(false);
    expect(succeeding.done()).toBe(false);
  } finally {
    await pool.destroy();
  }
});

test('toThread: without a handler of its own, the closed loop prints the late failure', async () => {
  const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  const loop = newEventLoop();
  loop.setDefaultExecutor(pool);
  const previous = loopLogger.delegate;
  const printed = new Promise<string>((resolve) => {
    loopLogger.delegate = { error: resolve, warn: () => {} };
  });
  try {
    const gate = newGate();
    await loop.runUntilComplete(async () => {
      toThread(failAfterGate, gate);
      await waitForCell(gate);
    });
    loop.close();
    openGate(gate);
    const text = await raceHangGuard(
      printed,
      20_000,
      () =>
        "hang guard: the default exception handler printed nothing in 20 s (the late job's error must be)",
    );
    const lines = text.split('\n');
    expect(lines[0]).toBe('Executor job failAfterGate failed after its event loop was closed');
    expect(lines[1]).toMatch(/^future: <Future pending/);
    expect(text).toContain('RangeError: failed after the loop closed');
  } finally {
    loopLogger.delegate = previous;
    await pool.destroy();
  }
});

test('ProcessPoolExecutor: a module job whose error arrives after its loop closed is reported, naming it', async () => {
  const pool = new ProcessPoolExecutor({ maxWorkers: 1 });
  const loop = newEventLoop();
  try {
    const reported = nextReport(loop, "the child's ModuleError must be reported");
    // The outcome comes back from the child process, so it arrives after this synchronous close.
    const future = loop.runInExecutor(pool, { module: MODULE, export: 'fail' });
    loop.close();
    const context = await reported;
    expect(context.message).toBe(`Executor job fail (${MODULE}) failed after its event loop was closed`);
    expect((context.exception as Error).name).toBe('ModuleError');
    expect((context.exception as Error).message).toBe('from module');
    expect(context.future).toBe(future);
    expect(future.done()).toBe(false);
  } finally {
    await pool.destroy();
  }
});

test("loop.close() closes the loop's default executor without waiting for its running job", async () => {
  // asyncio's close() calls shutdown(wait=False) on the default executor: no new jobs, the running one finishes.
  const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  const loop = newEventLoop();
  loop.setDefaultExecutor(pool);
  try {
    const gate = newGate();
    const running = loop.runInExecutor(null, gateJob, gate);
    await waitForCell(gate);
    loop.close(); // returns at once, the job still running
    expect(pool.closed).toBe(true);
    expect(() => pool.submit(gateJob, [gate])).toThrow(ExecutorShutdownError);
    openGate(gate);
    await raceHangGuard(
      pool.close(),
      20_000,
      () => 'hang guard: the default executor did not finish closing in 20 s after its running job returned',
    );
    expect(running.done()).toBe(false); // its result arrived after the close: dropped, as in asyncio
  } finally {
    await pool.destroy();
  }
});
