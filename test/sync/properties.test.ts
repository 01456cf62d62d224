/**
 * fast-check properties: random producer/consumer/cancel interleavings on every queue kind, and random
 * acquire/hold/release/cancel interleavings on Lock, Semaphore and BoundedSemaphore, never lose or duplicate
 * an item or a permit, and never leave a waiter blocked while it could proceed (no lost wake-up).
 */
import fc from 'fast-check';
import { type Future, sleep, type Task, VirtualTimeLoop } from '../../src';
import {
  BoundedSemaphore,
  LifoQueue,
  Lock,
  PriorityQueue,
  Queue,
  QueueEmpty,
  QueueFull,
  Semaphore,
} from '../../src/sync';

type QueueOp =
  | { at: number; op: 'spawnGet' | 'spawnPut' | 'putNowait' | 'getNowait' }
  | { at: number; op: 'cancel' | 'putNowaitThenCancel' | 'getNowaitThenCancel'; k: number };

const queueOpArb: fc.Arbitrary<QueueOp> = fc.oneof(
  fc.record({
    at: fc.integer({ min: 0, max: 12 }),
    op: fc.constantFrom('spawnGet' as const, 'spawnPut' as const, 'putNowait' as const, 'getNowait' as const),
  }),
  fc.record({
    at: fc.integer({ min: 0, max: 12 }),
    op: fc.constantFrom('cancel' as const, 'putNowaitThenCancel' as const, 'getNowaitThenCancel' as const),
    k: fc.nat(),
  }),
);

const kinds = {
  Queue: (maxsize: number) => new Queue<number>(maxsize),
  LifoQueue: (maxsize: number) => new LifoQueue<number>(maxsize),
  PriorityQueue: (maxsize: number) => new PriorityQueue<number>(maxsize),
};

async function runQueueScript(make: (maxsize: number) => Queue<number>, maxsize: number, ops: QueueOp[]) {
  const loop = new VirtualTimeLoop();
  const q = make(maxsize);
  let next = 0;
  const put: number[] = [];
  const got: number[] = [];
  // Tasks whose result is the operation's outcome: a get task's item counts only if the task succeeded.
  const tasks: ({ task: Task<number>; kind: 'get' } | { task: Task<void>; kind: 'put'; v: number })[] = [];
  const nowait = (fn: () => void) => {
    try {
      fn();
    } catch (e) {
      if (!(e instanceof QueueEmpty || e instanceof QueueFull)) throw e;
    }
  };
  const cancel = (k: number) => tasks[k % Math.max(1, tasks.length)]?.task.cancel();
  for (const o of ops) {
    loop.callLater(o.at, () => {
      switch (o.op) {
        case 'spawnGet':
          tasks.push({ task: loop.createTask(() => q.get()), kind: 'get' });
          break;
        case 'spawnPut': {
          const v = next++;
          tasks.push({ task: loop.createTask(() => q.put(v)), kind: 'put', v });
          break;
        }
        case 'putNowait':
        case 'putNowaitThenCancel': {
          const v = next++;
          nowait(() => {
            q.putNowait(v);
            put.push(v);
          });
          if (o.op === 'putNowaitThenCancel') cancel(o.k);
          break;
        }
        case 'getNowait':
        case 'getNowaitThenCancel':
          nowait(() => got.push(q.getNowait()));
          if (o.op === 'getNowaitThenCancel') cancel(o.k);
          break;
        case 'cancel':
          cancel(o.k);
          break;
      }
    });
  }
  await loop.runUntilIdle();
  // No lost wake-up: a getter still waits only on an empty queue, a putter only on a full one.
  const pending = tasks.filter((t) => !t.task.done());
  if (pending.some((t) => t.kind === 'get')) expect(q.empty()).toBe(true);
  if (pending.some((t) => t.kind === 'put')) expect(q.full()).toBe(true);
  for (const t of tasks)
    expect(t.task.done() && !t.task.cancelled() ? t.task.exception() : undefined).toBeUndefined();
  for (const t of pending) t.task.cancel();
  await loop.runUntilIdle();
  for (const t of tasks) {
    if (t.task.cancelled()) continue;
    if (t.kind === 'get') got.push(t.task.result());
    else put.push(t.v);
  }
  while (!q.empty()) got.push(q.getNowait());
  // Conservation: every item put comes out exactly once; nothing else comes out.
  expect(new Set(got).size).toBe(got.length);
  expect([...got].sort((a, b) => a - b)).toEqual([...put].sort((a, b) => a - b));
  loop.close();
}

