/**
 * TaskGroup: behaviours ported from CPython's Lib/test/test_asyncio/test_taskgroups.py (test_taskgroup_01 …
 * _20, test_cancel_children_on_child_error, test_cancellation, test_cancellation_in_body, create_task states,
 * cancel()) to qtasyncio's API; `await using` at the end, with JavaScript's disposal limits.
 */
import { ExceptionGroup, ScopeStateError, TaskGroup } from '../../src/concurrency/index';
import { CancelledError, currentTask, KeyboardInterrupt, sleep, type Task } from '../../src/index';
import { recordExceptions, useLoop } from '../../src/testing';
import { crashAfter, errorTypes, rejection, thrown } from './helpers';

const L = useLoop({ beforeEach, afterEach });
const run = <T>(fn: () => Promise<T>): Promise<T> => L.loop.runUntilComplete(fn);

/** A group whose child fails at 100 ms while the body, cancelled by it, throws `error` instead. */
function groupWhoseBodyThrows(error: Error): Promise<unknown> {
  return TaskGroup.run(async (g) => {
    g.createTask(crashAfter(100, new TypeError('zero')));
    try {
      await sleep(10_000);
    } finally {
      // biome-ignore lint/correctness/noUnsafeFinally: ported tests: the error replaces the cancellation
      throw error;
    }
  });
}

