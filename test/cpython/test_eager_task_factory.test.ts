/**
 * CPython's test_eager_task_factory.py: tasks started eagerly by the loop's task factory (asyncio's
 * `eager_task_factory`, here `eagerTaskFactory`). CPython runs each class against the C and the pure-Python
 * Task; JavaScript has one Task, so each class is ported once (see SKIPPED.md).
 *
 * Where a case checks a task right after `create_task`, it runs twice: with a synchronous task function (the
 * JavaScript form of a coroutine that never suspends: done when `createTask` returns, as in asyncio) and with an
 * `async` one, whose result reaches the task one microtask later, still without a loop iteration (README,
 * "Differences from asyncio").
 */
import {
  allTasks,
  CancelledError,
  currentTask,
  eagerTaskFactory,
  type Future,
  gather,
  sleep,
  Task,
  type TaskFactory,
  TaskGroup,
  type VirtualTimeLoop,
} from '../../src';
import { failure, useTestLoop } from './taskHelpers';

const M = 'test_eager_task_factory';

/** The two forms of a task function that never suspends (see the file's comment). */
type Kind = 'synchronous' | 'async';
const KINDS: readonly Kind[] = ['synchronous', 'async'];

/** `body` as a task function of the given kind. */
function ofKind<T>(kind: Kind, body: () => T): () => T | Promise<T> {
  return kind === 'synchronous' ? body : async () => body();
}

/**
 * Where the Python case checks a task right after `create_task`: at once for a synchronous function; for an
 * async one after the microtask its result takes, checking that no loop iteration ran meanwhile.
 */
async function eagerStepOver(loop: VirtualTimeLoop, kind: Kind): Promise<void> {
  if (kind === 'synchronous') return;
  let iterated = false;
  const h = loop.callSoon(() => {
    iterated = true;
  });
  await Promise.resolve();
  expect(iterated).toBe(false);
  h.cancel();
}

describe(`${M}.EagerTaskFactoryLoopTests`, () => {
  const C = `${M}.EagerTaskFactoryLoopTests`;
  let loop: VirtualTimeLoop;
  useTestLoop((l) => {
    loop = l;
    loop.setTaskFactory(eagerTaskFactory);
  });

  /** CPython's `run_coro`: run `main` as the loop's main task (the loop runs while it does). */
  const runCoro = <T>(main: () => Promise<T>): Promise<T> =>
    loop.runUntilComplete(async () => {
      expect(loop.isRunning()).toBe(true);
      return await main();
    });

  test(`${C}.test_eager_task_factory_set`, async () => {
    expect(eagerTaskFactory).not.toBeNull();
    expect(loop.getTaskFactory()).toBe(eagerTaskFactory);
    await runCoro(async () => {
      const t = loop.createTask(async () => {});
      expect(t).toBeInstanceOf(Task);
      await t;
    });
  });

  test.each(KINDS)(`${C}.test_await_future_during_eager_step (%s task function)`, async (kind) => {
    const result = await runCoro(async () => {
      const fut: Future<string> = loop.createFuture();
      const t = loop.createTask(ofKind(kind, () => fut.setResult('my message')));
      await eagerStepOver(loop, kind);
      expect(t.done()).toBe(true); // the eager step completed the task
      return await fut;
    });
    expect(result).toBe('my message');
  });

  test.each(KINDS)(`${C}.test_eager_completion (%s task function)`, async (kind) => {
    const result = await runCoro(async () => {
      const t = loop.createTask(ofKind(kind, () => 'hello'));
      await eagerStepOver(loop, kind);
      expect(t.done()).toBe(true); // the eager step completed the task
      return await t;
    });
    expect(result).toBe('hello');
  });

  test(`${C}.test_block_after_eager_step`, async () => {
    const result = await runCoro(async () => {
      const t = loop.createTask(async () => {
        await sleep(100);
        return 'finished after blocking';
      });
      expect(t.done()).toBe(false);
      const r = await t;
      expect(t.done()).toBe(true);
      return r;
    });
    expect(result).toBe('finished after blocking');
  });

  test.each(KINDS)(`${C}.test_cancellation_after_eager_completion (%s task function)`, async (kind) => {
    const result = await runCoro(async () => {
      const t = loop.createTask(ofKind(kind, () => 'finished without blocking'));
      t.cancel();
      const r = await t;
      expect(t.cancelled()).toBe(false); // a finished task can't be cancelled
      return r;
    });
    expect(result).toBe('finished without blocking');
  });

  test(`${C}.test_cancellation_after_eager_step_blocks`, async () => {
    const err = await failure(
      runCoro(async () => {
        const t = loop.createTask(async () => {
          await sleep(100);
          return 'finished after blocking';
        });
        t.cancel('cancellation message');
        expect(t.cancelling()).toBeGreaterThan(0);
        await t;
      }),
    );
    expect(err).toBeInstanceOf(CancelledError);
    expect(err.message).toBe('cancellation message');
  });

  test(`${C}.test_current_task`, async () => {
    let captured: Task<unknown> | null = null;
    await runCoro(async () => {
      const t = loop.createTask(async () => {
        captured = currentTask();
        await sleep(100); // the task before and after blocking is the same
        expect(currentTask()).toBe(captured);
      });
      expect(captured).toBe(t);
      await t;
    });
  });

  test.each(KINDS)(`${C}.test_all_tasks_with_eager_completion (%s task function)`, async (kind) => {
    let captured: Set<Task<unknown>> | null = null;
    await runCoro(async () => {
      const t = loop.createTask(
        ofKind(kind, () => {
          captured = allTasks();
        }),
      );
      await eagerStepOver(loop, kind);
      expect(captured).toContain(t);
      expect(allTasks()).not.toContain(t);
    });
  });

  test(`${C}.test_all_tasks_with_blocking`, async () => {
    let captured: Set<Task<unknown>> | null = null;
    await runCoro(async () => {
      const fut1: Future<null> = loop.createFuture();
      const fut2: Future<null> = loop.createFuture();
      const t = loop.createTask(async () => {
        captured = allTasks();
        await fut1;
        fut2.setResult(null);
      });
      expect(captured).toContain(t);
      expect(allTasks()).toContain(t);
      fut1.setResult(null);
      await fut2;
      expect(allTasks()).not.toContain(t);
    });
  });
});

