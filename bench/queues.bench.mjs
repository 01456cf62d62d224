// Queue benchmarks (issue 4): put/get throughput of qtasyncio's Queue (tasks on an EventLoop) vs a plain
// array-backed async queue driven by plain async functions, unbounded and bounded. Imports the built package:
// run `npx tsc -p tsconfig.build.json` first (npm run bench does).
import { EventLoop, LifoQueue, PriorityQueue, Queue } from 'qtasyncio';
import { compareRates, report } from './report.mjs';

const ROUNDS = 5;
const N = 200_000;

/** The baseline: an array with a moving head, and FIFO lists of resolve functions for blocked callers. */
class ArrayQueue {
  constructor(maxsize = 0) {
    this.items = [];
    this.head = 0;
    this.getters = [];
    this.putters = [];
    this.maxsize = maxsize;
  }
  size() {
    return this.items.length - this.head;
  }
  async put(item) {
    while (this.maxsize > 0 && this.size() >= this.maxsize) await new Promise((r) => this.putters.push(r));
    this.items.push(item);
    this.getters.shift()?.();
  }
  async get() {
    while (this.size() === 0) await new Promise((r) => this.getters.push(r));
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    this.putters.shift()?.();
    return item;
  }
}

async function produce(q, n) {
  for (let i = 0; i < n; i++) await q.put(i);
}

async function consume(q, n) {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += await q.get();
  if (sum !== (n * (n - 1)) / 2) throw new Error(`lost or duplicated items: sum ${sum}`);
}

/** Baseline: one producer and one consumer as plain async functions. */
function raw(maxsize) {
  return (n) => {
    const q = new ArrayQueue(maxsize);
    return Promise.all([produce(q, n), consume(q, n)]);
  };
}

/** Ours: one producer task and one consumer task on a fresh EventLoop. */
function ours(make) {
  return async (n) => {
    const loop = new EventLoop();
    const q = make();
    await loop.runUntilComplete(async () => {
      const p = loop.createTask(() => produce(q, n));
      const c = loop.createTask(() => consume(q, n));
      await p;
      await c;
    });
    loop.close();
  };
}

const cases = [
  ['Queue put/get, unbounded', () => new Queue(), 0],
  ['Queue put/get, maxsize 16 (producer and consumer block in turn)', () => new Queue(16), 16],
  ['Queue put/get, maxsize 1 (hand-off per item)', () => new Queue(1), 1],
  ['LifoQueue put/get, maxsize 16', () => new LifoQueue(16), 16],
  ['PriorityQueue put/get, maxsize 16', () => new PriorityQueue(16), 16],
];
for (const [name, make, maxsize] of cases) {
  report({
    name: `${name} vs array-backed async queue`,
    ...(await compareRates(ours(make), raw(maxsize), N, { rounds: ROUNDS })),
    unit: 'items/s',
    higherIsBetter: true,
    goal: 'report (no goal set)',
  });
}
