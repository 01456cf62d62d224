/**
 * fast-check property of Condition on a VirtualTimeLoop: random consumers (wait() and waitFor()), producers
 * (tasks and synchronous callbacks, notify(n) and notifyAll()), holders, parked holders released from callbacks,
 * plain promise newcomers and cancels never let two tasks hold the lock, never lose a notification (a consumer
 * waits only while there is nothing to consume) and never hang. The hang guard prints a scenario that never
 * lets the loop go idle.
 */
import fc from 'fast-check';
import { sleep, type Task, VirtualTimeLoop } from '../../src';
import { Condition, Lock } from '../../src/sync';
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
