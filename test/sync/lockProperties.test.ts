/**
 * fast-check properties of the synchronization primitives on a VirtualTimeLoop: random interleavings of
 * acquire/hold/release/cancel on Lock, Semaphore and BoundedSemaphore, of waiters/notifiers/holders/cancels on
 * Condition, and of waiters/cancels/resets/aborts on Barrier never let more tasks in than allowed, never lose
 * a wake-up (nothing waits that could go on), and never hang (everything ends once released or cancelled).
 * A scenario that keeps the loop busy forever fails through the hang guard, which prints it.
 */
import fc from 'fast-check';
import { type Future, sleep, type Task, VirtualTimeLoop } from '../../src';
import { Barrier, BoundedSemaphore, BrokenBarrierError, Condition, Lock, Semaphore } from '../../src/sync';
import { withHangGuard } from './helpers';

const at = fc.integer({ min: 0, max: 12 });
/** Microtasks (`await null`) a task lets pass before it acts: newcomers arriving between a wake-up and its run. */
const skew = fc.integer({ min: 0, max: 2 });

async function microtasks(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await null;
}

/** Every task of `tasks` must be done once the loop is idle: nothing hangs. */
function expectAllDone(tasks: readonly Task<unknown>[], what: string): void {
  const pending = tasks.filter((t) => !t.done()).map((t) => t.getName());
  expect({ what, pending }).toEqual({ what, pending: [] });
}

/** A task that ended other than by cancellation must not have failed. */
function expectNoFailure(tasks: readonly Task<unknown>[]): void {
  for (const t of tasks) if (t.done() && !t.cancelled()) expect(t.exception()).toBeUndefined();
}

/**
 * Plain promise code (no task) that acquires after `hops` microtasks, holds for `hold` ms and releases. Started
 * from a callback that runs just before a woken waiter's wake-up (same batch), its acquire() lands somewhere in
 * the waiter's resumption: the waiter must still count as first in line.
 */
interface PlainNewcomer {
  state: 'waiting' | 'holding' | 'released';
  done: Promise<void>;
}

function plainNewcomer(
  hops: number,
  hold: number,
  p: { acquire(): Promise<true>; release(): void },
  enter: () => void,
  leave: () => void,
): PlainNewcomer {
  const w: PlainNewcomer = { state: 'waiting', done: Promise.resolve() };
  w.done = (async () => {
    await microtasks(hops);
    await p.acquire();
    w.state = 'holding';
    enter();
    try {
      await sleep(hold);
    } finally {
      leave();
      w.state = 'released';
      p.release();
    }
  })();
  return w;
}

const newcomerArgs = { hops: fc.integer({ min: 0, max: 4 }), hold: fc.integer({ min: 0, max: 2 }) };

// --- Lock, Semaphore, BoundedSemaphore ------------------------------------------------------------------------

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

// --- Condition ------------------------------------------------------------------------------------------------

type CondOp =
  | { at: number; op: 'consumer'; skew: number; style: 0 | 1 }
  | { at: number; op: 'producer'; items: number; all: boolean; skew: number }
  | { at: number; op: 'syncProducer'; items: number; all: boolean }
  | { at: number; op: 'holder'; hold: number }
  | { at: number; op: 'parker' }
  | { at: number; op: 'cancel' | 'releaseThenCancel'; k: number }
  | { at: number; op: 'releaseWithNewcomer'; hops: number; hold: number };

const notifyArgs = { items: fc.integer({ min: 1, max: 3 }), all: fc.boolean() };
const condOpArb: fc.Arbitrary<CondOp> = fc.oneof(
  fc.record({
    at,
    op: fc.constant('consumer' as const),
    skew,
    style: fc.constantFrom(0 as const, 1 as const),
  }),
  fc.record({ at, op: fc.constant('producer' as const), ...notifyArgs, skew }),
  fc.record({ at, op: fc.constant('syncProducer' as const), ...notifyArgs }),
  fc.record({ at, op: fc.constant('holder' as const), hold: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ at, op: fc.constant('parker' as const) }),
  fc.record({ at, op: fc.constantFrom('cancel' as const, 'releaseThenCancel' as const), k: fc.nat() }),
  fc.record({ at, op: fc.constant('releaseWithNewcomer' as const), ...newcomerArgs }),
);

