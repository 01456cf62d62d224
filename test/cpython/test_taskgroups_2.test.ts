/**
 * CPython's Lib/test/test_asyncio/test_taskgroups.py (3.14), case by case, part 2 (test_taskgroup_17 … the
 * end). Python's `except* E` is a catch that checks the ExceptionGroup's error types; RuntimeError raised by
 * TaskGroup itself is {@link ScopeStateError}; BaseExceptionGroup is ExceptionGroup (JavaScript has no
 * BaseException split: only {@link KeyboardInterrupt} propagates on its own).
 */
import {
  CancelledError,
  currentTask,
  Event,
  KeyboardInterrupt,
  ScopeStateError,
  sleep,
  type Task,
  TaskGroup,
} from '../../src';
import {
  asyncTest,
  divideByZero,
  errorTypes,
  MyExc,
  onCancelled,
  portedRun,
  RuntimeError,
  rejection,
  ValueError,
} from './helpers';

const T = `test_taskgroups.${portedRun.taskGroupClass}`;

/** The cancel count of the current task (each test body runs in one). */
const cancelling = (): number => (currentTask() as Task<unknown>).cancelling();

/** The number of children a group still tracks (CPython reads `len(g._tasks)`). */
const tasksOf = (g: TaskGroup): number => Number(/ tasks=(\d+)/.exec(String(g))?.[1] ?? 0);

/** A body that sleeps 10 s and, when cancelled, adds 10 to `counter.n` and throws `replacement` (or rethrows). */
const cancelledBody = (counter: { n: number }, replacement?: Error) => async (): Promise<void> => {
  try {
    await sleep(10_000);
  } catch (e) {
    onCancelled(e, () => {
      counter.n += 10;
      if (replacement !== undefined) throw replacement;
    });
  }
};

test(`${T}.test_taskgroup_17`, () =>
  asyncTest(async (loop) => {
    const counter = { n: 0 };
    const r = loop.createTask(() => TaskGroup.run(cancelledBody(counter)));
    await sleep(100);
    expect(r.done()).toBe(false);
    r.cancel();
    expect(await rejection(r)).toBeInstanceOf(CancelledError);
    expect(counter.n).toBe(10);
  }));

test(`${T}.test_taskgroup_18`, () =>
  asyncTest(async (loop) => {
    const counter = { n: 0 };
    // This isn't a good idea, but we have to support this weird case.
    const r = loop.createTask(() => TaskGroup.run(cancelledBody(counter, new MyExc())));
    await sleep(100);
    expect(r.done()).toBe(false);
    r.cancel();
    expect(errorTypes(await rejection(r))).toEqual(['MyExc']);
    expect(counter.n).toBe(10);
  }));

/** test_taskgroup_19/_20/_20a/_21a: a child fails at 100 ms; the cancelled body's cleanup throws `error`. */
const bodyCleanupThrows = (error: unknown, childError?: () => never): Promise<unknown> =>
  TaskGroup.run(async (g) => {
    g.createTask(async () => {
      await sleep(100);
      (childError ?? divideByZero)();
    });
    try {
      await sleep(10_000);
    } finally {
      // biome-ignore lint/correctness/noUnsafeFinally: ported case: the error replaces the cancellation
      throw error;
    }
  });

test(`${T}.test_taskgroup_19`, () =>
  asyncTest(async (loop) => {
    const r = loop.createTask(() => bodyCleanupThrows(new MyExc()));
    expect(errorTypes(await rejection(r))).toEqual(['MyExc', 'ZeroDivisionError']);
  }));

test(`${T}.test_taskgroup_20`, () =>
  asyncTest(
    async () => {
      expect(await rejection(bodyCleanupThrows(new KeyboardInterrupt()))).toBeInstanceOf(KeyboardInterrupt);
    },
    { allowHandlerCalls: true },
  ).then(({ handled }) => {
    // The child's error is not lost: it is reported, since only the KeyboardInterrupt propagates.
    expect(handled.map((c) => (c.exception as Error).name)).toEqual(['ZeroDivisionError']);
  }));

class MyBaseExc extends Error {
  override readonly name = 'MyBaseExc';
}

test(`${T}.test_taskgroup_20a`, () =>
  asyncTest(async () => {
    const e = await rejection(bodyCleanupThrows(new MyBaseExc()));
    expect(errorTypes(e)).toEqual(['MyBaseExc', 'ZeroDivisionError']);
  }));

test(`${T}.test_taskgroup_21a`, () =>
  asyncTest(async () => {
    const child = (): never => {
      throw new MyBaseExc();
    };
    const e = await rejection(bodyCleanupThrows(new TypeError(), child));
    expect(errorTypes(e)).toEqual(['MyBaseExc', 'TypeError']);
  }));

