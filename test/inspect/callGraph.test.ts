// Call graphs beyond CPython's cases: what is known without recording, limits, await cycles, argument errors.
import {
  captureCallGraph,
  formatCallGraph,
  gather,
  InspectArgumentError,
  isIntrospecting,
  NoRunningLoopError,
  setIntrospection,
  sleep,
  type Task,
  VirtualTimeLoop,
} from '../../src';
import { asyncTest } from '../cpython/helpers';

afterEach(() => setIntrospection(false));

function nameOf(t: unknown): string {
  return (t as Task<unknown>).getName();
}

describe('captureCallGraph', () => {
  test('without recording: what a task waits on and who awaits it, no call stack', async () => {
    expect(isIntrospecting()).toBe(false);
    await asyncTest(async (loop) => {
      const sleeper = loop.createTask(() => sleep(100), { name: 'sleeper' });
      const waiter = loop.createTask(async () => await sleeper, { name: 'waiter' });
      await sleep(10);
      const graph = captureCallGraph(sleeper);
      expect(graph?.callStack).toEqual([]);
      expect(graph?.awaitedBy.map((g) => nameOf(g.future))).toEqual(['waiter']);
      expect(graph?.awaitedBy[0]?.awaiting).toEqual(['Task "sleeper"']);
      await waiter;
    });
  });

  test('a task returning a sleep waits on it: "sleep(due in N ms)" in loop time', async () => {
    await asyncTest(async (loop) => {
      const t = loop.createTask(async () => {
        await sleep(100);
      });
      await sleep(30);
      expect(captureCallGraph(t)?.awaiting).toEqual(['sleep(due in 70 ms)']);
      await t;
    });
  });

  test('with recording: the file and line of the await', async () => {
    setIntrospection(true);
    await asyncTest(async (loop) => {
      async function fetchPage(): Promise<void> {
        await sleep(0); // from here on fetchPage runs resumed, and crawl is suspended at its await: async
        await sleep(100);
      }
      const t = loop.createTask(async function crawl() {
        await fetchPage();
      });
      await sleep(1);
      const frames = captureCallGraph(t)?.callStack ?? [];
      expect(frames.map((f) => `${f.async ? 'a' : 's'} ${f.functionName}`)).toEqual([
        's fetchPage',
        'a crawl',
      ]);
      expect(frames[0]?.fileName).toBe(__filename);
      expect(formatCallGraph(t)).toMatch(
        /^\* Task\(name="Task-\d+", id=\d+\)\n\+ Call stack:\n\| {3}File ".*callGraph\.test\.ts", line \d+, in fetchPage\(\)\n\| {3}File .*, in async crawl\(\)\n\+ Awaiting: sleep\(due in 99 ms\)$/,
      );
      await t;
    });
  });

  test('limit keeps the innermost (positive), the outermost (negative) or no frames (0)', async () => {
    setIntrospection(true);
    await asyncTest(async (loop) => {
      async function c(): Promise<void> {
        await sleep(50);
      }
      async function b(): Promise<void> {
        await c();
      }
      async function a(): Promise<void> {
        await b();
      }
      const t = loop.createTask(a);
      await sleep(1);
      const names = (limit: number | null) =>
        captureCallGraph(t, { limit })?.callStack.map((f) => f.functionName);
      expect(names(null)).toEqual(['c', 'b', 'a']);
      expect(names(2)).toEqual(['c', 'b']);
      expect(names(-1)).toEqual(['a']);
      expect(names(0)).toEqual([]);
      await t;
    });
  });

  test('an await cycle is cut where a task repeats', async () => {
    // Two tasks awaiting each other never end on their own; cancelling one unwinds both.
    const loop = new VirtualTimeLoop();
    const tasks: Task<unknown>[] = [];
    const a = loop.createTask(
      async () => {
        await sleep(0);
        await tasks[1];
      },
      { name: 'a' },
    );
    const b = loop.createTask(
      async () => {
        await sleep(0);
        await a;
      },
      { name: 'b' },
    );
    tasks.push(a, b);
    await loop.runUntilComplete(() => sleep(1));
    const graph = captureCallGraph(a);
    expect(nameOf(graph?.awaitedBy[0]?.future)).toBe('b');
    const repeated = graph?.awaitedBy[0]?.awaitedBy[0];
    expect(repeated?.future).toBe(a);
    expect(repeated?.cycle).toBe(true);
    expect(repeated?.awaitedBy).toEqual([]);
    expect(formatCallGraph(a)).toContain('(await cycle: awaits itself further down)');
    expect(a.cancel()).toBe(true);
    await loop.runUntilComplete(() => sleep(1));
    expect([a.cancelled(), b.cancelled()]).toEqual([true, true]);
    loop.close();
  });

  test('gather children are awaited by whoever awaits the gather; the gather says what it waits for', async () => {
    await asyncTest(async (loop) => {
      const child = loop.createTask(() => sleep(50), { name: 'child' });
      const all = gather(child, sleep(10));
      const parent = loop.createTask(async () => await all, { name: 'parent' });
      await sleep(1);
      expect(captureCallGraph(child)?.awaitedBy.map((g) => nameOf(g.future))).toEqual(['parent']);
      expect(captureCallGraph(parent)?.awaiting).toEqual(['gather(2 awaitables, 2 pending)']);
      await parent;
    });
  });

  test('outside a task: null for the running task, NoRunningLoopError without a loop', async () => {
    expect(() => captureCallGraph()).toThrow(NoRunningLoopError);
    const loop = new VirtualTimeLoop();
    loop.callSoon(() => {
      expect(captureCallGraph()).toBeNull();
      expect(formatCallGraph()).toBe('');
    });
    await loop.runUntilComplete(() => sleep(1));
    loop.close();
  });

  test('bad arguments are InspectArgumentErrors naming the argument', () => {
    expect(() => captureCallGraph(42 as never)).toThrow(
      new InspectArgumentError('captureCallGraph(future): expected a Future or Task, got 42'),
    );
    expect(() => captureCallGraph(null, { depth: 0 })).toThrow(
      /captureCallGraph\(options\.depth\): expected an integer ≥ 1, got 0/,
    );
    expect(() => captureCallGraph(null, { deph: 1 } as never)).toThrow(
      /unknown option "deph" \(did you mean "depth"\?/,
    );
    expect(() => setIntrospection('yes' as never)).toThrow(InspectArgumentError);
  });
});
