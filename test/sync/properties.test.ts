/**
 * fast-check properties: random producer/consumer/cancel interleavings on every queue kind never lose or
 * duplicate an item, and never leave a waiter blocked while it could proceed (no lost wake-up). The
 * synchronization primitives have theirs in lockProperties.test.ts.
 */
import fc from 'fast-check';
import { type Task, VirtualTimeLoop } from '../../src';
import { LifoQueue, PriorityQueue, Queue, QueueEmpty, QueueFull } from '../../src/sync';

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
  Queue: (maxSize: number) => new Queue<number>(maxSize),
  LifoQueue: (maxSize: number) => new LifoQueue<number>(maxSize),
  PriorityQueue: (maxSize: number) => new PriorityQueue<number>(maxSize),
};

async function runQueueScript(make: (maxSize: number) => Queue<number>, maxSize: number, ops: QueueOp[]) {
  const loop = new VirtualTimeLoop();
  const q = make(maxSize);
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
        (maxSize, ops) => runQueueScript(make, maxSize, ops),
      ),
      { numRuns: 300 },
    );
  });
});
