/**
 * CPython's Lib/test/test_asyncio/test_taskgroups.py (3.14), case by case, part 1 (test_taskgroup_01 … _16);
 * part 2 is test_taskgroups_2.test.ts. `async with TaskGroup() as g:` is `await TaskGroup.run(async (g) => …)`
 * (same task, same semantics); a coroutine is a function; `1 / 0` is {@link divideByZero}; seconds are ms.
 */
import { CancelledError, type ExceptionGroup, sleep, type Task, TaskGroup } from '../../src';
import {
  asyncTest,
  divideByZero,
  errorTypes,
  onCancelled,
  portedRun,
  rejection,
  ValueError,
} from './helpers';

const T = `test_taskgroups.${portedRun.taskGroupClass}`;

const foo1 = async (): Promise<number> => {
  await sleep(100);
  return 42;
};
const foo2 = async (): Promise<number> => {
  await sleep(200);
  return 11;
};

test(`${T}.test_taskgroup_01`, () =>
  asyncTest(async () => {
    const tasks: Task<number>[] = [];
    await TaskGroup.run(async (g) => {
      tasks.push(g.createTask(foo1), g.createTask(foo2));
    });
    expect(tasks.map((t) => t.result())).toEqual([42, 11]);
  }));

test(`${T}.test_taskgroup_02`, () =>
  asyncTest(async (loop) => {
    const tasks: Task<number>[] = [];
    await TaskGroup.run(async (g) => {
      tasks.push(g.createTask(foo1));
      await sleep(150);
      tasks.push(g.createTask(foo2));
    });
    expect(tasks.map((t) => t.result())).toEqual([42, 11]);
    expect(loop.time()).toBe(350);
  }));

test(`${T}.test_taskgroup_03`, () =>
  asyncTest(async () => {
    const tasks: Task<number>[] = [];
    await TaskGroup.run(async (g) => {
      const t1 = g.createTask(async () => {
        await sleep(1000);
        return 42;
      });
      tasks.push(t1);
      await sleep(150);
      // cancel t1 explicitly, i.e. everything should continue working as expected.
      t1.cancel();
      tasks.push(g.createTask(foo2));
    });
    expect(tasks[0]?.cancelled()).toBe(true);
    expect(tasks[1]?.result()).toBe(11);
  }));

test(`${T}.test_taskgroup_04`, () =>
  asyncTest(async (loop) => {
    let num = 0;
    let t2Cancel = false;
    let t2: Task<void> | null = null;
    const runner = async (): Promise<void> => {
      await TaskGroup.run(async (g) => {
        g.createTask(async () => {
          await sleep(100);
          divideByZero();
        });
        t2 = g.createTask(async () => {
          try {
            await sleep(1000);
          } catch (e) {
            onCancelled(e, () => {
              t2Cancel = true;
            });
          }
          num += 1;
        });
      });
      num += 10;
    };
    const e = await rejection(loop.createTask(runner));
    expect(errorTypes(e)).toEqual(['ZeroDivisionError']);
    expect(num).toBe(0);
    expect(t2Cancel).toBe(true);
    expect((t2 as Task<void> | null)?.cancelled()).toBe(true);
  }));

test(`${T}.test_cancel_children_on_child_error`, () =>
  asyncTest(async (loop) => {
    // When a child task raises an error, the rest of the children are cancelled and the errors are gathered
    // into an ExceptionGroup.
    let num = 0;
    let t2Cancel = false;
    let runnerCancel = false;
    const crash = async (): Promise<void> => {
      await sleep(100);
      divideByZero();
    };
    const runner = async (): Promise<void> => {
      await TaskGroup.run(async (g) => {
        g.createTask(crash);
        g.createTask(crash);
        g.createTask(crash);
        g.createTask(async () => {
          try {
            await sleep(5000);
          } catch (e) {
            onCancelled(e, () => {
              t2Cancel = true;
            });
          }
          num += 1;
        });
        try {
          await sleep(10_000);
        } catch (e) {
          onCancelled(e, () => {
            runnerCancel = true;
          });
        }
      });
      num += 10;
    };
    const e = await rejection(loop.createTask(runner));
    expect(errorTypes(e)).toEqual(['ZeroDivisionError']);
    expect(num).toBe(0);
    expect(t2Cancel).toBe(true);
    expect(runnerCancel).toBe(true);
  }));

