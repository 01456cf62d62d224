import {
  allTasks,
  CancelledError,
  currentTask,
  InvalidStateError,
  LoopArgumentError,
  NoRunningLoopError,
  SelfAwaitError,
  sleep,
  Task,
  VirtualTimeLoop,
} from '../../src';
import { recordExceptions } from '../../src/testing';

describe('Task basics', () => {
  it('runs fn on the next iteration, not synchronously, and takes its result', async () => {
    const loop = new VirtualTimeLoop();
    const ran = jest.fn(() => 'value');
    const t = loop.createTask(ran);
    expect(t).toBeInstanceOf(Task);
    expect(ran).not.toHaveBeenCalled();
    await loop.advance(0);
    expect(ran).toHaveBeenCalledTimes(1);
    expect(t.result()).toBe('value');
  });

  it('a synchronous throw or an async rejection becomes the task exception', async () => {
    const loop = new VirtualTimeLoop();
    const a = loop.createTask(() => {
      throw new Error('sync');
    });
    const b = loop.createTask(async () => {
      await sleep(1);
      throw new Error('async');
    });
    await loop.runUntilIdle();
    expect(() => a.result()).toThrow('sync');
    expect((b.exception() as Error).message).toBe('async');
  });

  it("toString names the task's function as asyncio's repr does (coro=<name()>), before and after it ran", async () => {
    const loop = new VirtualTimeLoop();
    async function fetchPage(): Promise<number> {
      await sleep(5);
      return 7;
    }
    const t = loop.createTask(fetchPage, { name: 'fetch' });
    expect(String(t)).toBe('<Task pending name="fetch" coro=<fetchPage()>>');
    await loop.advance(0);
    expect(String(t)).toBe('<Task pending name="fetch" coro=<fetchPage()>>');
    await loop.runUntilIdle();
    expect(String(t)).toBe('<Task finished name="fetch" coro=<fetchPage()> result=7>');
    const compute = () => 1;
    const c = loop.createTask(compute, { name: 'c' });
    c.cancel();
    await loop.runUntilIdle();
    expect(String(c)).toBe('<Task cancelled name="c" coro=<compute()>>');
  });

  it('names: Task-<n> by default, settable, validated', async () => {
    const loop = new VirtualTimeLoop();
    const t = loop.createTask(async () => {});
    expect(t.getName()).toMatch(/^Task-\d+$/);
    const named = loop.createTask(async () => {}, { name: 'worker' });
    expect(named.getName()).toBe('worker');
    named.setName('w2');
    expect(named.getName()).toBe('w2');
    expect(String(named)).toBe('<Task pending name="w2">');
    expect(() => named.setName(5 as never)).toThrow('Task.setName(name): expected a string, got 5');
    expect(() => loop.createTask(async () => {}, { name: 1 as never })).toThrow(LoopArgumentError);
    expect(() => loop.createTask('x' as never)).toThrow('createTask(fn): expected a function, got "x"');
    await loop.runUntilIdle();
  });

  it('setResult / setException are not supported on a Task', () => {
    const t = new VirtualTimeLoop().createTask(async () => 1);
    expect(() => t.setResult(2)).toThrow(InvalidStateError);
    expect(() => t.setException(new Error())).toThrow(/a Task's exception comes from its function/);
  });

  it('new Task(fn, { loop, name }) works like createTask', async () => {
    const loop = new VirtualTimeLoop();
    const t = new Task(async () => 3, { loop, name: 'direct' });
    await loop.advance(0);
    expect(t.result()).toBe(3);
    expect(t.getLoop()).toBe(loop);
  });
});

describe('currentTask / allTasks', () => {
  it('currentTask is the task across awaits of any kind, and null outside tasks', async () => {
    const loop = new VirtualTimeLoop();
    const seen: (string | undefined)[] = [];
    const record = (): void => {
      seen.push(currentTask(loop)?.getName());
    };
    const body = async (): Promise<void> => {
      record();
      await sleep(5);
      record();
      await new Promise((r) => setTimeout(r, 1));
      record();
      await Promise.resolve();
      record();
      loop.callSoon(record);
    };
    loop.createTask(body, { name: 'A' });
    loop.createTask(body, { name: 'B' });
    record();
    await loop.runUntilIdle();
    await new Promise((r) => setTimeout(r, 5));
    await loop.runUntilIdle();
    expect(seen[0]).toBeUndefined();
    expect(seen.filter((n) => n === 'A')).toHaveLength(4);
    expect(seen.filter((n) => n === 'B')).toHaveLength(4);
    expect(seen.filter((n) => n === undefined)).toHaveLength(3);
    expect(currentTask(loop)).toBeNull();
    expect(() => currentTask()).toThrow(NoRunningLoopError); // asyncio: RuntimeError without a running loop
  });

  it('currentTask(loop) only returns a task of that loop', async () => {
    const loop = new VirtualTimeLoop();
    const other = new VirtualTimeLoop();
    const t = loop.createTask(() => [currentTask(loop), currentTask(other)]);
    await loop.advance(0);
    expect(t.result()).toEqual([t, null]);
  });

  it('allTasks lists the pending tasks of a loop', async () => {
    const loop = new VirtualTimeLoop();
    const a = loop.createTask(() => sleep(10));
    const b = loop.createTask(() => sleep(20));
    expect(allTasks(loop)).toEqual(new Set([a, b]));
    await loop.advance(10);
    expect(allTasks(loop)).toEqual(new Set([b]));
    const inside = await loop.runUntilComplete(async () => allTasks().size);
    expect(inside).toBe(2); // b, still sleeping, and the main task itself
    await loop.runUntilIdle();
    expect(allTasks(loop).size).toBe(0);
  });
});

describe('cancellation', () => {
  it('throws CancelledError at the await of a sleep; the sleep is cancelled', async () => {
    const loop = new VirtualTimeLoop();
    let caught: unknown;
    const t = loop.createTask(async () => {
      try {
        await sleep(1000);
      } catch (e) {
        caught = e;
        throw e;
      }
    });
    await loop.advance(10);
    expect(t.cancel('enough')).toBe(true);
    await loop.advance(0);
    expect(caught).toBeInstanceOf(CancelledError);
    expect((caught as Error).message).toBe('enough');
    expect(t.cancelled()).toBe(true);
    expect(() => t.result()).toThrow('enough');
    await loop.runUntilIdle();
    expect(loop.time()).toBe(10); // the sleep's timer was cancelled too
  });

  it('cancels the loop Future being awaited', async () => {
    const loop = new VirtualTimeLoop();
    const f = loop.createFuture<number>();
    const t = loop.createTask(() => f.then((v) => v));
    const u = loop.createTask(async () => await f);
    await loop.advance(0);
    u.cancel();
    await loop.advance(0);
    expect(f.cancelled()).toBe(true);
    expect(u.cancelled()).toBe(true);
    await loop.runUntilIdle();
    expect(t.cancelled()).toBe(true);
  });

  it('the task may catch the CancelledError, clean up and go on', async () => {
    const loop = new VirtualTimeLoop();
    const t = loop.createTask(async () => {
      try {
        await sleep(100);
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        expect(currentTask()?.cancelling()).toBe(1);
        expect(currentTask()?.uncancel()).toBe(0);
      }
      await sleep(5);
      return 'survived';
    });
    await loop.advance(1);
    t.cancel();
    await loop.runUntilIdle();
    expect(t.result()).toBe('survived');
  });

  it('awaiting a plain Promise: signal aborts at once, CancelledError at the next loop awaitable', async () => {
    const loop = new VirtualTimeLoop();
    let release: () => void = () => {};
    const plain = new Promise<void>((r) => {
      release = r;
    });
    const steps: string[] = [];
    let reason: unknown;
    const t = loop.createTask(async (signal) => {
      signal.addEventListener('abort', () => {
        reason = signal.reason;
        steps.push('aborted');
      });
      await plain;
      steps.push('after plain');
      try {
        await sleep(1);
        steps.push('not reached');
      } catch (e) {
        steps.push(`caught ${(e as Error).name}`);
        throw e;
      }
    });
    await loop.advance(0);
    t.cancel('stop');
    expect(steps).toEqual(['aborted']);
    expect(reason).toBeInstanceOf(CancelledError);
    expect(t.signal.aborted).toBe(true);
    release();
    await loop.runUntilIdle();
    expect(steps).toEqual(['aborted', 'after plain', 'caught CancelledError']);
    expect(t.cancelled()).toBe(true);
  });

  it('a task that returns without another loop await after cancel() ends cancelled', async () => {
    const loop = new VirtualTimeLoop();
    let release: () => void = () => {};
    const t = loop.createTask(async () => {
      await new Promise<void>((r) => {
        release = r;
      });
      return 'ignored';
    });
    await loop.advance(0);
    t.cancel();
    release();
    await loop.runUntilIdle();
    expect(t.cancelled()).toBe(true);
  });

  it('cancel before the first step: fn never runs', async () => {
    const loop = new VirtualTimeLoop();
    const fn = jest.fn();
    const t = loop.createTask(fn);
    t.cancel();
    await loop.runUntilIdle();
    expect(fn).not.toHaveBeenCalled();
    expect(t.cancelled()).toBe(true);
    expect(t.cancel()).toBe(false);
  });

  it('cancelling() counts requests; uncancel() to zero drops a pending cancel and renews the signal', async () => {
    const loop = new VirtualTimeLoop();
    let release: () => void = () => {};
    const t = loop.createTask(async () => {
      await new Promise<void>((r) => {
        release = r;
      });
      await sleep(1);
      return 'done';
    });
    await loop.advance(0);
    t.cancel();
    t.cancel();
    expect(t.cancelling()).toBe(2);
    const aborted = t.signal;
    expect(aborted.aborted).toBe(true);
    expect(t.uncancel()).toBe(1);
    expect(t.uncancel()).toBe(0);
    expect(t.uncancel()).toBe(0);
    expect(t.signal.aborted).toBe(false);
    release();
    await loop.runUntilIdle();
    expect(t.result()).toBe('done');
  });

  it('cancelling an outer task cancels the inner task it awaits', async () => {
    const loop = new VirtualTimeLoop();
    const inner = loop.createTask(() => sleep(1000, 'inner'));
    const outer = loop.createTask(async () => await inner);
    await loop.advance(1);
    outer.cancel();
    await loop.runUntilIdle();
    expect(inner.cancelled()).toBe(true);
    expect(outer.cancelled()).toBe(true);
  });

  it('awaiting itself is a SelfAwaitError at the await', async () => {
    const loop = new VirtualTimeLoop();
    const t = loop.createTask(async () => {
      try {
        await (currentTask() as Task<unknown>);
      } catch (e) {
        return e;
      }
      return null;
    });
    await loop.runUntilIdle();
    expect(t.result()).toBeInstanceOf(SelfAwaitError);
    expect(String((t.result() as Error).message)).toMatch(/cannot await itself/);
  });

  it('a failed task nobody looked at is reported; a cancelled one never is', async () => {
    const loop = new VirtualTimeLoop();
    const seen = recordExceptions(loop);
    const failed = loop.createTask(async () => {
      throw new Error('unseen');
    });
    const cancelled = loop.createTask(() => sleep(100));
    await loop.advance(1);
    cancelled.cancel();
    await loop.runUntilIdle();
    loop.close();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ message: 'Task exception was never retrieved', task: failed });
  });
});
