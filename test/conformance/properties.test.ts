/**
 * Property tests (fast-check) of the loop's scheduling order and of task cancellation, on a VirtualTimeLoop.
 *
 * The reference model is asyncio's `BaseEventLoop._run_once`, with the tie-break for timers:
 * - each iteration first moves every due timer (deadline ≤ now) to the end of the ready queue, ordered by
 *   deadline, then by scheduling order;
 * - then it runs exactly the callbacks that were ready at that moment (one batch): callbacks scheduled during the
 *   batch run in the next iteration;
 * - a cancelled handle never runs (also when it is cancelled by an earlier callback of its own batch);
 * - when nothing is ready, virtual time jumps to the earliest live deadline.
 */
import fc from 'fast-check';
import { CancelledError, type Future, type Handle, sleep, type Task, VirtualTimeLoop } from '../../src';
import { recordExceptions } from '../../src/testing';

type Kind = 'soon' | 'later' | 'at';
type Op = { schedule: number } | { cancel: number };
interface NodeSpec {
  kind: Kind;
  delay: number;
}
interface Program {
  nodes: NodeSpec[];
  /** What each callback does when it runs, in order; key -1 is the top level, run before the loop starts. */
  bodies: Map<number, Op[]>;
}
interface Run {
  id: number;
  t: number;
}

const programArb: fc.Arbitrary<Program> = fc
  .tuple(
    fc.array(
      fc.record({
        parent: fc.nat(),
        kind: fc.constantFrom<Kind>('soon', 'later', 'at'),
        delay: fc.integer({ min: 0, max: 6 }),
      }),
      { minLength: 1, maxLength: 30 },
    ),
    fc.array(fc.record({ by: fc.nat(), target: fc.nat(), pos: fc.nat(31) }), { maxLength: 12 }),
  )
  .map(([raw, cancels]) => {
    const n = raw.length;
    const keyed = new Map<number, { pos: number; op: Op }[]>();
    const add = (owner: number, pos: number, op: Op) => {
      const list = keyed.get(owner) ?? [];
      list.push({ pos, op });
      keyed.set(owner, list);
    };
    const nodes = raw.map((r, i) => {
      // The parent is the top level (-1) or an earlier node, so every node is scheduled by at most one owner.
      add((r.parent % (i + 1)) - 1, i, { schedule: i });
      return { kind: r.kind, delay: r.delay };
    });
    for (const c of cancels) add((c.by % (n + 1)) - 1, c.pos + 0.5, { cancel: c.target % n });
    const bodies = new Map<number, Op[]>();
    for (const [owner, list] of keyed) {
      bodies.set(
        owner,
        list.sort((a, b) => a.pos - b.pos).map((x) => x.op),
      );
    }
    return { nodes, bodies };
  });

/** The asyncio reference model: which callbacks run, in which order, at which virtual time. */
function model(p: Program): Run[] {
  let now = 0;
  let seq = 0;
  const ready: number[] = [];
  let timers: { id: number; when: number; seq: number }[] = [];
  const created = new Set<number>();
  const cancelled = new Set<number>();
  const out: Run[] = [];
  const exec = (owner: number) => {
    for (const op of p.bodies.get(owner) ?? []) {
      if ('schedule' in op) {
        const id = op.schedule;
        const node = p.nodes[id] as NodeSpec;
        created.add(id);
        if (node.kind === 'soon') ready.push(id);
        else timers.push({ id, when: now + node.delay, seq: seq++ });
      } else if (created.has(op.cancel)) {
        cancelled.add(op.cancel);
      }
    }
  };
  exec(-1);
  for (;;) {
    if (ready.length === 0) {
      const live = timers.filter((t) => !cancelled.has(t.id));
      if (live.length === 0) break;
      now = Math.max(now, Math.min(...live.map((t) => t.when)));
    }
    const due = timers.filter((t) => t.when <= now).sort((a, b) => a.when - b.when || a.seq - b.seq);
    timers = timers.filter((t) => t.when > now);
    for (const t of due) ready.push(t.id);
    const batch = ready.splice(0);
    for (const id of batch) {
      if (cancelled.has(id)) continue;
      out.push({ id, t: now });
      exec(id);
    }
  }
  return out;
}

