import { interval, take, timer, toArray } from 'rxjs';
import { InvalidStateError, LoopRangeError, LoopRunningError, sleep, VirtualTimeLoop } from '../../src';
import { loopScheduler } from '../../src/rx';

describe('VirtualTimeLoop', () => {
  it('time starts at `start` and moves only through advance / runUntilIdle', async () => {
    const loop = new VirtualTimeLoop({ start: 500 });
    expect(loop.time()).toBe(500);
    expect(loopScheduler(loop).now()).toBe(500);
    await new Promise((r) => setTimeout(r, 5));
    expect(loop.time()).toBe(500);
    await loop.advance(25);
    expect(loop.time()).toBe(525);
  });

  it('advance(ms) runs what is due, in order, and nothing later', async () => {
    const loop = new VirtualTimeLoop();
    const out: number[] = [];
    for (const d of [30, 10, 20, 40]) loop.callLater(d, () => out.push(loop.time()));
    await loop.advance(25);
    expect(out).toEqual([10, 20]);
    expect(loop.time()).toBe(25);
    await loop.advance(5);
    expect(out).toEqual([10, 20, 30]);
  });

  it('advance follows chains of timers scheduled by timers within the window', async () => {
    const loop = new VirtualTimeLoop();
    const out: number[] = [];
    const tick = (): void => {
      out.push(loop.time());
      if (out.length < 10) loop.callLater(10, tick);
    };
    loop.callLater(10, tick);
    await loop.advance(35);
    expect(out).toEqual([10, 20, 30]);
  });

  it('drives tasks, sleeps and microtasks between callbacks', async () => {
    const loop = new VirtualTimeLoop();
    const t = loop.createTask(async () => {
      const a = loop.time();
      await sleep(100);
      await Promise.resolve();
      await sleep(50);
      return [a, loop.time()];
    });
    await loop.advance(149);
    expect(t.done()).toBe(false);
    await loop.advance(1);
    expect(t.result()).toEqual([0, 150]);
  });

  it('runUntilIdle jumps from deadline to deadline until nothing is left', async () => {
    const loop = new VirtualTimeLoop();
    const out: number[] = [];
    loop.callLater(5000, () => out.push(loop.time()));
    loop.callLater(10, () => loop.callLater(7, () => out.push(loop.time())));
    await loop.runUntilIdle();
    expect(out).toEqual([17, 5000]);
    expect(loop.time()).toBe(5000);
  });

  it('runUntilIdle gives up on a timer that repeats forever', async () => {
    const loop = new VirtualTimeLoop();
    const again = (): void => {
      loop.callLater(1, again);
    };
    loop.callLater(1, again);
    await expect(loop.runUntilIdle({ maxTimers: 50 })).rejects.toThrow(InvalidStateError);
    await expect(loop.runUntilIdle({ maxTimers: 50 })).rejects.toThrow(/still busy after 50 timers/);
  });

  it('checks its options', () => {
    expect(() => new VirtualTimeLoop({ start: Number.NaN })).toThrow(
      'VirtualTimeLoop(options.start): expected a finite number, got NaN',
    );
    expect(() => new VirtualTimeLoop({ autoAdvance: 'yes' as never })).toThrow(
      'VirtualTimeLoop(options.autoAdvance): expected a boolean, got "yes"',
    );
  });

  it('advance on a closed loop or while another loop runs is refused', async () => {
    const loop = new VirtualTimeLoop();
    loop.close();
    await expect(loop.advance(1)).rejects.toThrow('advance(): the event loop is closed');
    const other = new VirtualTimeLoop();
    const running = new VirtualTimeLoop();
    const err = await running.runUntilComplete(async () =>
      other.advance(1).then(
        () => null,
        (e: unknown) => e,
      ),
    );
    expect((err as Error).message).toBe('advance(): another event loop is already running');
  });

  it('advance rejects a bad duration', async () => {
    const loop = new VirtualTimeLoop();
    await expect(loop.advance(-1)).rejects.toThrow(LoopRangeError);
    await expect(loop.advance(Number.NaN)).rejects.toThrow(
      'advance(ms): expected a finite number ≥ 0, got NaN',
    );
  });

  it('runUntilComplete jumps time when idle (autoAdvance)', async () => {
    const loop = new VirtualTimeLoop();
    const r = await loop.runUntilComplete(async () => {
      await sleep(60_000);
      return loop.time();
    });
    expect(r).toBe(60_000);
  });

  it('with autoAdvance: false, a running loop waits for advance()', async () => {
    const loop = new VirtualTimeLoop({ autoAdvance: false });
    const done = loop.runUntilComplete(async () => {
      await sleep(1000);
      return loop.time();
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(loop.isRunning()).toBe(true);
    await loop.advance(1000);
    await expect(done).resolves.toBe(1000);
  });

  it('drives RxJS operators scheduled on the loop deterministically', async () => {
    const loop = new VirtualTimeLoop();
    const seen: [number, number][] = [];
    interval(100, loopScheduler(loop))
      .pipe(take(3))
      .subscribe((n) => seen.push([n, loop.time()]));
    let last: number[] | undefined;
    timer(250, 50, loopScheduler(loop))
      .pipe(take(2), toArray())
      .subscribe((xs) => {
        last = [...xs, loop.time()];
      });
    await loop.advance(299);
    expect(seen).toEqual([
      [0, 100],
      [1, 200],
    ]);
    expect(last).toBeUndefined();
    await loop.advance(1);
    expect(seen).toEqual([
      [0, 100],
      [1, 200],
      [2, 300],
    ]);
    expect(last).toEqual([0, 1, 300]);
    await loop.runUntilIdle();
  });
});

test('a second advance() while one is still running is refused, and the first keeps its target', async () => {
  const loop = new VirtualTimeLoop();
  const fired: number[] = [];
  loop.callLater(5, () => fired.push(loop.time()));
  loop.callLater(10, () => fired.push(loop.time()));
  const first = loop.advance(10);
  await expect(loop.advance(10)).rejects.toThrow(
    new LoopRunningError('advance(): advance() is still running on this loop; await it first'),
  );
  await expect(loop.runUntilIdle()).rejects.toBeInstanceOf(LoopRunningError);
  await first;
  expect(fired).toEqual([5, 10]);
  expect(loop.time()).toBe(10);
  await loop.advance(10); // once the first has finished, the next one drives
  expect(loop.time()).toBe(20);
});
