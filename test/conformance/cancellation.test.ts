/**
 * Task cancellation beyond CPython's own cases (those are ported one by one in test/cpython/test_tasks.cancel and
 * test_tasks.cancelling): the CancelledError thrown at the await point, messages through awaited tasks,
 * cancelling()/uncancel() counts, the AbortSignal, and a task awaiting a plain Promise.
 */
import { CancelledError, EventLoop, sleep, type VirtualTimeLoop } from '../../src';
import { useLoop } from '../../src/testing';
import { syncErrorOf } from './helpers';

let loop: VirtualTimeLoop;
const fixture = useLoop({ beforeEach, afterEach });
beforeEach(() => {
  loop = fixture.loop;
});

describe('cancel', () => {
  it('a task cancelled before it started never runs its body', async () => {
    let ran = false;
    const t = loop.createTask(async () => {
      ran = true;
    });
    expect(t.cancel()).toBe(true);
    await loop.runUntilIdle();
    expect(ran).toBe(false);
    expect(t.cancelled()).toBe(true);
  });

  it('cancel(msg) of an outer task reaches the awaited inner task and comes back out with the message', async () => {
    const inner = loop.createTask(async () => {
      await sleep(100);
    });
    const outer = loop.createTask(async () => {
      await inner;
    });
    loop.callLater(1, () => outer.cancel('from outside'));
    await loop.runUntilIdle();
    expect(inner.cancelled()).toBe(true);
    expect(outer.cancelled()).toBe(true);
    const innerErr = syncErrorOf(() => inner.result());
    const outerErr = syncErrorOf(() => outer.result());
    expect((innerErr as Error).message).toContain('from outside');
    expect((outerErr as Error).message).toContain('from outside');
  });

  it('the CancelledError is thrown at the await point: finally blocks run and see the error', async () => {
    const trace: string[] = [];
    const t = loop.createTask(async () => {
      try {
        trace.push('before');
        await sleep(50);
        trace.push('after');
      } catch (e) {
        trace.push(e instanceof CancelledError ? 'caught CancelledError' : 'caught other');
        throw e;
      } finally {
        trace.push('finally');
      }
    });
    loop.callLater(10, () => t.cancel());
    await loop.runUntilIdle();
    expect(trace).toEqual(['before', 'caught CancelledError', 'finally']);
    expect(t.cancelled()).toBe(true);
  });

  it('the cleanup can await loop awaitables after catching the cancellation, then re-throw', async () => {
    const trace: string[] = [];
    const t = loop.createTask(async () => {
      try {
        await sleep(50);
      } catch (e) {
        await sleep(5);
        trace.push(`cleaned up at ${loop.time()}`);
        throw e;
      }
    });
    const t0 = loop.time();
    loop.callLater(10, () => t.cancel());
    await loop.runUntilIdle();
    expect(trace).toEqual([`cleaned up at ${t0 + 15}`]);
    expect(t.cancelled()).toBe(true);
  });

  it('cancel(msg): the error inside the task and the one from result() carry the message', async () => {
    let inside: unknown;
    const t = loop.createTask(async () => {
      try {
        await sleep(100);
      } catch (e) {
        inside = e;
        throw e;
      }
    });
    loop.callLater(1, () => t.cancel('my message'));
    await loop.runUntilIdle();
    expect(t.cancelled()).toBe(true);
    expect(inside).toBeInstanceOf(CancelledError);
    expect((inside as Error).message).toContain('my message');
    const fromResult = syncErrorOf(() => t.result());
    expect(fromResult).toBeInstanceOf(CancelledError);
    expect((fromResult as Error).message).toContain('my message');
  });

  it('awaiting a cancelled task from another task throws CancelledError there', async () => {
    const inner = loop.createTask(async () => {
      await sleep(100);
    });
    let seen: unknown;
    const outer = loop.createTask(async () => {
      try {
        await inner;
      } catch (e) {
        seen = e;
      }
      return 'outer done';
    });
    loop.callLater(1, () => inner.cancel());
    await loop.runUntilIdle();
    expect(seen).toBeInstanceOf(CancelledError);
    expect(outer.result()).toBe('outer done');
  });

  it('cancelling a task cancels the task it awaits (the awaited task is its waiter)', async () => {
    const inner = loop.createTask(async () => {
      await sleep(100);
      return 1;
    });
    const outer = loop.createTask(async () => await inner);
    loop.callLater(1, () => outer.cancel());
    await loop.runUntilIdle();
    expect(inner.cancelled()).toBe(true);
    expect(outer.cancelled()).toBe(true);
  });
});

