import { delay, of, Subscription } from 'rxjs';
import { EventLoop, LoopArgumentError, VirtualTimeLoop } from '../../src';
import { loopScheduler } from '../../src/rx';

describe('loopScheduler(loop): the loop as an RxJS SchedulerLike', () => {
  it('now() is time()', async () => {
    const loop = new VirtualTimeLoop({ start: 42 });
    expect(loopScheduler(loop).now()).toBe(loop.time());
  });

  it('schedule() runs through the loop queue (FIFO with callSoon) and passes state and this', async () => {
    const loop = new VirtualTimeLoop();
    const out: unknown[] = [];
    loop.callSoon(() => out.push('soon-1'));
    const sub = loopScheduler(loop).schedule(
      function (state) {
        out.push(state);
        expect(typeof this.schedule).toBe('function');
      },
      0,
      'rx',
    );
    loop.callSoon(() => out.push('soon-2'));
    expect(sub).toBeInstanceOf(Subscription);
    await loop.advance(0);
    expect(out).toEqual(['soon-1', 'rx', 'soon-2']);
  });

  it('rescheduling from inside the work repeats it; unsubscribe stops it (idempotently)', async () => {
    const loop = new VirtualTimeLoop();
    const at: number[] = [];
    const sub = loopScheduler(loop).schedule(
      function (n) {
        at.push(loop.time());
        this.schedule((n ?? 0) + 1, 10);
      },
      5,
      0,
    );
    await loop.advance(30);
    expect(at).toEqual([5, 15, 25]);
    sub.unsubscribe();
    sub.unsubscribe();
    await loop.advance(100);
    expect(at).toEqual([5, 15, 25]);
  });

  it('unsubscribing before it runs cancels it; negative/NaN delays mean soon', async () => {
    const loop = new VirtualTimeLoop();
    const fn = jest.fn();
    loopScheduler(loop).schedule(fn, 10).unsubscribe();
    loopScheduler(loop).schedule(fn, -5);
    loopScheduler(loop).schedule(fn, Number.NaN);
    await loop.runUntilIdle();
    expect(fn).toHaveBeenCalledTimes(2);
    expect(() => loopScheduler(loop).schedule(3 as never)).toThrow(LoopArgumentError);
  });

  it('works with a real loop and an operator', async () => {
    const loop = new EventLoop();
    const got = await loop.runUntilComplete(
      () =>
        new Promise<number>((resolve) => {
          of(1)
            .pipe(delay(5, loopScheduler(loop)))
            .subscribe((v) => resolve(v));
        }),
    );
    expect(got).toBe(1);
    loop.close();
  });
});
