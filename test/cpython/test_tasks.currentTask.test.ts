/**
 * CPython's Lib/test/test_asyncio/test_tasks.py: current_task() in BaseTaskTests and BaseCurrentLoopTests.
 */
import {
  currentTask,
  NoRunningLoopError,
  newEventLoop,
  type Task,
  type VirtualTimeLoop,
  wait,
} from '../../src';
import { useTestLoop } from './taskHelpers';

let loop: VirtualTimeLoop;
useTestLoop((l) => {
  loop = l;
});

/** Run a task on `l` that records what currentTask() returns inside it with each of `calls`. */
async function seenInside(
  l: { createTask<T>(fn: () => Promise<T>): Task<T>; runUntilComplete<T>(t: PromiseLike<T>): Promise<T> },
  calls: (() => unknown)[],
): Promise<{ task: Task<unknown[]>; seen: unknown[] }> {
  const task = l.createTask(async () => calls.map((call) => call()));
  const seen = await l.runUntilComplete(task);
  return { task, seen };
}

describe('test_tasks.BaseTaskTests: current_task()', () => {
  test('test_tasks.BaseTaskTests.test_current_task', async () => {
    expect(currentTask(loop)).toBeNull();
    const { task, seen } = await seenInside(loop, [() => currentTask(), () => currentTask(undefined)]);
    expect(seen).toEqual([task, task]);
    expect(currentTask(loop)).toBeNull();
  });

  test('test_tasks.BaseTaskTests.test_current_task_with_interleaving_tasks', async () => {
    expect(currentTask(loop)).toBeNull();
    const fut1 = loop.createFuture<boolean>();
    const fut2 = loop.createFuture<boolean>();
    const seen: [string, unknown][] = [];
    const task1 = loop.createTask(async () => {
      seen.push(['1 start', currentTask()]);
      await fut1;
      seen.push(['1 after', currentTask()]);
      fut2.setResult(true);
    });
    const task2 = loop.createTask(async () => {
      seen.push(['2 start', currentTask()]);
      fut1.setResult(true);
      await fut2;
      seen.push(['2 after', currentTask()]);
    });
    await loop.runUntilComplete(() => wait([task1, task2]));
    expect(seen).toEqual([
      ['1 start', task1],
      ['2 start', task2],
      ['1 after', task1],
      ['2 after', task2],
    ]);
    expect(currentTask(loop)).toBeNull();
  });
});

describe('test_tasks.BaseCurrentLoopTests', () => {
  // CPython's setUp: a new (real) event loop, and no current loop.
  const real = newEventLoop();
  afterAll(() => real.close());

  test('test_tasks.BaseCurrentLoopTests.test_current_task_no_running_loop', () => {
    expect(currentTask(real)).toBeNull();
  });

  test('test_tasks.BaseCurrentLoopTests.test_current_task_no_running_loop_implicit', () => {
    expect(() => currentTask()).toThrow(NoRunningLoopError);
  });

  test('test_tasks.BaseCurrentLoopTests.test_current_task_with_implicit_loop', async () => {
    const { task, seen } = await seenInside(real, [
      () => currentTask(real),
      () => currentTask(undefined),
      () => currentTask(),
    ]);
    expect(seen).toEqual([task, task, task]);
    expect(currentTask(real)).toBeNull();
  });
});