describe.each(Object.entries(kinds))('%s under random producers, consumers and cancels', (_name, make) => {
  it('never loses or duplicates an item, never strands a waiter', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 3 }),
        fc.array(queueOpArb, { maxLength: 40 }),
        (maxsize, ops) => runQueueScript(make, maxsize, ops),
      ),
      { numRuns: 300 },
    );
  });
});

type LockOp =
  | { at: number; op: 'sleeper'; hold: number; style: 0 | 1 | 2 }
  | { at: number; op: 'parker' | 'acquirer' }
  | { at: number; op: 'cancel' | 'releaseThenCancel'; k: number };

const lockOpArb: fc.Arbitrary<LockOp> = fc.oneof(
  fc.record({
    at: fc.integer({ min: 0, max: 12 }),
    op: fc.constant('sleeper' as const),
    hold: fc.integer({ min: 0, max: 4 }),
    style: fc.constantFrom(0 as const, 1 as const, 2 as const),
  }),
  fc.record({
    at: fc.integer({ min: 0, max: 12 }),
    op: fc.constantFrom('parker' as const, 'acquirer' as const),
  }),
  fc.record({
    at: fc.integer({ min: 0, max: 12 }),
    op: fc.constantFrom('cancel' as const, 'releaseThenCancel' as const),
    k: fc.nat(),
  }),
);

interface Permits {
  acquire(): Promise<true>;
  release(): void;
  hold(): Promise<Disposable>;
  runExclusive<T>(fn: () => T | PromiseLike<T>): Promise<T>;
}

const primitives: [string, (n: number) => { p: Permits; free: () => number; capacity: number }][] = [
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

async function runLockScript(
  make: (n: number) => { p: Permits; free: () => number; capacity: number },
  n: number,
  ops: LockOp[],
) {
  const loop = new VirtualTimeLoop();
  const { p, free, capacity } = make(n);
  let holders = 0;
  let peak = 0;
  type State = 'waiting' | 'holding' | 'released';
  // Parkers hold until released by the script or cancelled; acquirers are bare `acquire()` tasks whose
  // success means they hold a permit (released by the script), and whose cancellation must mean they do not.
  const workers: { task: Task<unknown>; state: State; parker?: true }[] = [];
  const enter = () => {
    holders++;
    peak = Math.max(peak, holders);
  };
  const cancel = (k: number) => workers[k % Math.max(1, workers.length)]?.task.cancel();
  for (const o of ops) {
    loop.callLater(o.at, () => {
      if (o.op === 'sleeper') {
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
          task: loop.createTask(() => p.acquire()),
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
        // Holds until the script releases it (releaseThenCancel) or it is cancelled.
        const w = {
          state: 'waiting' as State,
          task: undefined as unknown as Task<void>,
          parker: true as const,
        };
        const park: Future<void> = loop.createFuture<void>();
        w.task = loop.createTask(async () => {
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
        if (o.op === 'releaseThenCancel') {
          // Release synchronously on behalf of a parked holder, then cancel someone in the same moment:
          // when that is the waiter just woken, it must pass the permit on.
          const h = workers.find((w) => w.parker === true && w.state === 'holding');
          if (h !== undefined) {
            h.state = 'released';
            holders--;
            p.release();
          }
        }
        cancel(o.k);
      }
    });
  }
  const check = () => expect(holders).toBeLessThanOrEqual(capacity);
  await loop.runUntilIdle();
  check();
  expect(peak).toBeLessThanOrEqual(capacity);
  // No lost wake-up: a worker still waiting to acquire means no permit is free.
  if (workers.some((w) => w.state === 'waiting' && !w.task.done())) expect(free()).toBe(0);
  for (const w of workers) {
    if (w.task.done() && !w.task.cancelled()) expect(w.task.exception()).toBeUndefined();
  }
  for (const w of workers) w.task.cancel();
  await loop.runUntilIdle();
  for (const w of workers) {
    if (w.parker === true && w.state === 'holding') {
      w.state = 'released';
      holders--;
      p.release();
    }
  }
  // No leaked or duplicated permit.
  expect(holders).toBe(0);
  expect(free()).toBe(capacity);
  loop.close();
}

describe.each(primitives)('%s under random holders, waiters and cancels', (_name, make) => {
  it('never exceeds its permits, never leaks one, never strands a waiter', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 3 }), fc.array(lockOpArb, { maxLength: 30 }), (n, ops) =>
        runLockScript(make, n, ops),
      ),
      { numRuns: 300 },
    );
  });
});
