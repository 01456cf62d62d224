/**
 * TaskGroup with `await using tg = new TaskGroup()`: the same guarantees as TaskGroup.run, within JavaScript's
 * disposal limits (the block's own error is not visible to the group).
 */
import { TaskGroup } from '../../src/concurrency/index';
import { CancelledError, currentTask, sleep, type Task } from '../../src/index';
import { useLoop } from '../../src/testing';
import { crashAfter, errorTypes } from './helpers';

const L = useLoop({ beforeEach, afterEach });
const run = <T>(fn: () => Promise<T>): Promise<T> => L.loop.runUntilComplete(fn);

describe('await using tg = new TaskGroup()', () => {
  it('waits for every child at the end of the block', async () => {
    const loop = L.loop;
    const r = await run(async () => {
      const ts: Task<number>[] = [];
      {
        await using tg = new TaskGroup();
        ts.push(
          tg.createTask(() => sleep(100, 1)),
          tg.createTask(() => sleep(200, 2)),
        );
      }
      return [ts.map((t) => t.result()), loop.time()];
    });
    expect(r).toEqual([[1, 2], 200]);
  });

  it('a child failure that interrupted the block: SuppressedError(ExceptionGroup, CancelledError)', async () => {
    const r = await run(async () => {
      let sibling: Task<unknown> | null = null;
      try {
        await using tg = new TaskGroup();
        tg.createTask(crashAfter(10));
        sibling = tg.createTask(() => sleep(1000));
        await sleep(500);
      } catch (e) {
        return { e, sibling: sibling as Task<unknown> | null, n: currentTask()?.cancelling() };
      }
      return null;
    });
    const e = r?.e as { error: unknown; suppressed: unknown };
    expect((e as unknown as Error).name).toBe('SuppressedError');
    expect(errorTypes(e.error)).toEqual(['RangeError']);
    expect(e.suppressed).toBeInstanceOf(CancelledError);
    expect(r?.sibling?.cancelled()).toBe(true);
    expect(r?.n).toBe(0);
  });

  it('a child failure after the block ended: the ExceptionGroup itself', async () => {
    const e = await run(async () => {
      try {
        await using tg = new TaskGroup();
        tg.createTask(crashAfter(10));
      } catch (err) {
        return err;
      }
      return null;
    });
    expect(errorTypes(e)).toEqual(['RangeError']);
  });

  it('an outside cancel of the parent is seen at disposal and cancels the children', async () => {
    const loop = L.loop;
    let child: Task<unknown> | null = null;
    const runner = loop.createTask(async () => {
      await using tg = new TaskGroup();
      child = tg.createTask(() => sleep(10_000));
      await sleep(10_000);
    });
    await loop.advance(10);
    runner.cancel();
    await loop.runUntilIdle();
    expect(runner.cancelled()).toBe(true);
    expect((child as Task<unknown> | null)?.cancelled()).toBe(true);
    expect(loop.time()).toBe(10);
  });

  it('an outside cancel while disposal waits cancels the children and propagates', async () => {
    const loop = L.loop;
    let child: Task<unknown> | null = null;
    const runner = loop.createTask(async () => {
      await using tg = new TaskGroup();
      child = tg.createTask(() => sleep(10_000));
    });
    await loop.advance(10);
    runner.cancel();
    await loop.runUntilIdle();
    expect(runner.cancelled()).toBe(true);
    expect((child as Task<unknown> | null)?.cancelled()).toBe(true);
  });

  it('disposal is idempotent', async () => {
    const r = await run(async () => {
      const tg = new TaskGroup();
      tg.createTask(() => sleep(5));
      await tg[Symbol.asyncDispose]();
      await tg[Symbol.asyncDispose]();
      return tg.toString();
    });
    expect(r).toBe('<TaskGroup finished>');
  });
});
