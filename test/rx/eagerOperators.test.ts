// Eager start in the task operators and fromTask (asyncio's eager tasks): by default the function runs inside the
// operator's `next` (or `subscribe`), as RxJS's own switchMap(v => from(promise)) calls its project; with
// `eagerStart: false` a task starts on the next loop iteration. switchMapTask starts a task that replaces a running
// one on the next iteration, behind the cancelled task's CancelledError.
import { Subject } from 'rxjs';
import { CancelledError, currentTask, sleep, type Task, VirtualTimeLoop } from '../../src/index';
import {
  concatMapTask,
  exhaustMapTask,
  fromTask,
  mergeMapTask,
  RxArgumentError,
  switchMapTask,
} from '../../src/rx';

describe('eager start of task operators', () => {
  test('switchMapTask runs each function inside next() by default; with eagerStart: false a task waits for the loop', async () => {
    const loop = new VirtualTimeLoop();
    const log: string[] = [];
    await loop.runUntilComplete(async () => {
      const eager = new Subject<number>();
      const lazy = new Subject<number>();
      const seen: number[] = [];
      const record = (name: string) => async (v: number) => {
        log.push(`${name} ${v}`);
        return v;
      };
      eager.pipe(switchMapTask(record('eager'))).subscribe((v) => seen.push(v));
      lazy
        .pipe(mergeMapTask(record('lazy'), Number.POSITIVE_INFINITY, { loop, eagerStart: false }))
        .subscribe((v) => seen.push(v));
      eager.next(1);
      lazy.next(2);
      log.push('after next');
      await sleep(5);
      expect(seen.sort()).toEqual([1, 2]);
    });
    expect(log).toEqual(['eager 1', 'after next', 'lazy 2']);
  });

  test('a switched-away eager task ran its first step and was cancelled at its await', async () => {
    const loop = new VirtualTimeLoop();
    const started: number[] = [];
    const results: number[] = [];
    await loop.runUntilComplete(async () => {
      const s = new Subject<number>();
      s.pipe(
        switchMapTask(
          async (v) => {
            started.push(v);
            await sleep(10);
            return v;
          },
          { eagerStart: true },
        ),
      ).subscribe((v) => results.push(v));
      s.next(1);
      s.next(2);
      await sleep(20);
    });
    expect(started).toEqual([1, 2]);
    expect(results).toEqual([2]);
  });

  test('fromTask is eager by default; eagerStart is checked', async () => {
    const loop = new VirtualTimeLoop();
    const log: string[] = [];
    await loop.runUntilComplete(async () => {
      fromTask(() => log.push('lazy'), { loop, eagerStart: false }).subscribe();
      fromTask(() => log.push('eager'), { loop }).subscribe();
      log.push('subscribed');
      await sleep(0);
    });
    expect(log).toEqual(['eager', 'subscribed', 'lazy']);
    expect(() => fromTask(async () => 1, { eagerStart: 'yes' as never })).toThrow(RxArgumentError);
    expect(() => switchMapTask(async () => 1, { eagerStart: 1 as never })).toThrow(
      'switchMapTask(options.eagerStart): expected a boolean, got 1',
    );
  });
});