/** Build the program on a real VirtualTimeLoop: returns the run log and the handles by node id. */
function install(loop: VirtualTimeLoop, p: Program) {
  const t0 = loop.time();
  const out: Run[] = [];
  const handles = new Map<number, Handle>();
  const exec = (owner: number) => {
    for (const op of p.bodies.get(owner) ?? []) {
      if ('schedule' in op) {
        const id = op.schedule;
        const node = p.nodes[id] as NodeSpec;
        const cb = () => {
          out.push({ id, t: loop.time() - t0 });
          exec(id);
        };
        const h =
          node.kind === 'soon'
            ? loop.callSoon(cb)
            : node.kind === 'later'
              ? loop.callLater(node.delay, cb)
              : loop.callAt(loop.time() + node.delay, cb);
        handles.set(id, h);
      } else {
        handles.get(op.cancel)?.cancel();
      }
    }
  };
  exec(-1);
  return { out, handles, t0 };
}

/** Node ids whose handle was cancelled at some point, according to the program's execution (model side). */
function cancelledIds(p: Program, runs: Run[]): Set<number> {
  const ran = new Set(runs.map((r) => r.id));
  const created = new Set<number>();
  const cancelled = new Set<number>();
  for (const owner of [-1, ...runs.map((r) => r.id)]) {
    for (const op of p.bodies.get(owner) ?? []) {
      if ('schedule' in op) created.add(op.schedule);
      else if (created.has(op.cancel) && !ran.has(op.cancel)) cancelled.add(op.cancel);
    }
  }
  return cancelled;
}

describe('scheduling order equals the asyncio model', () => {
  it('model sanity: FIFO batches, timers by deadline then scheduling order, cancelled never run', () => {
    // Hand-checked example, so that a wrong model cannot make the properties pass vacuously.
    const p: Program = {
      nodes: [
        { kind: 'later', delay: 5 }, // 0
        { kind: 'soon', delay: 0 }, // 1
        { kind: 'later', delay: 5 }, // 2: same deadline as 0, scheduled later
        { kind: 'soon', delay: 0 }, // 3: scheduled by 1 → next batch
        { kind: 'later', delay: 0 }, // 4: scheduled by 1 with delay 0 → due next iteration, after 3
        { kind: 'soon', delay: 0 }, // 5: cancelled by the top level
      ],
      bodies: new Map<number, Op[]>([
        [-1, [{ schedule: 0 }, { schedule: 1 }, { schedule: 2 }, { schedule: 5 }, { cancel: 5 }]],
        [1, [{ schedule: 3 }, { schedule: 4 }]],
      ]),
    };
    expect(model(p)).toEqual([
      { id: 1, t: 0 },
      { id: 3, t: 0 },
      { id: 4, t: 0 },
      { id: 0, t: 5 },
      { id: 2, t: 5 },
    ]);
  });

  it('runUntilIdle(): order, virtual times, and cancelled handles', async () => {
    await fc.assert(
      fc.asyncProperty(programArb, async (p) => {
        const loop = new VirtualTimeLoop();
        const errors = recordExceptions(loop);
        const { out, handles } = install(loop, p);
        await loop.runUntilIdle();
        const expected = model(p);
        expect(out).toEqual(expected);
        for (const id of cancelledIds(p, expected)) expect(handles.get(id)?.cancelled()).toBe(true);
        expect(errors).toEqual([]);
        loop.close();
      }),
      { numRuns: 300 },
    );
  });

  it('advance(ms) in random steps: time moves by exactly ms and runs exactly what is due', async () => {
    await fc.assert(
      fc.asyncProperty(
        programArb,
        fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 25 }),
        async (p, steps) => {
          const loop = new VirtualTimeLoop();
          const errors = recordExceptions(loop);
          const { out, t0 } = install(loop, p);
          const expected = model(p);
          let elapsed = 0;
          for (const step of steps) {
            await loop.advance(step);
            elapsed += step;
            expect(loop.time() - t0).toBe(elapsed);
            expect(out).toEqual(expected.filter((r) => r.t <= elapsed));
          }
          await loop.runUntilIdle();
          expect(out).toEqual(expected);
          expect(errors).toEqual([]);
          loop.close();
        },
      ),
      { numRuns: 200 },
    );
  });
});