test(`${T}.test_taskgroup_22`, () =>
  asyncTest(async (loop) => {
    const r = loop.createTask(() =>
      TaskGroup.run(async (g) => {
        g.createTask(() => sleep(1000, 42));
        g.createTask(() => sleep(2000, 11));
      }),
    );
    await sleep(50);
    r.cancel();
    expect(await rejection(r)).toBeInstanceOf(CancelledError);
  }));

test(`${T}.test_taskgroup_23`, () =>
  asyncTest(async () => {
    await TaskGroup.run(async (g) => {
      for (let count = 0; count < 10; count++) {
        await sleep(100);
        g.createTask(() => sleep(300));
        if (count === 5) expect(tasksOf(g)).toBeLessThan(5);
      }
      await sleep(1350);
      expect(tasksOf(g)).toBe(0);
    });
  }));

test(`${T}.test_taskgroup_24`, () =>
  asyncTest(async (loop) => {
    const coro1 = (delay: number) => () => sleep(delay);
    await TaskGroup.run(async (g) => {
      g.createTask(async () => {
        await sleep(100);
        g.createTask(coro1(100));
        g.createTask(coro1(200));
      });
    });
    expect(loop.time()).toBe(300);
  }));

test(`${T}.test_taskgroup_25`, () =>
  asyncTest(async () => {
    let nhydras = 0;
    const hydra = (g: TaskGroup) => async (): Promise<void> => {
      nhydras += 1;
      await sleep(10);
      g.createTask(hydra(g));
      g.createTask(hydra(g));
    };
    const hercules = async (): Promise<void> => {
      while (nhydras < 10) await sleep(15);
      divideByZero();
    };
    const e = await rejection(
      TaskGroup.run(async (g) => {
        g.createTask(hydra(g));
        g.createTask(hercules);
      }),
    );
    expect(errorTypes(e)).toEqual(['ZeroDivisionError']);
    expect(nhydras).toBeGreaterThanOrEqual(10);
  }));

test(`${T}.test_taskgroup_task_name`, () =>
  asyncTest(async () => {
    await TaskGroup.run(async (g) => {
      const t = g.createTask(() => sleep(0), { name: 'yolo' });
      expect(t.getName()).toBe('yolo');
    });
  }));

test(`${T}.test_taskgroup_no_create_task_after_failure`, () =>
  asyncTest(async () => {
    const coro1 = async (): Promise<void> => {
      await sleep(1);
      divideByZero();
    };
    let refused: unknown = null;
    const e = await rejection(
      TaskGroup.run(async (g) => {
        g.createTask(coro1);
        g.createTask(async () => {
          try {
            await sleep(1000);
          } catch (err) {
            if (!(err instanceof CancelledError)) throw err;
            try {
              g.createTask(coro1);
            } catch (refusal) {
              refused = refusal;
            }
          }
        });
      }),
    );
    expect(errorTypes(e)).toEqual(['ZeroDivisionError']);
    expect(refused).toBeInstanceOf(ScopeStateError);
  }));

test(`${T}.test_taskgroup_context_manager_exit_raises`, () =>
  asyncTest(async (loop) => {
    class CustomException extends Error {}
    const main = loop.createTask(async () => {
      const task = currentTask() as Task<unknown>;
      const e = await rejection(
        TaskGroup.run(async (tg) => {
          // `async with database():` whose exit raises CustomException
          try {
            tg.createTask(async () => {
              throw new CustomException();
            });
            await sleep(1000);
          } finally {
            // biome-ignore lint/correctness/noUnsafeFinally: ported case: the context manager's exit raises
            throw new CustomException();
          }
        }),
      );
      expect(task.cancelling()).toBe(0);
      expect(errorTypes(e)).toEqual(['CustomException']);
      expect((e as AggregateError).errors.length).toBe(2);
    });
    await main;
  }));

test(`${T}.test_taskgroup_finished`, () =>
  asyncTest(async () => {
    let tg: TaskGroup | null = null;
    await TaskGroup.run(async (g) => {
      tg = g;
    });
    let ran = false;
    const fn = async (): Promise<void> => {
      ran = true;
    };
    expect(() => (tg as TaskGroup | null)?.createTask(fn)).toThrow(ScopeStateError);
    expect(() => (tg as TaskGroup | null)?.createTask(fn)).toThrow(/is finished/);
    await sleep(0);
    expect(ran).toBe(false); // the function is dropped, never run (CPython closes the coroutine)
  }));

