/**
 * fast-check property of Barrier on a VirtualTimeLoop: random waiters (several rounds, re-waiting at once or
 * after a pause, skewed by microtasks), cancels, resets and aborts never leave the barrier mid-drain or
 * mid-reset, keep exactly the filling round waiting, hand out whole rounds when undisturbed, and never hang.
 * The hang guard prints a scenario that never lets the loop go idle.
 */
import fc from 'fast-check';
import { sleep, type Task, VirtualTimeLoop } from '../../src';
import { Barrier, BrokenBarrierError } from '../../src/sync';
import { withHangGuard } from './helpers';
import { at, expectAllDone, expectNoFailure, microtasks, skew } from './propertyHelpers';

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