async function runConditionScript(ops: CondOp[]): Promise<void> {
  const loop = new VirtualTimeLoop();
  const lock = new Lock();
  const cond = new Condition(lock);
  let inside = 0; // holders of the condition's lock
  let peak = 0;
  let items = 0;
  let produced = 0;
  let consumed = 0;
  const enter = () => {
    inside++;
    peak = Math.max(peak, inside);
  };
  const produce = (n: number, all: boolean) => {
    items += n;
    produced += n;
    if (all) cond.notifyAll();
    else cond.notify(n);
  };
  const consumers: Task<void>[] = [];
  const others: Task<void>[] = [];
  // Parkers hold the lock until the script releases it for them (from a loop callback, not a task).
  const parkers: { task: Task<void>; holding: boolean }[] = [];
  const plain: PlainNewcomer[] = [];
  const releaseParked = () => {
    const p = parkers.find((x) => x.holding);
    if (p !== undefined) {
      p.holding = false;
      inside--;
      cond.release();
    }
  };
  /** Wait until an item is there, counting the lock as given up while waiting (wait() re-takes it). */
  const waitForItem = async (style: 0 | 1) => {
    if (style === 0) {
      while (items === 0) {
        inside--;
        try {
          await cond.wait();
        } finally {
          enter();
        }
      }
    } else {
      inside--;
      try {
        // waitFor checks first; a true predicate returns without releasing the lock.
        await cond.waitFor(() => items > 0);
      } finally {
        enter();
      }
    }
  };
  const spawn = (list: Task<void>[], skewBy: number, fn: () => Promise<void>) =>
    list.push(
      loop.createTask(async () => {
        await microtasks(skewBy);
        await fn();
      }),
    );
  for (const o of ops) {
    loop.callLater(o.at, () => {
      if (o.op === 'consumer') {
        spawn(consumers, o.skew, async () => {
          using _held = await cond.hold();
          enter();
          try {
            await waitForItem(o.style);
            items--;
            consumed++;
          } finally {
            inside--;
          }
        });
      } else if (o.op === 'producer') {
        spawn(others, o.skew, () =>
          cond.runExclusive(() => {
            enter();
            produce(o.items, o.all);
            inside--;
          }),
        );
      } else if (o.op === 'syncProducer') {
        // Outside any task: take the lock only if acquire() would not wait (it then locks synchronously).
        if (lock.locked() || [...lock._waiters].some((w) => !w.cancelled())) return;
        void cond.acquire();
        enter();
        produce(o.items, o.all);
        inside--;
        cond.release();
      } else if (o.op === 'holder') {
        spawn(others, 0, async () => {
          using _held = await cond.hold();
          enter();
          try {
            await sleep(o.hold);
          } finally {
            inside--;
          }
        });
      } else if (o.op === 'parker') {
        const p = { task: undefined as unknown as Task<void>, holding: false };
        p.task = loop.createTask(async () => {
          await cond.acquire();
          enter();
          p.holding = true;
          try {
            await loop.createFuture<void>(); // until cancelled
          } finally {
            if (p.holding) {
              p.holding = false;
              inside--;
              cond.release();
            }
          }
        });
        parkers.push(p);
      } else if (o.op === 'releaseWithNewcomer') {
        loop.callSoon(() => plain.push(plainNewcomer(o.hops, o.hold, cond, enter, () => inside--)));
        releaseParked(); // the woken task's wake-up goes behind the callback above
      } else {
        // Release for a parker, then cancel someone in the same moment (maybe the task just handed the lock).
        if (o.op === 'releaseThenCancel') releaseParked();
        const all = [...consumers, ...others, ...parkers.map((x) => x.task)];
        all[o.k % Math.max(1, all.length)]?.cancel();
      }
    });
  }
  await loop.runUntilIdle();
  expect(peak).toBeLessThanOrEqual(1);
  expectNoFailure([...consumers, ...others, ...parkers.map((x) => x.task)]);
  // Release what the parkers hold; then nobody may hold the lock, and every producer and holder has ended.
  for (const p of parkers) p.task.cancel();
  await loop.runUntilIdle();
  expectAllDone(
    parkers.map((x) => x.task),
    'parkers',
  );
  expect(peak).toBeLessThanOrEqual(1);
  expect(plain.map((w) => w.state)).toEqual(plain.map(() => 'released'));
  await Promise.all(plain.map((w) => w.done));
  expect(inside).toBe(0);
  expect(cond.locked()).toBe(false);
  expectAllDone(others, 'producers and holders');
  // No lost wake-up: a consumer still waits only while there is nothing to consume.
  if (consumers.some((t) => !t.done())) expect(items).toBe(0);
  expect(consumed + items).toBe(produced);
  // Never hang: one item per waiting consumer lets every one of them finish.
  const waiting = consumers.filter((t) => !t.done()).length;
  if (waiting > 0) {
    await loop.runUntilComplete(() => cond.runExclusive(() => produce(waiting, true)));
    await loop.runUntilIdle();
  }
  expectAllDone(consumers, 'consumers');
  expectNoFailure(consumers);
  expect(peak).toBeLessThanOrEqual(1);
  expect(consumed + items).toBe(produced);
  expect(cond._waiters.length).toBe(0);
  expect(cond.locked()).toBe(false);
  loop.close();
}

