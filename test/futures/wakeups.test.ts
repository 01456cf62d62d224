/**
 * The wake-up model: a task woken by a loop Future resumes in the loop's ready-queue order (asyncio's
 * `call_soon`), runs until it suspends before the next ready callback, and never runs while its loop is stopped;
 * `task.cancel()` targets exactly what the task's current `await` waits on.
 */
import {
  CancelledError,
  currentTask,
  EventLoop,
  type Future,
  getEventLoop,
  InvalidStateError,
  Lock,
  NoCurrentLoopError,
  NoRunningLoopError,
  newEventLoop,
  setEventLoop,
  sleep,
  VirtualTimeLoop,
  WrongLoopError,
} from '../../src';
import { recordExceptions } from '../../src/testing';
import { hangGuardMs, raceHangGuard } from '../helpers/hangGuard';

describe('wake-up order', () => {
  it('a woken task resumes behind the callbacks already queued, then runs until it suspends', async () => {
    const loop = new VirtualTimeLoop();
    const fut = loop.createFuture<void>();
    const seen: string[] = [];
    loop.createTask(async () => {
      await fut;
      seen.push('task resumed');
      await Promise.resolve(); // a microtask, not a suspension point
      seen.push('task still running');
      await sleep(0);
      seen.push('task after sleep(0)');
    });
    await loop.advance(0);
    loop.callSoon(() => {
      fut.setResult();
      seen.push('setter');
    });
    loop.callSoon(() => seen.push('queued before the wake-up'));
    await loop.advance(0);
    expect(seen).toEqual([
      'setter',
      'queued before the wake-up',
      'task resumed',
      'task still running',
      'task after sleep(0)',
    ]);
  });

  it('two tasks woken by one Future run one after the other, each to its next suspension', async () => {
    const loop = new VirtualTimeLoop();
    const fut = loop.createFuture<void>();
    const seen: string[] = [];
    for (const name of ['a', 'b']) {
      loop.createTask(async () => {
        await fut;
        seen.push(`${name}1`);
        await null;
        seen.push(`${name}2`);
        await sleep(0);
        seen.push(`${name}3`);
      });
    }
    await loop.advance(0);
    fut.setResult();
    await loop.advance(0);
    expect(seen).toEqual(['a1', 'a2', 'b1', 'b2', 'a3', 'b3']);
  });

  it('a Future completed while the loop is stopped wakes its task only when the loop runs again', async () => {
    const loop = new EventLoop();
    const fut = loop.createFuture<number>();
    let got: number | undefined;
    const t = loop.createTask(async () => {
      got = await fut;
    });
    await loop.runUntilComplete(() => sleep(0));
    fut.setResult(7);
    await new Promise((r) => setImmediate(r));
    expect(got).toBeUndefined();
    expect(t.done()).toBe(false);
    await loop.runUntilComplete(t);
    expect(got).toBe(7);
    loop.close();
  });

  it('a task woken in the last iteration does not run until the loop runs again (test_cancel_yield)', async () => {
    const loop = new EventLoop();
    const runningWhenResumed: boolean[] = [];
    const t = loop.createTask(async () => {
      await sleep(0);
      runningWhenResumed.push(loop.isRunning());
      await sleep(0);
      runningWhenResumed.push(loop.isRunning());
      return 12;
    });
    await loop.runUntilComplete(async () => {}); // CPython's run_briefly: the task is between its sleeps
    await new Promise((r) => setImmediate(r));
    expect(runningWhenResumed).toEqual([true]);
    expect(t.cancel()).toBe(true);
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
    expect(t.cancelled()).toBe(true);
    expect(t.cancel()).toBe(false);
    expect(runningWhenResumed).toEqual([true]);
    loop.close();
  });

  it('a woken task that waits on a plain Promise (not a loop awaitable) lets the next woken task run', async () => {
    // The loop goes on after a wake-up when the task waits on a loop Future again; a task waiting on something
    // else must not hold the batch: the batch goes on once every microtask has finished.
    const loop = new EventLoop();
    const fut = loop.createFuture<void>();
    const seen: string[] = [];
    const tasks = ['a', 'b', 'c'].map((name) =>
      loop.createTask(async () => {
        await fut;
        seen.push(`${name}1`);
        await new Promise((resolve) => setImmediate(resolve)); // settled by Node, after this iteration
        seen.push(`${name}2`);
      }),
    );
    const run = loop.runUntilComplete(async () => {
      await sleep(0);
      fut.setResult();
      await Promise.all(tasks);
    });
    await raceHangGuard(
      run,
      hangGuardMs(5000),
      () => `hang guard: the loop never went on after a woken task awaited a plain Promise (${seen})`,
    );
    loop.close();
    expect(seen.slice(0, 3)).toEqual(['a1', 'b1', 'c1']);
    expect(seen.slice(3).sort()).toEqual(['a2', 'b2', 'c2']);
  });

  it("callbacks that follow woken tasks in an iteration run in the iteration's async context, not a task's", async () => {
    // Tasks woken one after another may take turns inside one microtask checkpoint; a callback of the program
    // that comes next still runs where the iteration runs (here: the AsyncLocalStorage store around advance()).
    const { AsyncLocalStorage } = await import('node:async_hooks');
    const als = new AsyncLocalStorage<string>();
    const loop = new VirtualTimeLoop();
    const fut = loop.createFuture<void>();
    const seen: string[] = [];
    for (const name of ['a', 'b']) {
      loop.createTask(() =>
        als.run(`task ${name}`, async () => {
          await fut;
          seen.push(`${name} in ${als.getStore()}`);
          await sleep(0);
        }),
      );
    }
    await als.run('loop', () => loop.advance(0));
    fut.setResult(); // queues both wake-ups…
    loop.callSoon(() => seen.push(`callback in ${als.getStore()}`)); // …and a callback behind them
    await als.run('loop', () => loop.advance(0));
    expect(seen).toEqual(['a in task a', 'b in task b', 'callback in loop']);
    await loop.runUntilIdle();
  });

  it('Lock: a woken waiter keeps its claim; a task arriving meanwhile queues behind it', async () => {
    const loop = new VirtualTimeLoop();
    const lock = new Lock();
    const holders: string[] = [];
    const fut = loop.createFuture<void>();
    await loop.runUntilComplete(async () => {
      await lock.acquire(); // main holds it
      const b = loop.createTask(async () => {
        await lock.acquire();
        holders.push('B');
        await sleep(0);
        lock.release();
      });
      const c = loop.createTask(async () => {
        await fut;
        await null;
        await lock.acquire();
        holders.push('C');
        lock.release();
      });
      await sleep(0);
      fut.setResult();
      lock.release();
      await Promise.all([b, c]);
    });
    expect(holders).toEqual(['B', 'C']);
  });
});

