/**
 * CPython's Lib/test/test_asyncio/test_tasks.py: BaseTaskTests' basics (Task class, ensure_future, create_task,
 * awaiting, sleep, the set_* methods), SetMethodsTest, SleepTests and GenericTaskTests. Coroutine functions
 * became task functions; `asyncio.create_task(coro)` is `getRunningLoop().createTask(fn)`.
 */
import {
  currentTask,
  ensureFuture,
  Future,
  getRunningLoop,
  InvalidStateError,
  LoopArgumentError,
  LoopRangeError,
  newEventLoop,
  SelfAwaitError,
  setEventLoop,
  sleep,
  Task,
  VirtualTimeLoop,
} from '../../src';
import { recordExceptions } from '../../src/testing';
import { expectExportedError, syncErrorOf } from '../conformance/helpers';
import { failure, hangGuard, runBriefly, useTestLoop } from './taskHelpers';

let loop: VirtualTimeLoop;
useTestLoop((l) => {
  loop = l;
});

const notmuch = async (): Promise<string> => 'ok';

describe('test_tasks.BaseTaskTests: tasks and ensureFuture', () => {
  test('test_tasks.BaseTaskTests.test_other_loop_future', async () => {
    const otherLoop = new VirtualTimeLoop();
    const fut = otherLoop.createFuture<void>();
    try {
      const run = loop.runUntilComplete(async () => {
        await fut;
      });
      const err = await hangGuard(
        loop,
        failure(run),
        "awaiting another loop's Future neither raised nor ended",
      );
      expectExportedError(err);
      expect(err.message).toMatch(/Task .* got <?Future .* attached to a different loop/);
    } finally {
      otherLoop.close();
    }
  });

  test('test_tasks.BaseTaskTests.test_task_awaits_on_itself', async () => {
    const task: Task<void> = ensureFuture(async () => {
      await task;
    }, loop);
    const err = await failure(loop.runUntilComplete(task));
    expect(err).toBeInstanceOf(SelfAwaitError);
    expect(err.message).toMatch(/cannot await itself/);
  });

  test('test_tasks.BaseTaskTests.test_task_class', async () => {
    const t = new Task(notmuch, { loop });
    await loop.runUntilComplete(t);
    expect(t.done()).toBe(true);
    expect(t.result()).toBe('ok');
    expect(t.getLoop()).toBe(loop);
    const loop2 = newEventLoop();
    setEventLoop(loop2);
    const t2 = new Task(notmuch, { loop: loop2 });
    expect(t2.getLoop()).toBe(loop2);
    await loop2.runUntilComplete(t2);
    loop2.close();
  });

  test('test_tasks.BaseTaskTests.test_ensure_future_coroutine', async () => {
    const t = ensureFuture(notmuch, loop);
    expect(t.getLoop()).toBe(loop);
    expect(await loop.runUntilComplete(t)).toBe('ok');
    expect(t.done()).toBe(true);

    const err = syncErrorOf(() => ensureFuture(notmuch));
    expectExportedError(err);
    expect(err.message).toMatch(/no current event loop/);

    const [t2] = await loop.runUntilComplete(async () => [ensureFuture(notmuch)]);
    expect(t2.getLoop()).toBe(loop);
    expect(await loop.runUntilComplete(t2)).toBe('ok');

    setEventLoop(loop);
    const t3 = ensureFuture(notmuch);
    expect(t3.getLoop()).toBe(loop);
    expect(await loop.runUntilComplete(t3)).toBe('ok');
  });

  test.each([
    ['test_tasks.BaseTaskTests.test_ensure_future_future', () => loop.createFuture<string>(), 'ko'],
    ['test_tasks.BaseTaskTests.test_ensure_future_task', () => loop.createTask(notmuch), 'ok'],
  ])('%s', async (_name, make, value) => {
    const orig = make();
    if (!(orig instanceof Task)) orig.setResult(value);
    const f = ensureFuture(orig);
    expect(await loop.runUntilComplete(f)).toBe(value);
    expect(f.done()).toBe(true);
    expect(f).toBe(orig);
    const loop2 = newEventLoop();
    setEventLoop(loop2);
    expect(syncErrorOf(() => ensureFuture(orig, loop2))).toBeInstanceOf(LoopArgumentError);
    loop2.close();
    expect(ensureFuture(orig, loop)).toBe(orig);
  });

  test('test_tasks.BaseTaskTests.test_ensure_future_awaitable', async () => {
    // A Python object with __await__ is, in JS, a thenable that is not a Promise.
    const aw = {
      // biome-ignore lint/suspicious/noThenProperty: a foreign thenable is what is tested
      then(onFulfilled: (v: string) => void, onRejected: (e: unknown) => void): void {
        notmuch().then(onFulfilled, onRejected);
      },
    };
    setEventLoop(loop);
    const fut = ensureFuture(aw as unknown as PromiseLike<string>, loop);
    await loop.runUntilComplete(fut);
    expect(fut.result()).toBe('ok');
  });

  test('test_tasks.BaseTaskTests.test_ensure_future_neither', () => {
    const err = syncErrorOf(() => ensureFuture('ok' as never));
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toMatch(/ensureFuture.*"ok"/);
  });

  test('test_tasks.BaseTaskTests.test_ensure_future_error_msg', () => {
    const loop2 = newEventLoop();
    const f = loop.createFuture<void>();
    const err = syncErrorOf(() => ensureFuture(f, loop2));
    expect(err).toBeInstanceOf(LoopArgumentError);
    expect((err as Error).message).toMatch(/belongs to another event loop/);
    loop2.close();
  });

  test('test_tasks.BaseTaskTests.test_task_repr_autogenerated', async () => {
    // The repr itself is not ported; the automatic names are: distinct, Task-<n>, increasing.
    const t1 = loop.createTask(async () => 123);
    const t2 = loop.createTask(async () => 123);
    const n1 = Number(/^Task-(\d+)$/.exec(t1.getName())?.[1]);
    const n2 = Number(/^Task-(\d+)$/.exec(t2.getName())?.[1]);
    expect(Number.isInteger(n1)).toBe(true);
    expect(Number.isInteger(n2)).toBe(true);
    expect(n1).toBeLessThan(n2);
    await loop.runUntilComplete(t1);
    await loop.runUntilComplete(t2);
  });

  test('test_tasks.BaseTaskTests.test_task_basics', async () => {
    const inner1 = async (): Promise<number> => 42;
    const inner2 = async (): Promise<number> => 1000;
    const outer = async (): Promise<number> => {
      const a = await inner1();
      const b = await inner2();
      return a + b;
    };
    expect(await loop.runUntilComplete(outer)).toBe(1042);
  });

  test('test_tasks.BaseTaskTests.test_task_set_methods', async () => {
    const task = loop.createTask(async () => 'ko');
    expect(syncErrorOf(() => task.setResult('ok'))).toBeInstanceOf(InvalidStateError);
    expect((syncErrorOf(() => task.setResult('ok')) as Error).message).toMatch(/setResult/);
    expect(syncErrorOf(() => task.setException(new RangeError()))).toBeInstanceOf(InvalidStateError);
    expect((syncErrorOf(() => task.setException(new RangeError())) as Error).message).toMatch(/setException/);
    expect(await loop.runUntilComplete(task)).toBe('ko');
  });

  test('test_tasks.BaseTaskTests.test_step_result_future', async () => {
    // The task waits on the Future it awaits through that Future's own protocol (then, here).
    class Fut<T> extends Future<T> {
      thenCalled = false;
      // biome-ignore lint/suspicious/noThenProperty: a Future is a thenable by design
      override then<R1 = T, R2 = never>(
        onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
        onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
      ): Future<R1 | R2> {
        this.thenCalled = true;
        return super.then(onfulfilled, onrejected);
      }
    }
    const fut = new Fut<object>(loop);
    let result: unknown;
    const t = loop.createTask(async () => {
      result = await fut;
    });
    await runBriefly(loop);
    expect(fut.thenCalled).toBe(true);
    const res = {};
    fut.setResult(res);
    await runBriefly(loop);
    expect(result).toBe(res);
    expect(t.done()).toBe(true);
    expect(t.result()).toBeUndefined();
  });

  test('test_tasks.BaseTaskTests.test_coroutine_non_gen_function', async () => {
    expect(await loop.runUntilComplete(async () => 'test')).toBe('test');
  });

  test('test_tasks.BaseTaskTests.test_create_task_with_noncoroutine', () => {
    for (let i = 0; i < 2; i++) {
      const err = syncErrorOf(() => loop.createTask(123 as never));
      expect(err).toBeInstanceOf(TypeError);
      expect((err as Error).message).toMatch(/createTask\(fn\).*123/);
    }
  });

  test('test_tasks.BaseTaskTests.test_create_task_with_async_function', async () => {
    for (let i = 0; i < 2; i++) {
      const task = loop.createTask(async () => {});
      expect(task).toBeInstanceOf(Task);
      await loop.runUntilComplete(task);
    }
  });

  test('test_tasks.BaseTaskTests.test_create_task_with_asynclike_function', async () => {
    // A coroutine-like object is, in JS, any function: its return value is the task's result.
    for (let i = 0; i < 2; i++) {
      const task = loop.createTask(() => 42);
      expect(task).toBeInstanceOf(Task);
      expect(await loop.runUntilComplete(task)).toBe(42);
    }
  });

  test('test_tasks.BaseTaskTests.test_bare_create_task', async () => {
    await loop.runUntilComplete(async () => {
      const task = getRunningLoop().createTask(async () => 1);
      expect(task).toBeInstanceOf(Task);
      expect(await task).toBe(1);
    });
  });

  test('test_tasks.BaseTaskTests.test_bare_create_named_task', async () => {
    await loop.runUntilComplete(async () => {
      const task = getRunningLoop().createTask(async () => {}, { name: 'No-op' });
      expect(task.getName()).toBe('No-op');
      await task;
    });
  });

  test.each([
    // CPython's test_eager_start_true defines main() but never runs it; here it runs.
    ['test_tasks.BaseTaskTests.test_eager_start_true', true],
    ['test_tasks.BaseTaskTests.test_eager_start_false', false],
  ])('%s', async (_name, eagerStart) => {
    let name: string | null = null;
    await loop.runUntilComplete(async () => {
      const t = new Task(
        async () => {
          name = currentTask()?.getName() ?? null;
        },
        { loop: getRunningLoop(), eagerStart, name: 'example' },
      );
      if (eagerStart) {
        // The first step ran in createTask; an async function's result reaches the task one microtask later
        // (a listed deviation), still without a loop iteration.
        expect(name).toBe('example');
        await Promise.resolve();
        expect(t.done()).toBe(true);
      } else {
        expect(t.done()).toBe(false);
        expect(name).toBeNull();
      }
      await t;
      expect(name).toBe('example');
    });
  });

  test('test_tasks.BaseTaskTests.test_task_source_traceback', async () => {
    loop.setDebug(true);
    const task = loop.createTask(async () => {});
    expect(String(task)).toMatch(/created at .*test_tasks\.basics\.test\.ts:\d+/);
    await loop.runUntilComplete(task);
  });

  test('test_tasks.BaseTaskTests.test_sleep', async () => {
    const sleeper = async (dt: number, arg: string): Promise<string> => {
      await sleep(dt / 2);
      return await sleep(dt / 2, arg);
    };
    const t = loop.createTask(() => sleeper(100, 'yeah'));
    await loop.runUntilComplete(t);
    expect(t.done()).toBe(true);
    expect(t.result()).toBe('yeah');
    expect(loop.time()).toBe(100);
  });

  test('test_tasks.BaseTaskTests.test_sleep_when_delay_is_nan', async () => {
    const t = loop.createTask(async () => {
      await sleep(Number.NaN);
    });
    expect(await failure(loop.runUntilComplete(t))).toBeInstanceOf(LoopRangeError);
  });
});