describe('TaskGroup.run (test_taskgroups.py)', () => {
  it('waits for every child; children started later too (test_taskgroup_01, _02)', async () => {
    const loop = L.loop;
    const r = await run(async () => {
      let t1: Task<number> | null = null;
      let t2: Task<number> | null = null;
      await TaskGroup.run(async (g) => {
        t1 = g.createTask(() => sleep(100, 42));
        await sleep(150);
        t2 = g.createTask(() => sleep(200, 11));
      });
      return [
        t1 === null ? null : (t1 as Task<number>).result(),
        (t2 as Task<number> | null)?.result(),
        loop.time(),
      ];
    });
    expect(r).toEqual([42, 11, 350]);
  });

  it('resolves with the body result', async () => {
    expect(await run(() => TaskGroup.run(async () => 'body'))).toBe('body');
  });

  it('a child cancelled explicitly does not disturb the group (test_taskgroup_03)', async () => {
    const r = await run(async () => {
      let t1: Task<number> | null = null;
      let t2: Task<number> | null = null;
      await TaskGroup.run(async (g) => {
        t1 = g.createTask(() => sleep(1000, 42));
        await sleep(150);
        t1.cancel();
        t2 = g.createTask(() => sleep(200, 11));
      });
      return [(t1 as Task<number> | null)?.cancelled(), (t2 as Task<number> | null)?.result()];
    });
    expect(r).toEqual([true, 11]);
  });

  it('a failing child cancels its siblings; ExceptionGroup; code after the group does not run (test_taskgroup_04)', async () => {
    const loop = L.loop;
    let num = 0;
    let t2Cancel = false;
    let t2: Task<void> | null = null;
    const runner = loop.createTask(async () => {
      await TaskGroup.run(async (g) => {
        g.createTask(crashAfter(100, new TypeError('zero')));
        t2 = g.createTask(async () => {
          try {
            await sleep(1000);
          } catch (e) {
            t2Cancel = true;
            throw e;
          }
          num += 1;
        });
      });
      num += 10;
    });
    const e = await run(() => rejection(runner));
    expect(errorTypes(e)).toEqual(['TypeError']);
    expect((e as ExceptionGroup).message).toBe('unhandled errors in a TaskGroup (1 sub-exception)');
    expect(e).toBeInstanceOf(AggregateError);
    expect((e as ExceptionGroup).exceptions).toBe((e as ExceptionGroup).errors);
    expect(num).toBe(0);
    expect(t2Cancel).toBe(true);
    expect((t2 as Task<void> | null)?.cancelled()).toBe(true);
  });

  it('a child error cancels the body at its await (test_cancel_children_on_child_error)', async () => {
    let runnerCancel = false;
    let t2Cancel = false;
    const e = await run(() =>
      rejection(
        TaskGroup.run(async (g) => {
          for (let i = 0; i < 3; i++) g.createTask(crashAfter(100, new TypeError('zero')));
          g.createTask(async () => {
            try {
              await sleep(5000);
            } catch (err) {
              t2Cancel = true;
              throw err;
            }
          });
          try {
            await sleep(10_000);
          } catch (err) {
            runnerCancel = true;
            throw err;
          }
        }),
      ),
    );
    expect(errorTypes(e)).toEqual(['TypeError']);
    expect((e as ExceptionGroup).errors.length).toBe(3);
    expect(t2Cancel).toBe(true);
    expect(runnerCancel).toBe(true);
  });

  it('after the ExceptionGroup the parent task is not left cancelling (uncancel)', async () => {
    const r = await run(async () => {
      const e = await rejection(
        TaskGroup.run(async (g) => {
          g.createTask(crashAfter(1));
          await sleep(100);
        }),
      );
      await sleep(10); // not interrupted by a leftover cancellation
      return [e instanceof ExceptionGroup, currentTask()?.cancelling()];
    });
    expect(r).toEqual([true, 0]);
  });

  it('cancelling the parent cancels every child and keeps the message (test_cancellation, _07, _17)', async () => {
    const loop = L.loop;
    let num = 0;
    const runner = loop.createTask(() =>
      TaskGroup.run(async (g) => {
        for (let i = 0; i < 5; i++) {
          g.createTask(async () => {
            try {
              await sleep(5000);
            } catch (e) {
              num += 1;
              throw e;
            }
          });
        }
      }),
    );
    await loop.advance(100);
    expect(runner.done()).toBe(false);
    runner.cancel('test');
    await loop.advance(0);
    const e = await rejection(runner);
    expect(e).toBeInstanceOf(CancelledError);
    expect((e as Error).message).toBe('test');
    expect(runner.cancelled()).toBe(true);
    expect(num).toBe(5);
  });

  it('a cancel of the parent while children are failing stays a CancelledError (test_cancellation_in_body)', async () => {
    const loop = L.loop;
    const runner = loop.createTask(() =>
      TaskGroup.run(async (g) => {
        for (let i = 0; i < 5; i++) g.createTask(crashAfter(100));
        await sleep(10_000);
      }),
    );
    await loop.advance(100 - 1);
    runner.cancel('test');
    await loop.runUntilIdle();
    const e = await rejection(runner);
    expect(e).toBeInstanceOf(CancelledError);
    expect((e as Error).message).toBe('test');
  });

  it('a body error cancels the children and is raised in the group (test_taskgroup_09, _10)', async () => {
    for (const waitFirst of [true, false]) {
      const r = await run(async () => {
        const ts: Task<number>[] = [];
        const e = await rejection(
          TaskGroup.run(async (g) => {
            ts.push(
              g.createTask(() => sleep(1000, 42)),
              g.createTask(() => sleep(2000, 11)),
            );
            if (waitFirst) await sleep(100);
            throw new TypeError('zero');
          }),
        );
        return { e, cancelled: ts.map((t) => t.cancelled()) };
      });
      expect(errorTypes(r.e)).toEqual(['TypeError']);
      expect(r.cancelled).toEqual([true, true]);
    }
  });

  it('nested groups: cancelling the parent cancels through both (test_taskgroup_11, _12)', async () => {
    const loop = L.loop;
    const runner = loop.createTask(() =>
      TaskGroup.run(async (g1) => {
        g1.createTask(() => sleep(10_000));
        await TaskGroup.run(async (g2) => {
          for (let i = 0; i < 5; i++) g2.createTask(crashAfter(100));
          await sleep(10_000);
        });
      }),
    );
    await loop.advance(50);
    runner.cancel();
    await loop.runUntilIdle();
    expect(runner.cancelled()).toBe(true);
  });

  it.each([
    [
      'the outer child fails first: the inner group is cancelled; one level (test_taskgroup_13)',
      100,
      10_000,
      [],
    ],
    [
      'the inner child fails first: an ExceptionGroup of an ExceptionGroup (test_taskgroup_14)',
      10_000,
      100,
      ['EG'],
    ],
  ])('nested groups: %s', async (_title, outerMs, innerMs, nesting) => {
    const e = await run(() =>
      rejection(
        TaskGroup.run(async (g1) => {
          g1.createTask(crashAfter(outerMs));
          await TaskGroup.run(async (g2) => {
            g2.createTask(crashAfter(innerMs));
          });
        }),
      ),
    );
    const leaf = nesting.length === 0 ? e : (e as ExceptionGroup).errors[0];
    if (nesting.length > 0) expect(errorTypes(e)).toEqual(['ExceptionGroup']);
    expect(errorTypes(leaf)).toEqual(['RangeError']);
  });

  it('a child failing while the cancelled body cleans up: ExceptionGroup (test_taskgroup_15, _16, CPython 3.12+)', async () => {
    const loop = L.loop;
    const nested = (): Promise<unknown> =>
      TaskGroup.run(async (g1) => {
        g1.createTask(crashAfter(300));
        try {
          await sleep(10_000);
        } catch (e) {
          await sleep(500);
          throw e;
        }
      });
    const r1 = loop.createTask(nested);
    const r2 = loop.createTask(async () => loop.createTask(nested));
    await loop.advance(100);
    r1.cancel();
    r2.cancel();
    await loop.runUntilIdle();
    expect(errorTypes(r1.exception())).toEqual(['RangeError']);
    expect(errorTypes(r2.exception())).toEqual(['RangeError']);
  });

  it('a body that turns the cancel into an error: ExceptionGroup of it (test_taskgroup_18)', async () => {
    const loop = L.loop;
    class MyError extends Error {}
    const runner = loop.createTask(() =>
      TaskGroup.run(async () => {
        try {
          await sleep(10_000);
        } catch {
          throw new MyError();
        }
      }),
    );
    await loop.advance(100);
    runner.cancel();
    await loop.runUntilIdle();
    expect(errorTypes(runner.exception())).toEqual(['MyError']);
  });

  it('errors of the children and of the body are raised together, body last (test_taskgroup_19)', async () => {
    class MyError extends Error {}
    const e = await run(() => rejection(groupWhoseBodyThrows(new MyError())));
    expect(errorTypes(e)).toEqual(['MyError', 'TypeError']);
    expect((e as ExceptionGroup).errors[1]).toBeInstanceOf(MyError);
  });

  it('a KeyboardInterrupt from the body propagates as it is; child errors go to the handler (test_taskgroup_20)', async () => {
    const loop = L.loop;
    const seen = recordExceptions(loop);
    const e = await run(() => rejection(groupWhoseBodyThrows(new KeyboardInterrupt('ctrl-c'))));
    expect(e).toBeInstanceOf(KeyboardInterrupt);
    expect(seen.map((c) => (c.exception as Error).name)).toEqual(['TypeError']);
  });

  it('the group ends only after every child ended, cleanup included', async () => {
    const loop = L.loop;
    const trace: string[] = [];
    await run(async () => {
      await rejection(
        TaskGroup.run(async (g) => {
          g.createTask(async () => {
            try {
              await sleep(1000);
            } finally {
              await sleep(50);
              trace.push(`child cleaned up at ${loop.time()}`);
            }
          });
          g.createTask(crashAfter(10));
        }),
      );
      trace.push(`group ended at ${loop.time()}`);
    });
    expect(trace).toEqual(['child cleaned up at 60', 'group ended at 60']);
  });

  it('children can start siblings while the group waits', async () => {
    const r = await run(async () => {
      const got: number[] = [];
      await TaskGroup.run(async (g) => {
        g.createTask(async () => {
          await sleep(10);
          g.createTask(async () => {
            await sleep(10);
            got.push(2);
          });
          got.push(1);
        });
      });
      return got;
    });
    expect(r).toEqual([1, 2]);
  });

  it('createTask after the group finished, or while it shuts down, is a ScopeStateError', async () => {
    const r = await run(async () => {
      let saved: TaskGroup | null = null;
      let shuttingDown: Error | null = null;
      await rejection(
        TaskGroup.run(async (g) => {
          saved = g;
          g.createTask(crashAfter(1));
          try {
            await sleep(100);
          } catch (e) {
            shuttingDown = thrown(() => g.createTask(async () => 1));
            throw e;
          }
        }),
      );
      const finished = thrown(() => (saved as unknown as TaskGroup).createTask(async () => 1));
      return { shuttingDown: shuttingDown as Error | null, finished };
    });
    expect(r.shuttingDown).toBeInstanceOf(ScopeStateError);
    expect(r.shuttingDown?.message).toBe('TaskGroup.createTask(): <TaskGroup cancelling> is shutting down');
    expect(r.finished.message).toBe('TaskGroup.createTask(): <TaskGroup finished> is finished');
  });

  it('cancel() stops the children and the body quietly (Python 3.14)', async () => {
    const loop = L.loop;
    const r = await run(async () => {
      const children: Task<unknown>[] = [];
      const value = await TaskGroup.run(async (g) => {
        children.push(g.createTask(() => sleep(10_000)));
        children.push(
          g.createTask(async () => {
            await sleep(10);
            g.cancel();
          }),
        );
        await sleep(10_000);
        return 'never';
      });
      return {
        value,
        cancelled: children.map((c) => c.cancelled()),
        t: loop.time(),
        n: currentTask()?.cancelling(),
      };
    });
    expect(r).toEqual({ value: undefined, cancelled: [true, true], t: 10, n: 0 });
  });

  it('outside a task, TaskGroup.run runs in a task of its own; new TaskGroup() is a ScopeStateError', async () => {
    const loop = L.loop;
    const r = await run(
      () =>
        new Promise<unknown[]>((resolve) =>
          loop.callSoon(() => {
            const e = thrown(() => new TaskGroup());
            let child: Task<string> | null = null;
            void TaskGroup.run(async (g) => {
              child = g.createTask(() => sleep(5, 'ok'));
            }).then(() => resolve([e, (child as Task<string> | null)?.result()]));
          }),
        ),
    );
    expect(r[0]).toBeInstanceOf(ScopeStateError);
    expect((r[0] as Error).message).toBe(
      'TaskGroup(): a TaskGroup must be opened inside a task of the running loop',
    );
    expect(r[1]).toBe('ok');
  });
});
