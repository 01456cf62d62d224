/**
 * fast-check properties of Lock, Semaphore and BoundedSemaphore on a VirtualTimeLoop: random interleavings of
 * acquire/hold/release/cancel (tasks and plain promise code, skewed by microtasks) never let more holders in
 * than there are permits, never leak a permit, never lose a wake-up (nothing waits while a permit is free) and
 * never hang (everything ends once released or cancelled). A scenario that keeps the loop busy forever fails
 * through the hang guard, which prints it. Condition and Barrier: conditionProperties, barrierProperties.
 */
import fc from 'fast-check';
import { type Future, sleep, type Task, VirtualTimeLoop } from '../../src';
import { BoundedSemaphore, Lock, Semaphore } from '../../src/sync';
import { withHangGuard } from './helpers';
import {
  at,
  expectAllDone,
  expectNoFailure,
  microtasks,
  newcomerArgs,
  type PlainNewcomer,
  plainNewcomer,
  skew,
} from './propertyHelpers';

type LockOp =
  | { at: number; op: 'sleeper'; hold: number; style: 0 | 1 | 2; skew: number }
  | { at: number; op: 'parker' | 'acquirer'; skew: number }
  | { at: number; op: 'cancel' | 'releaseThenCancel'; k: number }
  | { at: number; op: 'releaseWithNewcomer'; hops: number; hold: number };

const lockOpArb: fc.Arbitrary<LockOp> = fc.oneof(
  fc.record({
    at,
    op: fc.constant('sleeper' as const),
    hold: fc.integer({ min: 0, max: 4 }),
    style: fc.constantFrom(0 as const, 1 as const, 2 as const),
    skew,
  }),
  fc.record({ at, op: fc.constantFrom('parker' as const, 'acquirer' as const), skew }),
  fc.record({ at, op: fc.constantFrom('cancel' as const, 'releaseThenCancel' as const), k: fc.nat() }),
  fc.record({ at, op: fc.constant('releaseWithNewcomer' as const), ...newcomerArgs }),
);

interface Permits {
  acquire(): Promise<true>;
  release(): void;
  hold(): Promise<Disposable>;
  runExclusive<T>(fn: () => T | PromiseLike<T>): Promise<T>;
}

type MakePermits = (n: number) => { p: Permits; free: () => number; capacity: number };

const permitKinds: [string, MakePermits][] = [
  [
    'Lock',
    () => {
      const p = new Lock();
      return { p, free: () => (p.locked() ? 0 : 1), capacity: 1 };
    },
  ],
  [
    'Semaphore',
    (n) => {
      const p = new Semaphore(n);
      return { p, free: () => p._value, capacity: n };
    },
  ],
  [
    'BoundedSemaphore',
    (n) => {
      const p = new BoundedSemaphore(n);
      return { p, free: () => p._value, capacity: n };
    },
  ],
];

async function runPermitScript(make: MakePermits, n: number, ops: LockOp[]): Promise<void> {
  const loop = new VirtualTimeLoop();
  const { p, free, capacity } = make(n);
  let holders = 0;
  let peak = 0;
  type State = 'waiting' | 'holding' | 'released';
  // Sleepers hold for a while; parkers hold until the script releases them or they are cancelled; acquirers
  // are bare `acquire()` tasks whose success means they hold a permit (released by the script).
  const workers: { task: Task<unknown>; state: State; parker?: true }[] = [];
  const enter = () => {
    holders++;
    peak = Math.max(peak, holders);
  };
  const cancel = (k: number) => workers[k % Math.max(1, workers.length)]?.task.cancel();
  const plain: PlainNewcomer[] = [];
  const releaseParked = () => {
    const h = workers.find((w) => w.parker === true && w.state === 'holding');
    if (h !== undefined) {
      h.state = 'released';
      holders--;
      p.release();
    }
  };
  for (const o of ops) {
    loop.callLater(o.at, () => {
      if (o.op === 'releaseWithNewcomer') {
        loop.callSoon(() => plain.push(plainNewcomer(o.hops, o.hold, p, enter, () => holders--)));
        releaseParked(); // the woken waiter's wake-up goes behind the callback above
      } else if (o.op === 'sleeper') {
        const w = { state: 'waiting' as State, task: undefined as unknown as Task<void> };
        const body = async () => {
          w.state = 'holding';
          enter();
          try {
            await sleep(o.hold);
          } finally {
            holders--;
            w.state = 'released';
          }
        };
        w.task = loop.createTask(async () => {
          await microtasks(o.skew);
          if (o.style === 0) {
            await p.acquire();
            try {
              await body();
            } finally {
              p.release();
            }
          } else if (o.style === 1) {
            using _held = await p.hold();
            await body();
          } else await p.runExclusive(body);
        });
        workers.push(w);
      } else if (o.op === 'acquirer') {
        const w = {
          state: 'waiting' as State,
          task: loop.createTask(async () => {
            await microtasks(o.skew);
            return p.acquire();
          }),
          parker: true as const,
        };
        w.task.addDoneCallback((t) => {
          if (!t.cancelled() && t.exception() === undefined) {
            w.state = 'holding';
            enter();
          }
        });
        workers.push(w);
      } else if (o.op === 'parker') {
        const w = {
          state: 'waiting' as State,
          task: undefined as unknown as Task<void>,
          parker: true as const,
        };
        const park: Future<void> = loop.createFuture<void>();
        w.task = loop.createTask(async () => {
          await microtasks(o.skew);
          await p.acquire();
          w.state = 'holding';
          enter();
          try {
            await park;
          } finally {
            if (w.state === 'holding') {
              holders--;
              w.state = 'released';
              p.release();
            }
          }
        });
        workers.push(w);
      } else if (o.op === 'cancel' || o.op === 'releaseThenCancel') {
        // Release on behalf of a parked holder, then cancel someone in the same moment: when that is the
        // waiter just woken, it must pass the permit on.
        if (o.op === 'releaseThenCancel') releaseParked();
        cancel(o.k);
      }
    });
  }
  await loop.runUntilIdle();
  expect(peak).toBeLessThanOrEqual(capacity);
  // No lost wake-up: a worker still waiting to acquire means no permit is free.
  const stillWaiting =
    workers.some((w) => w.state === 'waiting' && !w.task.done()) || plain.some((w) => w.state === 'waiting');
  if (stillWaiting) expect(free()).toBe(0);
  expectNoFailure(workers.map((w) => w.task));
  // Never hang: once everyone is cancelled and the holders released, everything ends and every permit is back.
  for (const w of workers) w.task.cancel();
  await loop.runUntilIdle();
  for (const w of workers) {
    if (w.parker === true && w.state === 'holding') {
      w.state = 'released';
      holders--;
      p.release();
    }
  }
  await loop.runUntilIdle();
  expectAllDone(
    workers.map((w) => w.task),
    'workers',
  );
  expect(plain.map((w) => w.state)).toEqual(plain.map(() => 'released'));
  await Promise.all(plain.map((w) => w.done));
  expect(peak).toBeLessThanOrEqual(capacity);
  expect(holders).toBe(0);
  expect(free()).toBe(capacity);
  loop.close();
}

describe.each(permitKinds)('%s under random holders, waiters and cancels', (name, make) => {
  it('never exceeds its permits, never leaks one, never strands a waiter, never hangs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 3 }), fc.array(lockOpArb, { maxLength: 30 }), (n, ops) =>
        withHangGuard(name, { n, ops }, () => runPermitScript(make, n, ops)),
      ),
      { numRuns: 150 },
    );
  });
});