// --- BaseTaskCountingTests ------------------------------------------------------------------------------------

/**
 * CPython's `AsyncTaskCounter`, as a qtasyncio user writes it: a task factory that counts the tasks created
 * without an eager start and delegates (to `eagerTaskFactory` when `eager`, else to a plain `new Task`).
 */
function countTasks(loop: VirtualTimeLoop, eager: boolean): { get(): number } {
  let taskCount = 0;
  const factory: TaskFactory = (l, fn, options) => {
    if (!(options.eagerStart ?? eager)) taskCount++;
    return eager ? eagerTaskFactory(l, fn, options) : new Task(fn, { ...options, loop: l });
  };
  loop.setTaskFactory(factory);
  return { get: () => taskCount };
}

async function awaitableChain(depth: number): Promise<number> {
  if (depth === 0) return 0;
  return 1 + (await awaitableChain(depth - 1));
}

async function recursiveTaskGroups(width: number, depth: number): Promise<void> {
  if (depth === 0) return;
  await TaskGroup.run(async (tg) => {
    for (let i = 0; i < width; i++) tg.createTask(() => recursiveTaskGroups(width, depth - 1));
  });
}

async function recursiveGather(width: number, depth: number): Promise<void> {
  if (depth === 0) return;
  await gather(...Array.from({ length: width }, () => () => recursiveGather(width, depth - 1)));
}

describe.each([
  ['NonEagerTests', false, 781], // 1 + 5 + 5^2 + 5^3 + 5^4
  ['EagerTests', true, 0],
] as const)(`${M}.%s`, (cls, eager, expectedTaskCount) => {
  const C = `${M}.${cls}`;
  let loop: VirtualTimeLoop;
  let counter: { get(): number };
  useTestLoop((l) => {
    loop = l;
    counter = countTasks(loop, eager);
  });

  test(`${C}.test_awaitables_chain`, async () => {
    const observedDepth = await loop.runUntilComplete(() => awaitableChain(100));
    expect(observedDepth).toBe(100);
    expect(counter.get()).toBe(eager ? 0 : 1);
  });

  test(`${C}.test_recursive_taskgroups`, async () => {
    await loop.runUntilComplete(() => recursiveTaskGroups(5, 4));
    expect(counter.get()).toBe(expectedTaskCount);
  });

  test(`${C}.test_recursive_gather`, async () => {
    await loop.runUntilComplete(() => recursiveGather(5, 4));
    expect(counter.get()).toBe(expectedTaskCount);
  });
});