describe('eager start by default: asyncio eager-task semantics inside the operators', () => {
  test('every task operator and fromTask runs the function inside next()/subscribe(), in its own task', async () => {
    const loop = new VirtualTimeLoop();
    const log: string[] = [];
    await loop.runUntilComplete(async () => {
      const outer = currentTask();
      const s = new Subject<string>();
      const project = async (op: string) => {
        const me = currentTask();
        log.push(`${op} ran in its own task: ${me !== null && me !== outer}`);
        await sleep(1);
        log.push(`${op} resumed in the same task: ${currentTask() === me}`);
        return op;
      };
      const results: string[] = [];
      for (const op of [
        switchMapTask(project),
        mergeMapTask(project),
        concatMapTask(project),
        exhaustMapTask(project),
      ]) {
        s.pipe(op).subscribe((v) => results.push(v));
      }
      fromTask(() => project('fromTask')).subscribe((v) => results.push(v));
      s.next('op');
      log.push('after next');
      await sleep(5);
      expect(results).toEqual(['fromTask', 'op', 'op', 'op', 'op']);
    });
    expect(log.slice(0, 6)).toEqual([
      'fromTask ran in its own task: true',
      'op ran in its own task: true',
      'op ran in its own task: true',
      'op ran in its own task: true',
      'op ran in its own task: true',
      'after next',
    ]);
    expect(log.slice(6).every((line) => line.endsWith('resumed in the same task: true'))).toBe(true);
    expect(log).toHaveLength(11);
  });

  test('switchMapTask: a task replacing a running one starts after the old one got its CancelledError', async () => {
    const loop = new VirtualTimeLoop();
    const log: string[] = [];
    const run = (options: { eagerStart?: boolean }) =>
      loop.runUntilComplete(async () => {
        const s = new Subject<number>();
        const results: number[] = [];
        s.pipe(
          switchMapTask(async (v) => {
            log.push(`start ${v}`);
            try {
              await sleep(10);
            } catch (e) {
              log.push(`${v} got ${(e as Error).name}`);
              throw e;
            }
            return v;
          }, options),
        ).subscribe((v) => results.push(v));
        s.next(1);
        log.push('next 1 returned');
        s.next(2);
        log.push('next 2 returned');
        await sleep(20);
        log.push(`results ${results.join(',')}`);
      });
    await run({});
    expect(log).toEqual([
      'start 1',
      'next 1 returned',
      'next 2 returned',
      '1 got CancelledError',
      'start 2',
      'results 2',
    ]);
    log.length = 0;
    await run({ eagerStart: true }); // every task eager: the new one runs before the old one hears of it
    expect(log).toEqual([
      'start 1',
      'next 1 returned',
      'start 2',
      'next 2 returned',
      '1 got CancelledError',
      'results 2',
    ]);
  });

  test('switchMapTask: of a burst, only the first and the last value ever run', async () => {
    const loop = new VirtualTimeLoop();
    const started: number[] = [];
    const results: number[] = [];
    await loop.runUntilComplete(async () => {
      const s = new Subject<number>();
      s.pipe(
        switchMapTask(async (v) => {
          started.push(v);
          await sleep(1);
          return v;
        }),
      ).subscribe((v) => results.push(v));
      for (let i = 1; i <= 5; i++) s.next(i);
      await sleep(10);
      // Once the stream is idle again, the next value starts eagerly.
      s.next(6);
      expect(started).toEqual([1, 5, 6]);
      await sleep(10);
    });
    expect(results).toEqual([5, 6]);
  });

  test('unsubscribing cancels an eagerly started task at its await and aborts its signal', async () => {
    const loop = new VirtualTimeLoop();
    let task: Task<unknown> | null = null;
    let caught: unknown;
    let signal: AbortSignal | undefined;
    await loop.runUntilComplete(async () => {
      const sub = fromTask(async (sig) => {
        task = currentTask();
        signal = sig;
        try {
          await sleep(10);
        } catch (e) {
          caught = e;
          throw e;
        }
      }).subscribe();
      expect(task).not.toBeNull(); // ran inside subscribe()
      sub.unsubscribe();
      expect(signal?.aborted).toBe(true);
      await sleep(1);
    });
    expect(caught).toBeInstanceOf(CancelledError);
    expect((task as Task<unknown> | null)?.cancelled()).toBe(true);
  });

  test('an eager task that ends without suspending emits with Promise timing, never inside next()', async () => {
    const loop = new VirtualTimeLoop();
    const log: string[] = [];
    await loop.runUntilComplete(async () => {
      const s = new Subject<number>();
      s.pipe(concatMapTask((v) => v * 2)).subscribe((v) => log.push(`got ${v}`));
      s.pipe(concatMapTask(async (v) => v * 3)).subscribe((v) => log.push(`got ${v}`));
      s.next(1);
      log.push('after next');
      await Promise.resolve();
      await Promise.resolve();
      log.push('two microtasks later');
    });
    expect(log).toEqual(['after next', 'got 2', 'got 3', 'two microtasks later']);
  });
});

describe('fromTask timing', () => {
  test('emits with Promise timing (a microtask after the task is done), before the loop’s done callbacks', async () => {
    const loop = new VirtualTimeLoop();
    const seen: string[] = [];
    const t = loop.createTask(async () => 1);
    t.addDoneCallback(() => seen.push('done callback'));
    fromTask(t).subscribe((v) => seen.push(`next ${v}`));
    await loop.runUntilIdle();
    expect(seen).toEqual(['next 1', 'done callback']);
  });
});
