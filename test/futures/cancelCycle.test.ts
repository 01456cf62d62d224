// Cancelling a task in an await cycle (A awaits B awaits A). Task.cancel() cancels what the task awaits, which
// for a task cancels what that one awaits, and so on: round a cycle this came back for ever (a stack overflow).
// Now the cancellation stops where it comes back: the cancelled task gets the CancelledError at its own await (as
// if what it awaits had been cancelled), and the cycle unwinds from there; counts (cancelling()) and uncancel()
// are as for a chain of awaits.
import { CancelledError, gather, sleep, type Task, VirtualTimeLoop } from '../../src';

/** Tasks awaiting each other in a ring: task i awaits task i+1, the last one awaits the first. */
function ring(loop: VirtualTimeLoop, names: string[], log: string[]): Task<unknown>[] {
  const tasks: Task<unknown>[] = [];
  for (const [i, name] of names.entries()) {
    tasks.push(
      loop.createTask(
        async () => {
          try {
            await sleep(0); // every task exists before any awaits the next one
            return await tasks[(i + 1) % names.length];
          } finally {
            log.push(`${name} finally`);
          }
        },
        { name },
      ),
    );
  }
  return tasks;
}

async function settle(loop: VirtualTimeLoop, tasks: Task<unknown>[]): Promise<void> {
  await loop.advance(0);
  await loop.advance(0);
  for (const t of tasks) expect(t.done()).toBe(true);
}

test('two tasks awaiting each other: cancel() returns, both end cancelled, both finally blocks run', async () => {
  const loop = new VirtualTimeLoop();
  const log: string[] = [];
  const [a, b] = ring(loop, ['a', 'b'], log) as [Task<unknown>, Task<unknown>];
  await loop.advance(1);
  expect([a.done(), b.done()]).toEqual([false, false]); // a deadlock until someone cancels
  expect(a.cancel('stop')).toBe(true);
  // One request each, as for a chain a → b: the echo that came back round the cycle is not counted again.
  expect([a.cancelling(), b.cancelling()]).toEqual([1, 1]);
  await settle(loop, [a, b]);
  expect([a.cancelled(), b.cancelled()]).toEqual([true, true]);
  // The cancellation came back to a: a is interrupted at its await of b, then b gets a's cancellation.
  expect(log).toEqual(['a finally', 'b finally']);
  expect(() => a.result()).toThrow(new CancelledError('stop'));
  expect(() => b.result()).toThrow(new CancelledError('stop'));
  loop.close();
});

test('a ring of three, cancelled from the middle', async () => {
  const loop = new VirtualTimeLoop();
  const log: string[] = [];
  const tasks = ring(loop, ['a', 'b', 'c'], log);
  await loop.advance(1);
  expect((tasks[1] as Task<unknown>).cancel()).toBe(true);
  expect(tasks.map((t) => t.cancelling())).toEqual([1, 1, 1]);
  await settle(loop, tasks);
  expect(tasks.map((t) => t.cancelled())).toEqual([true, true, true]);
  expect(log).toEqual(['b finally', 'a finally', 'c finally']);
  loop.close();
});

test('cycles through gather unwind too (a awaits gather(b), b awaits a; and the other way round)', async () => {
  const loop = new VirtualTimeLoop();
  const tasks: Task<unknown>[] = [];
  const a = loop.createTask(async () => {
    await sleep(0);
    return gather(tasks[1] as Task<unknown>);
  });
  const b = loop.createTask(async () => {
    await sleep(0);
    return await a;
  });
  tasks.push(a, b);
  await loop.advance(1);
  expect(a.cancel()).toBe(true);
  await settle(loop, [a, b]);
  expect([a.cancelled(), b.cancelled()]).toEqual([true, true]);
  // The cancellation comes back to a from gather's cancel() (not from a task's await).
  const c: Task<unknown>[] = [];
  const d = loop.createTask(async () => {
    await sleep(0);
    return await c[1];
  });
  const e = loop.createTask(async () => {
    await sleep(0);
    return gather(d);
  });
  c.push(d, e);
  await loop.advance(1);
  expect(d.cancel()).toBe(true);
  await settle(loop, [d, e]);
  expect([d.cancelled(), e.cancelled()]).toEqual([true, true]);
  loop.close();
});

test('the interrupted task may catch the cancellation and uncancel(), as at any await', async () => {
  const loop = new VirtualTimeLoop();
  const tasks: Task<unknown>[] = [];
  const a = loop.createTask(async () => {
    await sleep(0);
    return `a got ${await tasks[1]}`;
  });
  const b = loop.createTask(async () => {
    await sleep(0);
    try {
      return await a;
    } catch (e) {
      expect(e).toBeInstanceOf(CancelledError);
      return `b recovered (cancelling ${tasks[1]?.uncancel()})`;
    }
  });
  tasks.push(a, b);
  await loop.advance(1);
  b.cancel();
  await settle(loop, [a, b]);
  // As in a chain b → a: a's await took b's cancellation, b absorbed it, so a goes on with b's result.
  expect(b.result()).toBe('b recovered (cancelling 0)');
  expect(a.result()).toBe('a got b recovered (cancelling 0)');
  expect([a.cancelling(), b.cancelling()]).toEqual([1, 0]);
  loop.close();
});
