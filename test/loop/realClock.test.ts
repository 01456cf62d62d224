// Timers of a real EventLoop on Node's clock: deadline order, never before the deadline by loop.time(), and one
// sleep per deadline instead of polling. These assert order and counts of wake-ups, never durations.
import { EventLoop, type LoopClock, realClock } from '../../src';
import { nodeClock } from '../../src/loop/clock';

/** Run `loop` until it stops, or stop it after 20 s and fail saying why (a hang guard for a busy machine). */
async function runWithGuard(loop: EventLoop, what: string): Promise<void> {
  let hung = false;
  const guard = setTimeout(() => {
    hung = true;
    loop.stop();
  }, 20_000);
  await loop.runForever();
  clearTimeout(guard);
  loop.close();
  if (hung) throw new Error(`${what}: the loop was still running after 20 s`);
}

/** Install `clock` as every real loop's clock while `fn` runs. */
async function withClock(clock: LoopClock, fn: () => Promise<void>): Promise<void> {
  const previous = realClock.delegate;
  realClock.delegate = clock;
  try {
    await fn();
  } finally {
    realClock.delegate = previous;
  }
}

/**
 * Schedule `n` timers with fractional deadlines spread over `spreadMs`, in scrambled order, half of them from
 * inside other timers; resolve with each firing's deadline and the loop time it ran at, in firing order.
 */
async function fireTimers(n: number, spreadMs: number): Promise<Array<[when: number, at: number]>> {
  const loop = new EventLoop();
  const fired: Array<[number, number]> = [];
  const base = loop.time() + 5;
  const onTimer = (when: number) => {
    fired.push([when, loop.time()]);
    if (fired.length === n) loop.stop();
  };
  for (let i = 0; i < n / 2; i++) {
    const when = base + ((i * 7919) % (n / 2)) * (spreadMs / (n / 2));
    loop.callAt(
      when,
      (w: number) => {
        onTimer(w);
        // One more timer, a fraction of a millisecond to a few ms from now.
        const delay = ((i * 37) % 50) / 17;
        const next = loop.time() + delay;
        loop.callAt(next, onTimer, next);
      },
      when,
    );
  }
  await runWithGuard(loop, `${n} timers`);
  return fired;
}

function expectInOrderNeverEarly(fired: Array<[number, number]>, n: number): void {
  expect(fired).toHaveLength(n);
  const early = fired.filter(([when, at]) => at < when);
  expect(early).toEqual([]);
  const outOfOrder = fired.filter(([when], i) => i > 0 && when < (fired[i - 1] as [number, number])[0]);
  expect(outOfOrder).toEqual([]);
}

test('timers on the real clock fire in deadline order and never before their deadline by loop.time()', async () => {
  expectInOrderNeverEarly(await fireTimers(2000, 40), 2000);
});

test('a host timer that fires early runs no loop timer early: the loop sleeps again for the rest', async () => {
  // A clock whose time moves only when a wait ends, and every wait of 1 ms or more ends half-way first (too
  // early, on purpose): deterministic however busy the machine is.
  let now = nodeClock.now();
  let earlyWakes = 0;
  const earlyClock: LoopClock = {
    now: () => now,
    immediate: nodeClock.immediate,
    keepAlive: nodeClock.keepAlive,
    timeout(cb, ms) {
      return nodeClock.immediate(() => {
        if (ms >= 1) {
          now += ms / 2;
          earlyWakes++;
        } else now += ms;
        cb();
      });
    },
  };
  await withClock(earlyClock, async () => {
    expectInOrderNeverEarly(await fireTimers(200, 40), 200);
  });
  expect(earlyWakes).toBeGreaterThan(0);
});

test("Node's clock sleeps until each deadline: a real loop never polls for a timer", async () => {
  // Every extra turn (an `immediate`) the loop takes for timers runs at least one timer that was already due,
  // so a loop that sleeps until each deadline takes at most one per timer; one that polls takes many more.
  let immediates = 0;
  const counting: LoopClock = {
    now: nodeClock.now,
    timeout: nodeClock.timeout,
    keepAlive: nodeClock.keepAlive,
    immediate(cb) {
      immediates++;
      return nodeClock.immediate(cb);
    },
    ...(nodeClock.spinMs === undefined ? {} : { spinMs: nodeClock.spinMs }),
  };
  const n = 20;
  await withClock(counting, async () => {
    const loop = new EventLoop();
    const fired: number[] = [];
    const base = loop.time() + 5;
    for (let i = 0; i < n; i++) {
      loop.callAt(base + i * 5 + 0.5, () => {
        fired.push(i);
        if (fired.length === n) loop.stop();
      });
    }
    await runWithGuard(loop, `${n} timers 5 ms apart`);
    expect(fired).toEqual(Array.from({ length: n }, (_, i) => i));
  });
  // One immediate starts runForever(); at most one more per timer.
  expect(immediates).toBeLessThanOrEqual(n + 1);
});