describe('Condition under random consumers, producers, holders and cancels', () => {
  it('one holder at a time, no lost notification, never hangs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(condOpArb, { maxLength: 30 }), (ops) =>
        withHangGuard('Condition', { ops }, () => runConditionScript(ops)),
      ),
      { numRuns: 500 },
    );
  });
});

// --- Barrier --------------------------------------------------------------------------------------------------

type BarrierOp =
  | { at: number; op: 'waiter'; rounds: number; pause: number; skew: number }
  | { at: number; op: 'reset' | 'abort' }
  | { at: number; op: 'cancel'; k: number };

const barrierOpArb: fc.Arbitrary<BarrierOp> = fc.oneof(
  {
    arbitrary: fc.record({
      at,
      op: fc.constant('waiter' as const),
      rounds: fc.integer({ min: 1, max: 3 }),
      pause: fc.integer({ min: 0, max: 2 }),
      skew,
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ at, op: fc.constantFrom('reset' as const, 'abort' as const) }), weight: 1 },
  { arbitrary: fc.record({ at, op: fc.constant('cancel' as const), k: fc.nat() }), weight: 1 },
);

async function runBarrierScript(parties: number, ops: BarrierOp[]): Promise<void> {
  const loop = new VirtualTimeLoop();
  const barrier = new Barrier(parties);
  const waiters: Task<void>[] = [];
  const others: Task<void>[] = [];
  const indices: number[] = []; // of every successful wait, in order
  const disturbed = ops.some((o) => o.op !== 'waiter');
  for (const o of ops) {
    loop.callLater(o.at, () => {
      if (o.op === 'waiter') {
        waiters.push(
          loop.createTask(async () => {
            await microtasks(o.skew);
            for (let r = 0; r < o.rounds; r++) {
              try {
                indices.push(await barrier.wait());
              } catch (e) {
                if (!(e instanceof BrokenBarrierError)) throw e;
              }
              if (o.pause > 0) await sleep(o.pause);
            }
          }),
        );
      } else if (o.op === 'reset') others.push(loop.createTask(() => barrier.reset()));
      else if (o.op === 'abort') others.push(loop.createTask(() => barrier.abort()));
      else if (o.op === 'cancel') waiters[o.k % Math.max(1, waiters.length)]?.cancel();
    });
  }
  await loop.runUntilIdle();
  expectNoFailure([...waiters, ...others]);
  expectAllDone(others, 'resets and aborts');
  // Nothing is left mid-drain or mid-reset, and the tasks still waiting are exactly the filling round.
  const pending = waiters.filter((t) => !t.done()).length;
  if (barrier.broken) expect(pending).toBe(0);
  else {
    expect(barrier.state).toBe('filling');
    expect(barrier.nWaiting).toBe(pending);
    expect(barrier._count).toBe(pending);
    expect(pending).toBeLessThan(parties);
  }
  if (!disturbed) {
    // Undisturbed, rounds are exact: each full round hands out the indices 0 … parties - 1.
    expect(indices.length % parties).toBe(0);
    for (let i = 0; i < indices.length; i += parties) {
      expect([...indices.slice(i, i + parties)].sort((a, b) => a - b)).toEqual([...Array(parties).keys()]);
    }
  }
  // Never hang: filling the round releases every waiter; aborting ends what is left.
  if (!barrier.broken && pending > 0) {
    const fillers = Array.from({ length: parties - pending }, () =>
      loop.createTask(async () => void (await barrier.wait())),
    );
    await loop.runUntilIdle();
    expectAllDone(fillers, 'fillers');
    expectNoFailure(fillers);
  }
  await loop.runUntilComplete(() => barrier.abort());
  await loop.runUntilIdle();
  expectAllDone(waiters, 'waiters');
  expectNoFailure(waiters);
  expect(barrier._count).toBe(0);
  loop.close();
}

describe('Barrier under random waiters, cancels, resets and aborts', () => {
  it('rounds pass whole, nothing is stranded mid-drain, never hangs', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.array(barrierOpArb, { maxLength: 24 }),
        (parties, ops) => withHangGuard('Barrier', { parties, ops }, () => runBarrierScript(parties, ops)),
      ),
      { numRuns: 150 },
    );
  });
});