describe('cancelling() and uncancel()', () => {
  it('cancelling() counts cancel requests of a pending task', async () => {
    const t = loop.createTask(async () => {
      await sleep(100);
    });
    const seen: unknown[] = [];
    loop.callLater(1, () => {
      seen.push(t.cancelling(), t.cancel(), t.cancelling(), t.cancel(), t.cancelling());
    });
    await loop.runUntilIdle();
    expect(seen).toEqual([0, true, 1, true, 2]);
    expect(t.cancelled()).toBe(true);
    expect(t.cancel()).toBe(false);
    expect(t.cancelling()).toBe(2);
  });

  it('uncancel() decrements and returns the count, never below 0', async () => {
    const t = loop.createTask(async () => {
      await sleep(100);
    });
    const seen: number[] = [];
    loop.callLater(1, () => {
      t.cancel();
      t.cancel();
      seen.push(t.uncancel(), t.uncancel(), t.uncancel(), t.cancelling());
    });
    await loop.runUntilIdle();
    expect(seen).toEqual([1, 0, 0, 0]);
    expect(t.done()).toBe(true);
  });

  it('uncancel() down to 0 drops a cancellation not delivered yet (the task awaits a plain Promise)', async () => {
    const real = new EventLoop();
    let release!: () => void;
    const plain = new Promise<void>((r) => {
      release = r;
    });
    const outcome = await real.runUntilComplete(async () => {
      const t = real.createTask(async () => {
        await plain;
        await sleep(0);
        return 'not cancelled';
      });
      await sleep(0);
      await sleep(0);
      t.cancel();
      const left = t.uncancel();
      release();
      try {
        return { left, result: await t };
      } catch (e) {
        return { left, result: e };
      }
    });
    real.close();
    expect(outcome).toEqual({ left: 0, result: 'not cancelled' });
  });

  it('a swallowed cancellation without uncancel() still counts as cancelling', async () => {
    const t = loop.createTask(async () => {
      try {
        await sleep(100);
      } catch {
        /* swallowed */
      }
      return 'swallowed';
    });
    loop.callLater(1, () => t.cancel());
    await loop.runUntilIdle();
    expect(t.result()).toBe('swallowed');
    expect(t.cancelling()).toBe(1);
  });
});

describe('AbortSignal and plain promises', () => {
  it('the signal aborts on cancel, with the CancelledError as reason', async () => {
    const t = loop.createTask(async () => {
      await sleep(100);
    });
    const events: unknown[] = [];
    t.signal.addEventListener('abort', () => events.push(t.signal.reason));
    loop.callLater(1, () => t.cancel('stop it'));
    await loop.runUntilIdle();
    expect(t.signal.aborted).toBe(true);
    expect(t.signal.reason).toBeInstanceOf(CancelledError);
    expect((t.signal.reason as Error).message).toContain('stop it');
    expect(events).toHaveLength(1);
  });

  it('the signal of a task that finishes normally never aborts', async () => {
    const t = loop.createTask(async () => {
      await sleep(1);
      return 1;
    });
    await loop.runUntilIdle();
    expect(t.signal.aborted).toBe(false);
  });

  it('awaiting a plain Promise: the signal aborts at once; CancelledError comes at the next loop awaitable', async () => {
    // A real loop that runs the whole time, so the task's continuation after the plain Promise is inside it.
    const real = new EventLoop();
    let release!: (v: string) => void;
    const plain = new Promise<string>((r) => {
      release = r;
    });
    const trace: unknown[] = [];
    const checks = await real.runUntilComplete(async () => {
      const t = real.createTask(async () => {
        trace.push(await plain);
        try {
          await sleep(0);
          trace.push('sleep(0) returned');
        } catch (e) {
          trace.push(e instanceof CancelledError ? 'CancelledError at sleep' : e);
          throw e;
        }
      });
      await sleep(0);
      await sleep(0);
      const accepted = t.cancel();
      const abortedAtOnce = t.signal.aborted;
      const reason = t.signal.reason;
      const doneAtOnce = t.done();
      release('plain value');
      let awaited: unknown;
      try {
        await t;
      } catch (e) {
        awaited = e;
      }
      return { accepted, abortedAtOnce, reason, doneAtOnce, awaited, cancelled: t.cancelled() };
    });
    real.close();
    expect(checks.accepted).toBe(true);
    expect(checks.abortedAtOnce).toBe(true);
    expect(checks.reason).toBeInstanceOf(CancelledError);
    expect(checks.doneAtOnce).toBe(false);
    expect(trace).toEqual(['plain value', 'CancelledError at sleep']);
    expect(checks.awaited).toBeInstanceOf(CancelledError);
    expect(checks.cancelled).toBe(true);
  });
});