/** A child that sleeps 5 s and counts its cancellation in `counter.n`. */
const countsItsCancel = (counter: { n: number }) => async (): Promise<void> => {
  try {
    await sleep(5000);
  } catch (e) {
    onCancelled(e, () => {
      counter.n += 1;
    });
  }
};

test(`${T}.test_cancellation`, () =>
  asyncTest(async (loop) => {
    const counter = { n: 0 };
    const r = loop.createTask(() =>
      TaskGroup.run(async (g) => {
        for (let i = 0; i < 5; i++) g.createTask(countsItsCancel(counter));
      }),
    );
    await sleep(100);
    expect(r.done()).toBe(false);
    r.cancel();
    expect(await rejection(r)).toBeInstanceOf(CancelledError);
    expect(counter.n).toBe(5);
  }));

test(`${T}.test_taskgroup_07`, () =>
  asyncTest(async (loop) => {
    const counter = { n: 0 };
    const r = loop.createTask(() =>
      TaskGroup.run(async (g) => {
        for (let i = 0; i < 5; i++) g.createTask(countsItsCancel(counter));
        try {
          await sleep(10_000);
        } catch (e) {
          onCancelled(e, () => {
            counter.n += 10;
          });
        }
      }),
    );
    await sleep(100);
    expect(r.done()).toBe(false);
    r.cancel();
    expect(await rejection(r)).toBeInstanceOf(CancelledError);
    expect(counter.n).toBe(15);
  }));

/** A child whose cleanup (after a 10 s sleep, or its cancellation) does `1 / 0`. */
const crashesInFinally = async (): Promise<void> => {
  try {
    await sleep(10_000);
  } finally {
    divideByZero();
  }
};

test(`${T}.test_taskgroup_08`, () =>
  asyncTest(async (loop) => {
    const r = loop.createTask(() =>
      TaskGroup.run(async (g) => {
        for (let i = 0; i < 5; i++) g.createTask(crashesInFinally);
        await sleep(10_000);
      }),
    );
    await sleep(100);
    expect(r.done()).toBe(false);
    r.cancel();
    const e = await rejection(r);
    expect(errorTypes(e)).toEqual(['ZeroDivisionError']);
  }));

test(`${T}.test_cancellation_in_body`, () =>
  asyncTest(async (loop) => {
    // CPython's real clock puts the children's deadline (set after the main task's) a little later than the
    // main task's; virtual time makes that explicit with 1 ms.
    const r = loop.createTask(() =>
      TaskGroup.run(async (g) => {
        for (let i = 0; i < 5; i++) {
          g.createTask(async () => {
            await sleep(101);
            divideByZero();
          });
        }
        await sleep(10_000);
      }),
    );
    await sleep(100);
    expect(r.done()).toBe(false);
    r.cancel();
    expect(await rejection(r)).toBeInstanceOf(CancelledError);
  }));

/** test_taskgroup_09/_10: the body fails (after `delay` ms, or at once); both children are cancelled. */
async function bodyFails(delay: number | null): Promise<void> {
  const tasks: Task<number>[] = [];
  const e = await rejection(
    TaskGroup.run(async (g) => {
      tasks.push(
        g.createTask(() => sleep(1000, 42)),
        g.createTask(() => sleep(2000, 11)),
      );
      if (delay !== null) await sleep(delay);
      divideByZero();
    }),
  );
  expect(errorTypes(e)).toEqual(['ZeroDivisionError']);
  expect(tasks.map((t) => t.cancelled())).toEqual([true, true]);
}

