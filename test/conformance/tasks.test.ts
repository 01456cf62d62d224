/**
 * Task behaviours beyond CPython's own cases (those are ported one by one in test/cpython/test_tasks.*.test.ts):
 * the first step, the signal argument, names, currentTask across plain-promise awaits, allTasks, catching a
 * self-await, unretrieved task exceptions on close, the task factory.
 */
import {
  allTasks,
  CancelledError,
  currentTask,
  EventLoop,
  getRunningLoop,
  sleep,
  type Task,
  type VirtualTimeLoop,
} from '../../src';
import { recordExceptions, useLoop } from '../../src/testing';
import { expectExportedError, syncErrorOf } from './helpers';

let loop: VirtualTimeLoop;
const fixture = useLoop({ beforeEach, afterEach });
beforeEach(() => {
  loop = fixture.loop;
});

describe('basics', () => {
  it('createTask calls fn on the next iteration, and the task ends with its return value', async () => {
    const calls: number[] = [];
    const t = loop.createTask(async () => {
      calls.push(1);
      await sleep(0);
      return 'ok';
    });
    expect(calls).toEqual([]);
    expect(t.done()).toBe(false);
    await loop.runUntilIdle();
    expect(calls).toEqual([1]);
    expect(t.done()).toBe(true);
    expect(t.result()).toBe('ok');
    expect(t.getLoop()).toBe(loop);
  });

  it('fn receives the task signal', async () => {
    let received: unknown;
    const t = loop.createTask(async (signal: AbortSignal) => {
      received = signal;
    });
    await loop.runUntilIdle();
    expect(received).toBe(t.signal);
    expect(t.signal).toBeInstanceOf(AbortSignal);
    expect(t.signal.aborted).toBe(false);
  });

  it('a task that throws ends with that exception (test_task_basics, exceptions)', async () => {
    const exc = new TypeError('bad');
    const t = loop.createTask(async () => {
      await sleep(1);
      throw exc;
    });
    await loop.runUntilIdle();
    expect(t.done()).toBe(true);
    expect(t.cancelled()).toBe(false);
    expect(t.exception()).toBe(exc);
  });

  it('a task awaiting another task gets its result (outer/inner)', async () => {
    const inner = loop.createTask(async () => {
      await sleep(10);
      return 42;
    });
    const outer = loop.createTask(async () => (await inner) + 1000);
    await loop.runUntilIdle();
    expect(outer.result()).toBe(1042);
  });

  it('names: explicit, default Task-<n>, setName', async () => {
    const a = loop.createTask(async () => 1, { name: 'foo' });
    const b = loop.createTask(async () => 1);
    expect(a.getName()).toBe('foo');
    expect(b.getName()).toMatch(/^Task-\d+$/);
    b.setName('bar');
    expect(b.getName()).toBe('bar');
    const c = loop.createTask(async () => 1);
    const nb = Number(/^Task-(\d+)$/.exec(c.getName())?.[1]);
    expect(Number.isInteger(nb)).toBe(true);
    await loop.runUntilIdle();
  });
});

describe('currentTask and allTasks', () => {
  it('currentTask() is the task inside it, across loop awaits and plain-promise awaits', async () => {
    const real = new EventLoop();
    const seen: unknown[] = [];
    const t = real.createTask(async () => {
      seen.push(currentTask());
      await sleep(1);
      seen.push(currentTask());
      await Promise.resolve();
      seen.push(currentTask());
      await new Promise((r) => setImmediate(r));
      seen.push(currentTask());
      await sleep(0);
      seen.push(currentTask());
    });
    await real.runUntilComplete(t);
    real.close();
    expect(seen).toEqual([t, t, t, t, t]);
  });

  it('outside any task (in a plain callback) currentTask() is empty', async () => {
    let inCallback: unknown = 'unset';
    loop.callSoon(() => {
      inCallback = currentTask();
    });
    await loop.runUntilIdle();
    expect(inCallback == null).toBe(true);
  });

  it('allTasks() holds the pending tasks of the loop and not the done ones', async () => {
    const done = loop.createTask(async () => 1);
    await loop.runUntilIdle();
    const pending = loop.createTask(async () => {
      await sleep(100);
    });
    let snapshot: unknown[] = [];
    const probe = loop.createTask(async () => {
      snapshot = Array.from(allTasks() as Iterable<unknown>);
    });
    await loop.runUntilIdle();
    expect(snapshot).toContain(pending);
    expect(snapshot).toContain(probe);
    expect(snapshot).not.toContain(done);
    await loop.runUntilIdle();
  });

  it('getRunningLoop() inside a task of a VirtualTimeLoop is that loop', async () => {
    let seen: unknown;
    loop.createTask(async () => {
      seen = getRunningLoop();
    });
    await loop.runUntilIdle();
    expect(seen).toBe(loop);
  });
});

