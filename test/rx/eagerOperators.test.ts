// Eager start in the task operators and fromTask (asyncio's eager tasks): with `eagerStart: true` the function runs
// inside the operator's `next`, as RxJS's own switchMap(v => from(promise)) calls it; by default a task starts on
// the next loop iteration.
import { Subject } from 'rxjs';
import { sleep, VirtualTimeLoop } from '../../src/index';
import { fromTask, mergeMapTask, RxArgumentError, switchMapTask } from '../../src/rx';

describe('eager start of task operators', () => {
  test('switchMapTask with eagerStart runs each function inside next(); by default a task waits for the loop', async () => {
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
      eager.pipe(switchMapTask(record('eager'), { eagerStart: true })).subscribe((v) => seen.push(v));
      lazy
        .pipe(mergeMapTask(record('lazy'), Number.POSITIVE_INFINITY, { loop }))
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

  test('fromTask is lazy by default; eagerStart is checked', async () => {
    const loop = new VirtualTimeLoop();
    const log: string[] = [];
    await loop.runUntilComplete(async () => {
      fromTask(() => log.push('lazy'), { loop }).subscribe();
      fromTask(() => log.push('eager'), { loop, eagerStart: true }).subscribe();
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