describe('what task.cancel() cancels', () => {
  it('after Promise.race of two sleeps, the losing sleep does not take a later cancellation', async () => {
    const loop = new VirtualTimeLoop();
    let slow: Future<void> | undefined;
    let release: () => void = () => {};
    const t = loop.createTask(async () => {
      slow = sleep(10_000);
      await Promise.race([sleep(10), slow]);
      await new Promise<void>((r) => {
        release = r;
      });
      await sleep(10);
      return 'finished';
    });
    await loop.advance(20);
    expect(t.cancel()).toBe(true);
    expect(slow?.cancelled()).toBe(false);
    release();
    await loop.runUntilIdle();
    expect(t.cancelled()).toBe(true);
  });

  it("a fire-and-forget then() on a shared Future is not the task's await", async () => {
    const loop = new VirtualTimeLoop();
    const shared = loop.createFuture<string>();
    let release: () => void = () => {};
    const log: string[] = [];
    const a = loop.createTask(async () => {
      shared.then((v) => log.push(`A saw ${v}`));
      await new Promise<void>((r) => {
        release = r;
      });
      await sleep(1);
    });
    const b = loop.createTask(async () => `B got ${await shared}`);
    await loop.advance(0);
    a.cancel();
    expect(shared.cancelled()).toBe(false);
    shared.setResult('x');
    release();
    await loop.runUntilIdle();
    expect(b.result()).toBe('B got x');
    expect(a.cancelled()).toBe(true);
    expect(log).toEqual(['A saw x']);
  });

  it("a setTimeout callback scheduled by a task calling then() does not steal the task's cancellation", async () => {
    const loop = new VirtualTimeLoop();
    const other = loop.createFuture<void>();
    let release: () => void = () => {};
    let timerRan: () => void = () => {};
    const timerDone = new Promise<void>((r) => {
      timerRan = r;
    });
    const t = loop.createTask(async () => {
      // Node carries the task's async context into the timer's callback.
      setTimeout(() => {
        other.then(() => {});
        timerRan();
      }, 5);
      await new Promise<void>((r) => {
        release = r;
      });
      await sleep(1);
    });
    await loop.advance(0);
    t.cancel();
    await timerDone;
    expect(other.cancelled()).toBe(false);
    release();
    await loop.runUntilIdle();
    expect(t.cancelled()).toBe(true);
  });

  it('a task awaiting a Future of another loop gets WrongLoopError instead of hanging', async () => {
    const loop = new VirtualTimeLoop();
    const other = new EventLoop().createFuture<void>();
    await expect(
      loop.runUntilComplete(async () => {
        await other;
      }),
    ).rejects.toThrow(WrongLoopError);
  });
});

describe('loop context', () => {
  afterEach(() => setEventLoop(newEventLoop()));

  it('getEventLoop() after setEventLoop(null) throws NoCurrentLoopError', () => {
    setEventLoop(null);
    expect(() => getEventLoop()).toThrow(NoCurrentLoopError);
  });

  it('currentTask() with no running loop throws NoRunningLoopError; with a loop it answers null', () => {
    expect(() => currentTask()).toThrow(NoRunningLoopError);
    expect(currentTask(new EventLoop())).toBeNull();
  });

  it('a task made done by force reports its own later result through the exception handler', async () => {
    const loop = new VirtualTimeLoop();
    const log = recordExceptions(loop);
    const t = loop.createTask(async () => {
      await sleep(100);
      return 10;
    });
    // biome-ignore lint/suspicious/noExplicitAny: forcing the base class method on purpose
    (Object.getPrototypeOf(Object.getPrototypeOf(t)) as any).setResult.call(t, 'spam');
    expect(await loop.runUntilComplete(t)).toBe('spam');
    await loop.runUntilIdle();
    expect(log).toHaveLength(1);
    const exc = log[0]?.exception;
    expect(exc).toBeInstanceOf(InvalidStateError);
    expect((exc as Error).message).toMatch(/step\(\): already done/);
  });
});
