// loop.runInExecutor / setDefaultExecutor / shutdownDefaultExecutor and toThread, on a real loop with real
// worker threads.

import {
  defaultExecutor,
  type Executor,
  ExecutorArgumentError,
  ExecutorShutdownError,
  type SubmitOptions,
  ThreadPoolExecutor,
  toThread,
  UncloneableArgumentError,
} from '../../src/executor';
import {
  CancelledError,
  type EventLoop,
  Future,
  LoopClosedError,
  loopLogger,
  NoRunningLoopError,
  newEventLoop,
  Runner,
  sleep,
} from '../../src/index';
import { onLoop } from '../../src/testing';
import { gateJob, newGate, openGate, waitForCell } from './helpers';

/** An Executor that counts the jobs it forwards to a real thread pool. */
class CountingExecutor implements Executor {
  readonly inner = new ThreadPoolExecutor({ maxWorkers: 1 });
  submitted = 0;
  get closed(): boolean {
    return this.inner.closed;
  }
  submit<A extends unknown[], R>(fn: (...args: A) => R, args: A, options?: SubmitOptions) {
    this.submitted++;
    return this.inner.submit(fn, args, options);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

function defaultExecutorClosed(loop: EventLoop): boolean {
  try {
    defaultExecutor(loop);
    return false;
  } catch (e) {
    return e instanceof ExecutorShutdownError;
  }
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(() => Promise.all(cleanups.map((c) => c())));

test('runInExecutor(null, fn, ...args) returns a Future of the loop, run by the default executor', async () => {
  await onLoop(
    async (loop) => {
      const future = loop.runInExecutor(null, (a: number, b: number) => a * b, 6, 7);
      expect(future).toBeInstanceOf(Future);
      expect(future.getLoop()).toBe(loop);
      expect(await future).toBe(42);
      expect(defaultExecutor(loop)).toBeInstanceOf(ThreadPoolExecutor);
      await loop.shutdownDefaultExecutor();
    },
    { realTime: true },
  );
});

test('bad input throws at the call, naming the argument; a closed loop refuses', async () => {
  const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  cleanups.push(() => pool.destroy());
  await onLoop(
    async (loop) => {
      expect(() => loop.runInExecutor({} as never, () => 1)).toThrow(
        'runInExecutor(executor): expected an Executor or null, got {}',
      );
      expect(() =>
        loop.runInExecutor(
          pool,
          (f: unknown) => f,
          () => 0,
        ),
      ).toThrow(/^runInExecutor\(\.\.\.args\): argument 0 cannot be structured-cloned, got function/);
      expect(() =>
        loop.runInExecutor(
          pool,
          (f: unknown) => f,
          () => 0,
        ),
      ).toThrow(UncloneableArgumentError);
      expect(() => loop.setDefaultExecutor(null as never)).toThrow(ExecutorArgumentError);
    },
    { realTime: true },
  );
  const closed = newEventLoop();
  closed.close();
  expect(() => closed.runInExecutor(pool, () => 1)).toThrow(LoopClosedError);
});

test('shutdownDefaultExecutor closes the default executor; runInExecutor(null) then fails clearly', async () => {
  await onLoop(
    async (loop) => {
      const counting = new CountingExecutor();
      cleanups.push(() => counting.destroy());
      loop.setDefaultExecutor(counting);
      expect(await loop.runInExecutor(null, () => 'first')).toBe('first');
      await loop.shutdownDefaultExecutor();
      expect(counting.closed).toBe(true);
      expect(() => loop.runInExecutor(null, () => 'again')).toThrow(ExecutorShutdownError);
      expect(() => loop.runInExecutor(null, () => 'again')).toThrow(
        /runInExecutor\(executor\): the loop's default executor was shut down/,
      );
      expect(() => toThread(() => 1)).toThrow(ExecutorShutdownError);
      // An explicit executor still works.
      const other = new ThreadPoolExecutor({ maxWorkers: 1 });
      expect(await loop.runInExecutor(other, () => 'explicit')).toBe('explicit');
      await other.close();
      await loop.shutdownDefaultExecutor(); // idempotent
    },
    { realTime: true },
  );
});

test('shutdownDefaultExecutor(timeoutMs) destroys a default executor that does not finish in time', async () => {
  const warnings: string[] = [];
  loopLogger.delegate = { error: () => {}, warn: (m: string) => warnings.push(m) };
  try {
    await onLoop(
      async (loop) => {
        loop.setDefaultExecutor(new ThreadPoolExecutor({ maxWorkers: 1 }));
        const gate = newGate();
        const stuck = loop.runInExecutor(null, gateJob, gate);
        await waitForCell(gate);
        await loop.shutdownDefaultExecutor(0);
        await expect(stuck).rejects.toBeInstanceOf(ExecutorShutdownError);
        expect(defaultExecutorClosed(loop)).toBe(true);
      },
      { realTime: true },
    );
  } finally {
    loopLogger.delegate = undefined;
  }
  expect(warnings).toEqual([
    'shutdownDefaultExecutor(timeoutMs): the default executor did not finish within 0 ms; destroying it',
  ]);
  await expect(onLoop((loop) => loop.shutdownDefaultExecutor(-1), { realTime: true })).rejects.toThrow(
    ExecutorArgumentError,
  );
});

test('shutdownDefaultExecutor without a default executor only refuses later use', async () => {
  await onLoop(
    async (loop) => {
      await loop.shutdownDefaultExecutor();
      expect(() => loop.runInExecutor(null, () => 1)).toThrow(ExecutorShutdownError);
    },
    { realTime: true },
  );
});

test("toThread uses the running loop's default executor", async () => {
  await onLoop(
    async (loop) => {
      const counting = new CountingExecutor();
      cleanups.push(() => counting.destroy());
      loop.setDefaultExecutor(counting);
      const future = toThread((s: string) => s.toUpperCase(), 'abc');
      expect(future.getLoop()).toBe(loop);
      expect(await future).toBe('ABC');
      expect(counting.submitted).toBe(1);
      await loop.shutdownDefaultExecutor();
    },
    { realTime: true },
  );
  expect(() => toThread(() => 1)).toThrow(NoRunningLoopError);
});

test('cancelling the Future (or the Task awaiting it) terminates the running job; the executor goes on', async () => {
  const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  cleanups.push(() => pool.destroy());
  await onLoop(
    async (loop) => {
      const started = new Int32Array(new SharedArrayBuffer(8));
      const endless = (c: Int32Array) => {
        Atomics.store(c, 0, require('node:worker_threads').threadId);
        Atomics.notify(c, 0);
        for (;;) Atomics.add(c, 1, 1);
      };
      const task = loop.createTask(() => loop.runInExecutor(pool, endless, started));
      await waitForCell(started);
      const first = Atomics.load(started, 0);
      task.cancel('enough');
      await expect(task).rejects.toBeInstanceOf(CancelledError);
      expect(task.cancelled()).toBe(true);
      const next = await loop.runInExecutor(pool, () => require('node:worker_threads').threadId as number);
      expect(next).not.toBe(first);

      // A queued job whose Future is cancelled never runs.
      const gate = newGate();
      const marker = new Int32Array(new SharedArrayBuffer(4));
      const blocker = loop.runInExecutor(pool, gateJob, gate);
      await waitForCell(gate);
      const queued = loop.runInExecutor(pool, (m: Int32Array) => Atomics.store(m, 0, 1), marker);
      expect(queued.cancel()).toBe(true);
      openGate(gate);
      expect(await blocker).toBe('released');
      expect(await loop.runInExecutor(pool, () => 'drained')).toBe('drained');
      expect(Atomics.load(marker, 0)).toBe(0);
      await sleep(0);
    },
    { realTime: true },
  );
});

test('Runner.close() (and run with keepRunning: false) shuts the default executor down, as asyncio does', async () => {
  const counting = new CountingExecutor();
  cleanups.push(() => counting.destroy());
  const runner = new Runner();
  runner.getLoop().setDefaultExecutor(counting);
  expect(await runner.run(() => toThread((x: number) => x * 2, 21))).toBe(42);
  expect(counting.submitted).toBe(1);
  expect(counting.closed).toBe(false);
  await runner.close();
  expect(counting.closed).toBe(true);
});
