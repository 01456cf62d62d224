/**
 * Barrier behaviours ported from CPython's Lib/test/test_asyncio/test_locks.py (BarrierTests), on a
 * VirtualTimeLoop.
 */
import { sleep, type Task } from '../../src';
import { Barrier, BrokenBarrierError, SyncRangeError } from '../../src/sync';
import { outcome, runTask, useLoop } from '../../src/testing';

const ctx = useLoop({ beforeEach, afterEach });

function spawn<T>(n: number, fn: (i: number) => Promise<T>): Task<T>[] {
  return Array.from({ length: n }, (_, i) => ctx.loop.createTask(() => fn(i)));
}

describe('Barrier', () => {
  it('checks parties (test_barrier_parties)', () => {
    expect(() => new Barrier(0)).toThrow('Barrier(parties): expected an integer ≥ 1, got 0');
    expect(() => new Barrier(-1)).toThrow(SyncRangeError);
    expect(() => new Barrier(2.5)).toThrow(SyncRangeError);
    const b = new Barrier(5);
    expect([b.parties, b.nWaiting, b.broken, b.state]).toEqual([5, 0, false, 'filling']);
  });

  it('lets parties through together, with distinct indices (test_barrier, test_filling_tasks_wait)', async () => {
    const b = new Barrier(3);
    const passed: number[] = [];
    const tasks = spawn(2, async (i) => {
      const idx = await b.wait();
      passed.push(i);
      return idx;
    });
    await ctx.loop.runUntilIdle();
    expect(passed).toEqual([]);
    expect(b.nWaiting).toBe(2);
    expect(String(b)).toBe('<Barrier filling waiters=2/3>');
    const last = ctx.loop.createTask(() => b.wait());
    await ctx.loop.runUntilIdle();
    expect(passed.sort()).toEqual([0, 1]);
    expect([...tasks.map((t) => t.result()), last.result()].sort()).toEqual([0, 1, 2]);
    expect([b.nWaiting, b.state, b.broken]).toEqual([0, 'filling', false]);
  });

  it('a one-party barrier never blocks (test_filling_one_task)', async () => {
    const b = new Barrier(1);
    const { task } = await runTask(ctx.loop, async () => [await b.wait(), await b.wait()]);
    expect(task.result()).toEqual([0, 0]);
  });

  it('is reusable for several rounds (test_wait_more_times)', async () => {
    const b = new Barrier(3);
    const log: string[] = [];
    spawn(3, async (i) => {
      for (let round = 0; round < 3; round++) {
        await sleep(i * 10);
        await b.wait();
        log.push(`r${round}`);
      }
    });
    await ctx.loop.runUntilIdle();
    expect(log).toEqual(['r0', 'r0', 'r0', 'r1', 'r1', 'r1', 'r2', 'r2', 'r2']);
    expect(b.state).toBe('filling');
  });

  it('tasks arriving while a round drains wait for the next round (test_blocking_tasks_while_draining)', async () => {
    const b = new Barrier(2);
    const order: string[] = [];
    spawn(2, async (i) => {
      await b.wait();
      order.push(`first${i}`);
    });
    // These arrive in the same iteration in which the first round is released.
    ctx.loop.callSoon(() => {
      spawn(2, async (i) => {
        await b.wait();
        order.push(`second${i}`);
      });
    });
    await ctx.loop.runUntilIdle();
    expect(order.slice(0, 2).sort()).toEqual(['first0', 'first1']);
    expect(order.slice(2).sort()).toEqual(['second0', 'second1']);
  });

  it('a task cancelled while waiting leaves the barrier (test_cancel_filling)', async () => {
    const b = new Barrier(2);
    const [t] = spawn(1, () => b.wait());
    await ctx.loop.runUntilIdle();
    expect(b.nWaiting).toBe(1);
    t?.cancel();
    await ctx.loop.runUntilIdle();
    expect(t?.cancelled()).toBe(true);
    expect(b.nWaiting).toBe(0);
    const ok = spawn(2, () => b.wait());
    await ctx.loop.runUntilIdle();
    expect(ok.map((x) => x.result()).sort()).toEqual([0, 1]);
  });

  it('reset breaks the current waiters and refills (test_reset_barrier_while_tasks_waiting)', async () => {
    const b = new Barrier(3);
    const waiting = spawn(2, () => b.wait());
    await ctx.loop.runUntilIdle();
    await runTask(ctx.loop, () => b.reset());
    expect(waiting.map((t) => (outcome(t) as { err: unknown }).err instanceof BrokenBarrierError)).toEqual([
      true,
      true,
    ]);
    expect([b.state, b.nWaiting, b.broken]).toEqual(['filling', 0, false]);
    const again = spawn(3, () => b.wait());
    await ctx.loop.runUntilIdle();
    expect(again.map((t) => t.result()).sort()).toEqual([0, 1, 2]);
  });

  it('reset on an empty barrier keeps it filling (test_reset_barrier)', async () => {
    const b = new Barrier(1);
    await runTask(ctx.loop, () => b.reset());
    expect([b.state, b.broken]).toEqual(['filling', false]);
  });

  it('abort breaks waiters and later waits until reset (test_abort_barrier, test_abort_and_reset_barrier)', async () => {
    const b = new Barrier(3);
    const waiting = spawn(2, () => b.wait());
    await ctx.loop.runUntilIdle();
    await runTask(ctx.loop, () => b.abort());
    expect(b.broken).toBe(true);
    for (const t of waiting) expect(t.exception()).toBeInstanceOf(BrokenBarrierError);
    const late = await runTask(ctx.loop, () => b.wait());
    expect((late.task.exception() as Error).message).toBe('Barrier.wait(): the barrier is broken');
    await runTask(ctx.loop, () => b.reset());
    expect(b.broken).toBe(false);
    const fresh = spawn(3, () => b.wait());
    await ctx.loop.runUntilIdle();
    expect(fresh.map((t) => t.result()).sort()).toEqual([0, 1, 2]);
  });
});
