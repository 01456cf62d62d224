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

  it('a cancel() right after createTask leaves an async function that ended in its first step its outcome', async () => {
    const loop = new VirtualTimeLoop();
    await loop.runUntilComplete(async () => {
      const t = loop.createTask(async () => 'ended', { eagerStart: true });
      const failing = loop.createTask(
        async () => {
          throw new RangeError('at once');
        },
        { eagerStart: true },
      );
      const signal = t.signal;
      expect(t.cancel()).toBe(true); // the outcome is one microtask away: not known yet
      expect(t.cancel('twice')).toBe(true);
      expect(t.cancelling()).toBe(2);
      failing.cancel();
      expect(await t).toBe('ended');
      expect(t.cancelled()).toBe(false);
      expect(t.cancelling()).toBe(0); // the requests were withdrawn, as uncancel() does
      expect(signal.aborted).toBe(true); // aborted at the request; a new one is not
      expect(t.signal.aborted).toBe(false);
      expect(failing.exception()).toBeInstanceOf(RangeError);
    });
  });

  it('the requests of that window stand when the function had not ended, or cancelled its own task', async () => {
    const loop = new VirtualTimeLoop();
    await loop.runUntilComplete(async () => {
      const plain = loop.createTask(
        async () => {
          await null; // a microtask, not a suspension: the function ends after the confirmation
          return 'late';
        },
        { eagerStart: true },
      );
      plain.cancel();
      const self = loop.createTask(
        async () => {
          currentTask()?.cancel();
          return 'self';
        },
        { eagerStart: true },
      );
      await Promise.allSettled([plain, self]);
      expect(plain.cancelled()).toBe(true);
      expect(self.cancelled()).toBe(true);
    });
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