test(`${T}.test_taskgroup_09`, () => asyncTest(() => bodyFails(100)));

test(`${T}.test_taskgroup_10`, () => asyncTest(() => bodyFails(null)));

test(`${T}.test_taskgroup_11`, () =>
  asyncTest(async (loop) => {
    const r = loop.createTask(() =>
      TaskGroup.run(() =>
        TaskGroup.run(async (g2) => {
          for (let i = 0; i < 5; i++) g2.createTask(crashesInFinally);
          await sleep(10_000);
        }),
      ),
    );
    await sleep(100);
    expect(r.done()).toBe(false);
    r.cancel();
    const e = await rejection(r);
    expect(errorTypes(e)).toEqual(['ExceptionGroup']);
    expect(errorTypes((e as ExceptionGroup).exceptions[0])).toEqual(['ZeroDivisionError']);
  }));

test(`${T}.test_taskgroup_12`, () =>
  asyncTest(async (loop) => {
    const r = loop.createTask(() =>
      TaskGroup.run(async (g1) => {
        g1.createTask(() => sleep(10_000));
        await TaskGroup.run(async (g2) => {
          for (let i = 0; i < 5; i++) g2.createTask(crashesInFinally);
          await sleep(10_000);
        });
      }),
    );
    await sleep(100);
    expect(r.done()).toBe(false);
    r.cancel();
    const e = await rejection(r);
    expect(errorTypes(e)).toEqual(['ExceptionGroup']);
    expect(errorTypes((e as ExceptionGroup).exceptions[0])).toEqual(['ZeroDivisionError']);
  }));

const crashAfter = (ms: number) => async (): Promise<never> => {
  await sleep(ms);
  throw new ValueError(String(ms));
};

test(`${T}.test_taskgroup_13`, () =>
  asyncTest(async (loop) => {
    const r = loop.createTask(() =>
      TaskGroup.run(async (g1) => {
        g1.createTask(crashAfter(100));
        await TaskGroup.run(async (g2) => {
          g2.createTask(crashAfter(10_000));
        });
      }),
    );
    const e = await rejection(r);
    expect(errorTypes(e)).toEqual(['ValueError']);
  }));

test(`${T}.test_taskgroup_14`, () =>
  asyncTest(async (loop) => {
    const r = loop.createTask(() =>
      TaskGroup.run(async (g1) => {
        g1.createTask(crashAfter(10_000));
        await TaskGroup.run(async (g2) => {
          g2.createTask(crashAfter(100));
        });
      }),
    );
    const e = await rejection(r);
    expect(errorTypes(e)).toEqual(['ExceptionGroup']);
    expect(errorTypes((e as ExceptionGroup).exceptions[0])).toEqual(['ValueError']);
  }));

/** test_taskgroup_15/_16: a child crashes at 300 ms while the cancelled body takes 500 ms to clean up. */
const slowCleanupGroup = (): Promise<unknown> =>
  TaskGroup.run(async (g1) => {
    g1.createTask(async () => {
      await sleep(300);
      divideByZero();
    });
    try {
      await sleep(10_000);
    } catch (e) {
      if (e instanceof CancelledError) await sleep(500);
      throw e;
    }
  });

test(`${T}.test_taskgroup_15`, () =>
  asyncTest(async (loop) => {
    const r = loop.createTask(slowCleanupGroup);
    await sleep(100);
    expect(r.done()).toBe(false);
    r.cancel();
    const e = await rejection(r);
    expect(errorTypes(e)).toEqual(['ZeroDivisionError']);
  }));

test(`${T}.test_taskgroup_16`, () =>
  asyncTest(async (loop) => {
    const r = loop.createTask(async () => {
      const t = loop.createTask(slowCleanupGroup);
      await t;
    });
    await sleep(100);
    expect(r.done()).toBe(false);
    r.cancel();
    const e = await rejection(r);
    expect(errorTypes(e)).toEqual(['ZeroDivisionError']);
  }));