test(`${T}.test_taskgroup_without_parent_task`, () =>
  asyncTest(async (loop) => {
    // A running loop but no task (CPython's await_without_task): there is no parent task to bind to.
    const outsideTask = loop.createFuture<unknown>();
    loop.callSoon(() => {
      try {
        outsideTask.setResult(new TaskGroup());
      } catch (e) {
        outsideTask.setResult(e);
      }
    });
    const e = await outsideTask;
    expect(e).toBeInstanceOf(ScopeStateError);
    expect((e as Error).message).toMatch(/inside a task/);
  }));

test(`${T}.test_coro_closed_when_tg_closed`, () =>
  asyncTest(async () => {
    let tg: TaskGroup | null = null;
    await TaskGroup.run(async (g) => {
      tg = g;
    });
    let started = false;
    expect(() =>
      (tg as TaskGroup | null)?.createTask(async () => {
        started = true;
      }),
    ).toThrow(/is finished/);
    await sleep(0);
    expect(started).toBe(false);
  }));

const raiseAfter = (ms: number, E: new () => Error) => async (): Promise<never> => {
  await sleep(ms);
  throw new E();
};

test(`${T}.test_cancelling_level_preserved`, () =>
  asyncTest(async () => {
    const e = await rejection(
      TaskGroup.run(async (tg) => {
        tg.createTask(raiseAfter(0, RuntimeError));
      }),
    );
    expect(errorTypes(e)).toEqual(['RuntimeError']);
    expect(cancelling()).toBe(0);
  }));

test(`${T}.test_nested_groups_both_cancelled`, () =>
  asyncTest(async () => {
    const outer = await rejection(
      TaskGroup.run(async (outerTg) => {
        const inner = await rejection(
          TaskGroup.run(async (innerTg) => {
            innerTg.createTask(raiseAfter(0, RuntimeError));
            outerTg.createTask(raiseAfter(0, ValueError));
          }),
        );
        expect(errorTypes(inner)).toEqual(['RuntimeError']);
        expect(cancelling()).toBe(1);
      }),
    );
    expect(errorTypes(outer)).toEqual(['ValueError']);
    expect(cancelling()).toBe(0);
  }));

test(`${T}.test_error_and_cancel`, () =>
  asyncTest(async (loop) => {
    const event = new Event();
    const reached: string[] = [];
    const inner = async (): Promise<void> => {
      const e = await rejection(
        TaskGroup.run(async (tg) => {
          tg.createTask(async () => {
            event.set();
            await sleep(0);
            throw new RuntimeError();
          });
          await sleep(1000);
          reached.push('sleep in group'); // should have been cancelled
        }),
      );
      expect(errorTypes(e)).toEqual(['RuntimeError']);
      expect(cancelling()).toBe(1);
      await sleep(1000);
      reached.push('sleep after group'); // should have been cancelled
    };
    const t = loop.createTask(inner);
    await event.wait();
    expect(t.cancelling()).toBe(0);
    t.cancel();
    expect(t.cancelling()).toBe(1);
    expect(await rejection(t)).toBeInstanceOf(CancelledError);
    expect(t.cancelled()).toBe(true);
    expect(reached).toEqual([]);
  }));

test(`${T}.test_name`, () =>
  asyncTest(async () => {
    let name: string | null = null;
    await TaskGroup.run(async (tg) => {
      tg.createTask(
        async () => {
          name = (currentTask() as Task<unknown>).getName();
        },
        { name: 'example name' },
      );
    });
    expect(name).toBe('example name');
  }));

test(`${T}.test_cancels_task_if_created_during_creation`, () =>
  asyncTest(async () => {
    // regression test for gh-128550
    let ran = false;
    let cancelledAtSleep = false;
    const e = await rejection(
      TaskGroup.run(async (tg) => {
        const thirdTask = async (): Promise<never> => {
          throw new MyExc('third task failed');
        };
        tg.createTask(async () => {
          tg.createTask(thirdTask);
          try {
            await sleep(0); // eager tasks cancel here
            await sleep(0); // lazy tasks cancel here
          } catch (err) {
            cancelledAtSleep = err instanceof CancelledError;
          }
          ran = true;
        });
      }),
    );
    expect(ran).toBe(true);
    expect(cancelledAtSleep).toBe(true);
    expect(errorTypes(e)).toEqual(['MyExc']);
  }));

test(`${T}.test_cancellation_does_not_leak_out_of_tg`, () =>
  asyncTest(async () => {
    const e = await rejection(
      TaskGroup.run(async (tg) => {
        tg.createTask(async () => {
          throw new MyExc();
        });
      }),
    );
    expect(errorTypes(e)).toEqual(['MyExc']);
    // If the cancellation leaked, the current task would be cancelled here (and the test would fail).
    await sleep(0);
    expect(cancelling()).toBe(0);
  }));