interface TaskSpec {
  /** Even durations; each step awaits `sleep(d)` or a loop Future resolved by `callLater(d)`. */
  steps: { d: number; viaFuture: boolean }[];
  /** Odd virtual time of a cancel request (never ties with a step boundary), or null for none. */
  cancelAt: number | null;
  cancelTwice: boolean;
  /** Catch the CancelledError and return a value instead. */
  swallow: boolean;
}

const taskSpecArb: fc.Arbitrary<TaskSpec> = fc.record({
  steps: fc.array(
    fc.record({ d: fc.integer({ min: 0, max: 5 }).map((x) => 2 * x), viaFuture: fc.boolean() }),
    {
      minLength: 1,
      maxLength: 4,
    },
  ),
  cancelAt: fc.option(
    fc.integer({ min: 0, max: 20 }).map((x) => 2 * x + 1),
    { nil: null },
  ),
  cancelTwice: fc.boolean(),
  swallow: fc.boolean(),
});

describe('random cancel points', () => {
  it('every task ends cancelled (at the await it was in) or with its result, and no callback runs twice', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(taskSpecArb, { minLength: 1, maxLength: 8 }), async (specs) => {
        const loop = new VirtualTimeLoop();
        const errors = recordExceptions(loop);
        const t0 = loop.time();
        const progress = specs.map(() => 0);
        const innerFutures: { f: Future<number>; calls: number; timerRuns: number }[] = [];
        const doneAt: number[] = specs.map(() => Number.NaN);
        const doneCalls = specs.map(() => 0);
        const cancelReturns: boolean[][] = specs.map(() => []);
        const tasks: Task<string>[] = [];

        // Cancel requests are scheduled first, so they are timers scheduled before any step's timer.
        specs.forEach((spec, i) => {
          if (spec.cancelAt === null) return;
          loop.callLater(spec.cancelAt, () => {
            const t = tasks[i] as Task<string>;
            cancelReturns[i]?.push(t.cancel());
            if (spec.cancelTwice && !spec.swallow) cancelReturns[i]?.push(t.cancel());
          });
        });
        specs.forEach((spec, i) => {
          const t = loop.createTask(async () => {
            try {
              for (const [k, step] of spec.steps.entries()) {
                if (step.viaFuture) {
                  const f = loop.createFuture<number>();
                  const entry = { f, calls: 0, timerRuns: 0 };
                  innerFutures.push(entry);
                  f.addDoneCallback(() => {
                    entry.calls++;
                  });
                  loop.callLater(step.d, () => {
                    entry.timerRuns++;
                    if (!f.done()) f.setResult(k);
                  });
                  expect(await f).toBe(k);
                } else {
                  await sleep(step.d);
                }
                progress[i] = k + 1;
              }
              return `result-${i}`;
            } catch (e) {
              if (spec.swallow && e instanceof CancelledError) return `swallowed-${i}`;
              throw e;
            }
          });
          t.addDoneCallback(() => {
            doneCalls[i] = (doneCalls[i] ?? 0) + 1;
            doneAt[i] = loop.time() - t0;
          });
          tasks.push(t);
        });

        await loop.runUntilIdle();

        specs.forEach((spec, i) => {
          const t = tasks[i] as Task<string>;
          const ends: number[] = [];
          let acc = 0;
          for (const s of spec.steps) {
            acc += s.d;
            ends.push(acc);
          }
          const total = acc;
          const hit = spec.cancelAt !== null && spec.cancelAt < total;
          expect(t.done()).toBe(true);
          expect(doneCalls[i]).toBe(1);
          if (!hit) {
            expect(t.cancelled()).toBe(false);
            expect(t.result()).toBe(`result-${i}`);
            expect(progress[i]).toBe(spec.steps.length);
            expect(doneAt[i]).toBe(total);
            if (spec.cancelAt !== null) expect(cancelReturns[i]?.[0]).toBe(false);
            return;
          }
          // The CancelledError surfaced at the await that was pending at time cancelAt.
          expect(progress[i]).toBe(ends.filter((e) => e < (spec.cancelAt as number)).length);
          expect(doneAt[i]).toBe(spec.cancelAt);
          expect(cancelReturns[i]?.[0]).toBe(true);
          expect(t.signal.aborted).toBe(true);
          expect(t.signal.reason).toBeInstanceOf(CancelledError);
          if (spec.swallow) {
            expect(t.cancelled()).toBe(false);
            expect(t.result()).toBe(`swallowed-${i}`);
            expect(t.cancelling()).toBe(1);
          } else {
            expect(t.cancelled()).toBe(true);
            expect(() => t.result()).toThrow(CancelledError);
            expect(t.cancelling()).toBe(spec.cancelTwice ? 2 : 1);
          }
        });
        for (const e of innerFutures) {
          expect(e.f.done()).toBe(true);
          expect(e.calls).toBe(1);
          expect(e.timerRuns).toBe(1);
        }
        expect(errors).toEqual([]);
        loop.close();
      }),
      { numRuns: 150 },
    );
  });
});