describe('test_tasks.SleepTests', () => {
  test('test_tasks.SleepTests.test_sleep_zero', async () => {
    let result = 0;
    const incResult = (num: number): void => {
      result += num;
    };
    await loop.runUntilComplete(async () => {
      loop.callSoon(incResult, 1);
      expect(result).toBe(0);
      const num = await sleep(0, 10);
      expect(result).toBe(1); // incremented by the callSoon
      incResult(num);
    });
    expect(result).toBe(11);
  });
});

describe('test_tasks.GenericTaskTests', () => {
  test('test_tasks.GenericTaskTests.test_future_subclass', () => {
    expect(Task.prototype).toBeInstanceOf(Future);
  });
});

describe('test_tasks.SetMethodsTest', () => {
  test('test_tasks.SetMethodsTest.test_set_result_causes_invalid_state', async () => {
    const log = recordExceptions(loop);
    const task = loop.createTask(async () => {
      await sleep(100);
      return 10;
    });
    Future.prototype.setResult.call(task, 'spam');
    expect(await loop.runUntilComplete(task)).toBe('spam');
    expect(log).toHaveLength(1);
    expect(log[0]?.exception).toBeInstanceOf(InvalidStateError);
    expect(String((log[0]?.exception as Error | undefined)?.message)).toMatch(/already done/);
  });

  test('test_tasks.SetMethodsTest.test_set_exception_causes_invalid_state', async () => {
    class MyExc extends Error {}
    const log = recordExceptions(loop);
    const task = loop.createTask(async () => {
      await sleep(100);
      return 10;
    });
    Future.prototype.setException.call(task, new MyExc());
    expect(await failure(loop.runUntilComplete(task))).toBeInstanceOf(MyExc);
    expect(log).toHaveLength(1);
    expect(log[0]?.exception).toBeInstanceOf(InvalidStateError);
    expect(String((log[0]?.exception as Error | undefined)?.message)).toMatch(/already done/);
  });
});
