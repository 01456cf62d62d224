// switchMapTask's own switching (no RxJS inner Observables): completion, values that arrive while a task starts,
// unsubscribing from inside a task, tasks cancelled by someone else, results with Promise timing.
import { of, Subject } from 'rxjs';
import {
  CancelledError,
  currentTask,
  LoopClosedError,
  sleep,
  type Task,
  VirtualTimeLoop,
} from '../../src/index';
import { switchMapTask } from '../../src/rx';
import { onLoop } from '../../src/testing';

describe('switchMapTask', () => {
  test('completes once the source has and the last task is done, at once when no task runs', async () => {
    await onLoop(async () => {
      const s = new Subject<string>();
      const events: unknown[] = [];
      s.pipe(switchMapTask((v, _signal, index) => sleep(10, `${v}${index}`))).subscribe({
        next: (v) => events.push(v),
        complete: () => events.push('complete'),
      });
      s.next('a');
      s.next('b');
      s.complete();
      await sleep(5);
      expect(events).toEqual([]);
      await sleep(10);
      expect(events).toEqual(['b1', 'complete']);

      const idle = new Subject<number>();
      const idleEvents: unknown[] = [];
      idle.pipe(switchMapTask((n) => sleep(10, n))).subscribe({
        next: (v) => idleEvents.push(v),
        complete: () => idleEvents.push('complete'),
      });
      idle.next(1);
      await sleep(10);
      idle.complete();
      expect(idleEvents).toEqual([1, 'complete']);
    });
  });

  test('a task cancelled by someone else ends without a value; the stream goes on', async () => {
    await onLoop(async () => {
      const s = new Subject<number>();
      const tasks: Task<unknown>[] = [];
      const events: unknown[] = [];
      s.pipe(
        switchMapTask(async (n) => {
          tasks.push(currentTask() as Task<unknown>);
          await sleep(10);
          return n;
        }),
      ).subscribe({ next: (v) => events.push(v), complete: () => events.push('complete') });
      s.next(1);
      tasks[0]?.cancel();
      await sleep(20);
      expect(events).toEqual([]);
      s.next(2);
      s.complete();
      await sleep(20);
      expect(events).toEqual([2, 'complete']);
      expect(tasks.map((t) => t.cancelled())).toEqual([true, false]);
    });
  });

  test('a value sent while the task of the one before starts replaces it', async () => {
    await onLoop(async () => {
      const s = new Subject<number>();
      const log: string[] = [];
      const results: number[] = [];
      s.pipe(
        switchMapTask(async (n) => {
          log.push(`start ${n}`);
          if (n === 1) s.next(2); // inside the eager first step of task 1
          try {
            await sleep(1);
          } catch (e) {
            log.push(`${n} got ${(e as Error).name}`);
            throw e;
          }
          return n;
        }),
      ).subscribe((v) => results.push(v));
      s.next(1);
      await sleep(5);
      expect(log).toEqual(['start 1', 'start 2', '1 got CancelledError']);
      expect(results).toEqual([2]);
    });
  });

  test('unsubscribing inside a task cancels it at its await', async () => {
    await onLoop(async () => {
      const s = new Subject<number>();
      const caught: unknown[] = [];
      const results: number[] = [];
      const sub = s
        .pipe(
          switchMapTask(async (n) => {
            sub.unsubscribe();
            try {
              await sleep(1);
            } catch (e) {
              caught.push(e);
              throw e;
            }
            return n;
          }),
        )
        .subscribe((v) => results.push(v));
      s.next(1);
      await sleep(5);
      expect(caught).toHaveLength(1);
      expect(caught[0]).toBeInstanceOf(CancelledError);
      expect(results).toEqual([]);
      expect(s.observed).toBe(false);
    });
  });

  test('a task done but not yet delivered is replaced like switchMap(from(promise)); the next one starts eagerly', async () => {
    await onLoop(async () => {
      const s = new Subject<number>();
      const log: string[] = [];
      s.pipe(
        switchMapTask((n) => {
          log.push(`start ${n}`);
          return n * 10;
        }),
      ).subscribe((v) => log.push(`got ${v}`));
      s.next(1); // its task ends at once; the result waits for a microtask
      s.next(2); // task 1 no longer runs: task 2 starts inside next() too
      log.push('after next');
      await Promise.resolve();
      expect(log).toEqual(['start 1', 'start 2', 'after next', 'got 20']);
    });
  });

  test('a failing task errors the stream and unsubscribes the source; a task that cannot start does too', async () => {
    await onLoop(async () => {
      const s = new Subject<number>();
      const errors: unknown[] = [];
      s.pipe(
        switchMapTask(async () => {
          await sleep(1);
          throw new Error('search failed');
        }),
      ).subscribe({ error: (e) => errors.push(e) });
      s.next(1);
      await sleep(5);
      expect(errors).toEqual([new Error('search failed')]);
      expect(s.observed).toBe(false);
    });
    const closed = new VirtualTimeLoop();
    closed.close();
    const errors: unknown[] = [];
    of(1)
      .pipe(switchMapTask(async () => 1, { loop: closed }))
      .subscribe({ error: (e) => errors.push(e) });
    expect(errors[0]).toBeInstanceOf(LoopClosedError);
  });
});