describe('cancellation through a chain of awaiting tasks', () => {
  it('cancelling any task of a chain reaches the innermost await and unwinds outwards level by level', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        fc.integer({ min: 1, max: 10 }).map((x) => 2 * x),
        fc.integer({ min: 0, max: 12 }).map((x) => 2 * x + 1),
        async (catches, rawTarget, duration, cancelAt) => {
          const n = catches.length;
          const target = rawTarget % n;
          const loop = new VirtualTimeLoop();
          const errors = recordExceptions(loop);
          const t0 = loop.time();
          // tasks[0] is the outermost; tasks[n-1] sleeps; each task awaits the next one.
          const tasks: Task<string>[] = new Array(n);
          const doneAt: number[] = new Array(n).fill(Number.NaN);
          for (let i = n - 1; i >= 0; i--) {
            const inner = tasks[i + 1];
            tasks[i] = loop.createTask(async () => {
              try {
                const v = inner === undefined ? await sleep(duration, 'leaf') : await inner;
                return `${v}>${i}`;
              } catch (e) {
                if (catches[i] && e instanceof CancelledError) return `caught${i}`;
                throw e;
              }
            });
            (tasks[i] as Task<string>).addDoneCallback(() => {
              doneAt[i] = loop.time() - t0;
            });
          }
          loop.callLater(cancelAt, () => (tasks[target] as Task<string>).cancel());
          await loop.runUntilIdle();

          // Expected: fold from the innermost level outwards.
          const hit = cancelAt < duration;
          let outcome: { cancelled: true } | { value: string } = hit
            ? { cancelled: true }
            : { value: 'leaf' };
          for (let i = n - 1; i >= 0; i--) {
            if ('cancelled' in outcome) {
              if (catches[i]) outcome = { value: `caught${i}` };
            } else {
              outcome = { value: `${outcome.value}>${i}` };
            }
            const t = tasks[i] as Task<string>;
            expect(t.done()).toBe(true);
            if ('cancelled' in outcome) {
              expect(t.cancelled()).toBe(true);
            } else {
              expect(t.cancelled()).toBe(false);
              expect(t.result()).toBe(outcome.value);
            }
            expect(t.cancelling()).toBe(hit && i >= target ? 1 : 0);
            expect(doneAt[i]).toBe(hit ? cancelAt : duration);
          }
          expect(errors).toEqual([]);
          loop.close();
        },
      ),
      { numRuns: 200 },
    );
  });
});