describe('awaiting a task inside itself', () => {
  it('throws a clear exported error at that await; the task can catch it and finish', async () => {
    let caught: unknown;
    const t = loop.createTask(async () => {
      try {
        await (currentTask() as Task<string>);
      } catch (e) {
        caught = e;
      }
      return 'survived';
    });
    await loop.runUntilIdle();
    expect(t.done()).toBe(true);
    expect(t.result()).toBe('survived');
    expectExportedError(caught);
    expect(caught).not.toBeInstanceOf(CancelledError);
    expect((caught as Error).message).toMatch(/itself/i);
  });
});

describe('task exceptions and the exception handler', () => {
  it('a failed task nobody looked at is reported on close as "exception was never retrieved"', async () => {
    const log = recordExceptions(loop);
    const exc = new Error('lost');
    const t = loop.createTask(async () => {
      throw exc;
    });
    await loop.runUntilIdle();
    expect(log).toEqual([]);
    loop.close();
    expect(log).toHaveLength(1);
    const ctx = log[0] as Record<string, unknown>;
    expect(String(ctx.message)).toMatch(/exception was never retrieved/);
    expect(ctx.exception).toBe(exc);
    expect(ctx.future === t || ctx.task === t).toBe(true);
  });

  it('a cancelled task is never reported as an error', async () => {
    const log = recordExceptions(loop);
    const t = loop.createTask(async () => {
      await sleep(100);
    });
    loop.callLater(1, () => t.cancel());
    await loop.runUntilIdle();
    loop.close();
    expect(t.cancelled()).toBe(true);
    expect(log).toEqual([]);
  });

  it('a failed task whose exception was awaited by another task is not reported', async () => {
    const log = recordExceptions(loop);
    const inner = loop.createTask(async () => {
      await sleep(1);
      throw new Error('handled');
    });
    loop.createTask(async () => {
      try {
        await inner;
      } catch {
        /* handled */
      }
    });
    await loop.runUntilIdle();
    loop.close();
    expect(log).toEqual([]);
  });
});

describe('task factory (test_set_task_factory)', () => {
  it('getTaskFactory() is null by default; createTask goes through a set factory; null restores', async () => {
    expect(loop.getTaskFactory()).toBeNull();
    const seen: unknown[][] = [];
    const made: unknown[] = [];
    const factory = (...args: unknown[]) => {
      seen.push(args);
      loop.setTaskFactory(null);
      try {
        const fn = args.find((a) => typeof a === 'function') as () => Promise<unknown>;
        const t = loop.createTask(fn);
        made.push(t);
        return t;
      } finally {
        loop.setTaskFactory(factory as never);
      }
    };
    loop.setTaskFactory(factory as never);
    expect(loop.getTaskFactory()).toBe(factory);
    const t = loop.createTask(async () => 'via factory');
    expect(made).toEqual([t]);
    expect(seen[0]).toContain(loop);
    loop.setTaskFactory(null);
    expect(loop.getTaskFactory()).toBeNull();
    const u = loop.createTask(async () => 'direct');
    expect(made).toEqual([t]);
    await loop.runUntilIdle();
    expect(t.result()).toBe('via factory');
    expect(u.result()).toBe('direct');
  });

  it('setTaskFactory(non-function) is a TypeError and leaves the factory unchanged', () => {
    const err = syncErrorOf(() => loop.setTaskFactory(1 as never));
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toMatch(/setTaskFactory/);
    expect(loop.getTaskFactory()).toBeNull();
  });
});
