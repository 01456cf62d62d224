/**
 * Eager tasks (asyncio 3.12's eager_task_factory, `create_task(…, eager_start=True)` in 3.14): the first step
 * runs inside createTask, until the first real suspension.
 */
import {
  CancelledError,
  currentTask,
  eagerTaskFactory,
  LoopArgumentError,
  sleep,
  type Task,
  VirtualTimeLoop,
} from '../../src';

describe('createTask(fn, { eagerStart: true })', () => {
  it('runs the first step inside createTask, as the new task, until the first suspension', async () => {
    const loop = new VirtualTimeLoop();
    const log: string[] = [];
    await loop.runUntilComplete(async () => {
      const creator = currentTask();
      let inner: Task<unknown> | null = null;
      const t = loop.createTask(
        async () => {
          inner = currentTask();
          log.push('step 1');
          await sleep(0);
          log.push('step 2');
        },
        { eagerStart: true, name: 'eager' },
      );
      log.push('after createTask');
      expect(inner).toBe(t);
      expect(currentTask()).toBe(creator);
      await t;
    });
    expect(log).toEqual(['step 1', 'after createTask', 'step 2']);
  });

  it('a function that finishes without suspending is done when createTask returns', async () => {
    const loop = new VirtualTimeLoop();
    await loop.runUntilComplete(async () => {
      const t = loop.createTask(() => 42, { eagerStart: true });
      expect(t.done()).toBe(true);
      expect(t.result()).toBe(42);
      const failing = loop.createTask(
        () => {
          throw new RangeError('at once');
        },
        { eagerStart: true },
      );
      expect(failing.exception()).toBeInstanceOf(RangeError);
    });
  });

  it('tasks created eagerly run their first steps in creation order, before a lazy one', async () => {
    const loop = new VirtualTimeLoop();
    const log: string[] = [];
    await loop.runUntilComplete(async () => {
      const body = (name: string) => async () => {
        log.push(`${name} start`);
        await sleep(0);
        log.push(`${name} end`);
      };
      const lazy = loop.createTask(body('lazy'));
      const a = loop.createTask(body('a'), { eagerStart: true });
      const b = loop.createTask(body('b'), { eagerStart: true });
      await Promise.all([lazy, a, b]);
    });
    expect(log).toEqual(['a start', 'b start', 'lazy start', 'a end', 'b end', 'lazy end']);
  });

  it('cancelling an eager task suspended at its first await throws CancelledError there', async () => {
    const loop = new VirtualTimeLoop();
    let caught: unknown;
    await loop.runUntilComplete(async () => {
      const t = loop.createTask(
        async () => {
          try {
            await sleep(1000);
          } catch (e) {
            caught = e;
            throw e;
          }
        },
        { eagerStart: true },
      );
      expect(t.cancel('stop')).toBe(true);
      await t.catch(() => {});
      expect(t.cancelled()).toBe(true);
    });
    expect(caught).toBeInstanceOf(CancelledError);
  });

  it('without a running loop the task starts on the next iteration, as a lazy one', async () => {
    const loop = new VirtualTimeLoop();
    let ran = false;
    const t = loop.createTask(
      () => {
        ran = true;
      },
      { eagerStart: true },
    );
    expect(ran).toBe(false);
    await loop.runUntilComplete(t);
    expect(ran).toBe(true);
  });

  it('eagerTaskFactory makes every task eager; an explicit eagerStart: false wins', async () => {
    const loop = new VirtualTimeLoop();
    loop.setTaskFactory(eagerTaskFactory);
    const log: string[] = [];
    await loop.runUntilComplete(async () => {
      loop.createTask(() => log.push('eager'));
      loop.createTask(() => log.push('lazy'), { eagerStart: false });
      log.push('creator');
      await sleep(0);
    });
    expect(log).toEqual(['eager', 'creator', 'lazy']);
  });

  it('options are checked: an unknown key or a non-boolean eagerStart is a LoopArgumentError', () => {
    const loop = new VirtualTimeLoop();
    expect(() => loop.createTask(async () => {}, { nmae: 'x' } as never)).toThrow(LoopArgumentError);
    expect(() => loop.createTask(async () => {}, { nmae: 'x' } as never)).toThrow(
      'createTask(options): unknown option "nmae" (did you mean "name"? known: name, eagerStart)',
    );
    expect(() => loop.createTask(async () => {}, { eagerStart: 'yes' } as never)).toThrow(
      'Task(options.eagerStart): expected a boolean, got "yes"',
    );
  });
});
