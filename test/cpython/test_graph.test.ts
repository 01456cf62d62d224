/**
 * CPython's Lib/test/test_asyncio/test_graph.py, CallStackTestBase: call graphs of the running task and of
 * suspended tasks and Futures. Frames are written as CPython's test writes them: `a name` for an async function
 * suspended at an await, `s name` for a frame that is running (V8 cannot tell a running async function from a
 * plain one, so the innermost running async function is `s` here where CPython says `a`).
 */
import {
  captureCallGraph,
  type Future,
  type FutureCallGraph,
  gather,
  printCallGraph,
  setIntrospection,
  shield,
  sleep,
  Task,
  TaskGroup,
  timeout,
  wait,
} from '../../src';
import { asyncTest } from './helpers';

type Walked = [string, string[], Walked[]];

function walk(graph: FutureCallGraph): Walked {
  const name =
    graph.future instanceof Task
      ? /^Task-\d+$/.test(graph.future.getName())
        ? 'T<anon>'
        : `T<${graph.future.getName()}>`
      : 'F';
  const frames = graph.callStack.map((f) => `${f.async ? 'a' : 's'} ${f.functionName}`);
  const parents = graph.awaitedBy.map(walk).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  return [name, frames, parents];
}

/** CPython's capture_test_stack: the walked graph and the printed text. */
function captureTestStack(fut?: Future<unknown>, depth = 1): [Walked, string] {
  let text = '';
  printCallGraph(fut, { depth, out: { write: (s: string) => (text += s) } });
  const graph = captureCallGraph(fut, { depth });
  if (graph === null) throw new Error('captureTestStack(): no graph');
  return [walk(graph), text];
}

/** Only the frames of this file: the test runner's own frames below the test body differ from CPython's. */
function ours(w: Walked): Walked {
  return [
    w[0],
    w[1].filter((f) => !/^[as] (?:<anonymous>|asyncTest|Object\.<anonymous>)$/.test(f)),
    w[2].map(ours),
  ];
}

beforeAll(() => setIntrospection(true));
afterAll(() => setIntrospection(false));

describe('test_graph.CallStackTestBase', () => {
  test('test_graph.CallStackTestBase.test_stack_tgroup', async () => {
    let stackForC5: [Walked, string] | undefined;
    const c5 = (): void => {
      stackForC5 = captureTestStack(undefined, 2);
    };
    async function c4(): Promise<void> {
      await sleep(0);
      c5();
    }
    async function c3(): Promise<void> {
      await c4();
    }
    async function c2(): Promise<void> {
      await c3();
    }
    async function c1(task: Task<void>): Promise<void> {
      await task;
    }
    async function main(): Promise<void> {
      await TaskGroup.run((tg) => {
        const task = tg.createTask(c2, { name: 'c2_root' });
        const sub = (): Promise<void> => c1(task);
        tg.createTask(sub, { name: 'sub_main_1' });
        tg.createTask(sub, { name: 'sub_main_2' });
      });
    }
    await asyncTest(async () => {
      await main();
    });
    // The group's exit runs inside #runBody (resumed after the body), called from main, which is suspended.
    const parent: Walked = ['T<anon>', ['s TaskGroup.#exit', 's TaskGroup.#runBody', 'a main'], []];
    expect(ours((stackForC5 as [Walked, string])[0])).toEqual([
      'T<c2_root>',
      ['s c5', 's c4', 'a c3', 'a c2'],
      [
        parent,
        ['T<sub_main_1>', ['s c1', 's sub'], [parent]],
        ['T<sub_main_2>', ['s c1', 's sub'], [parent]],
      ],
    ]);
    expect((stackForC5 as [Walked, string])[1]).toContain(' in async c3()');
  });

  test('test_graph.CallStackTestBase.test_stack_async_gen', async () => {
    let stack: [Walked, string] | undefined;
    async function genNestedCall(): Promise<void> {
      stack = captureTestStack();
    }
    async function* gen(): AsyncGenerator<number> {
      for (let num = 0; num < 2; num++) {
        yield num;
        if (num === 1) await genNestedCall();
      }
    }
    async function main(): Promise<void> {
      for await (const _ of gen());
    }
    await asyncTest(async () => {
      await main();
    });
    expect(ours((stack as [Walked, string])[0])).toEqual([
      'T<anon>',
      // main's `for await` resumed gen through gen.next() synchronously: all three are running.
      ['s captureTestStack', 's genNestedCall', 's gen', 's gen.next', 's main'],
      [],
    ]);
    expect((stack as [Walked, string])[1]).toContain(' in gen()');
  });

  test('test_graph.CallStackTestBase.test_stack_gather', async () => {
    let stack: [Walked, string] | undefined;
    async function deep(): Promise<void> {
      await sleep(0);
      stack = captureTestStack();
    }
    async function c1(): Promise<void> {
      await sleep(0);
      await deep();
    }
    async function c2(): Promise<void> {
      await sleep(0);
    }
    async function main(): Promise<void> {
      await gather(c1, c2);
    }
    await asyncTest(async () => {
      await main();
    });
    expect(ours((stack as [Walked, string])[0])).toEqual([
      'T<anon>',
      ['s captureTestStack', 's deep', 'a c1'],
      [['T<anon>', ['s main'], []]],
    ]);
  });

  test('test_graph.CallStackTestBase.test_stack_shield', async () => {
    let stack: [Walked, string] | undefined;
    async function deep(): Promise<void> {
      await sleep(0);
      stack = captureTestStack();
    }
    async function c1(): Promise<void> {
      await sleep(0);
      await deep();
    }
    async function main(): Promise<void> {
      await shield(c1);
    }
    await asyncTest(async () => {
      await main();
    });
    expect(ours((stack as [Walked, string])[0])).toEqual([
      'T<anon>',
      ['s captureTestStack', 's deep', 'a c1'],
      [['T<anon>', ['s main'], []]],
    ]);
  });

  test('test_graph.CallStackTestBase.test_stack_timeout', async () => {
    let stack: [Walked, string] | undefined;
    async function inner(): Promise<void> {
      await sleep(0);
      stack = captureTestStack();
    }
    async function c1(): Promise<void> {
      await timeout(1000, async function body() {
        await sleep(0);
        await inner();
      });
    }
    async function main(): Promise<void> {
      await shield(c1);
    }
    await asyncTest(async () => {
      await main();
    });
    expect(ours((stack as [Walked, string])[0])).toEqual([
      'T<anon>',
      ['s captureTestStack', 's inner', 'a body', 'a runScoped', 'a c1'],
      [['T<anon>', ['s main'], []]],
    ]);
  });

  test('test_graph.CallStackTestBase.test_stack_wait', async () => {
    let stack: [Walked, string] | undefined;
    async function inner(): Promise<void> {
      await sleep(0);
      stack = captureTestStack();
    }
    async function c1(): Promise<void> {
      await timeout(1000, async function body() {
        await sleep(0);
        await inner();
      });
    }
    async function c2(): Promise<void> {
      for (let i = 0; i < 3; i++) await sleep(0);
    }
    async function main(t1: Task<void>, t2: Task<void>): Promise<void> {
      for (;;) {
        const [, pending] = await wait([t1, t2]);
        if (pending.size === 0) break;
      }
    }
    await asyncTest(async (loop) => {
      const t1 = loop.createTask(c1);
      const t2 = loop.createTask(c2);
      try {
        await main(t1, t2);
      } finally {
        await t1;
        await t2;
      }
    });
    expect(ours((stack as [Walked, string])[0])).toEqual([
      'T<anon>',
      ['s captureTestStack', 's inner', 'a body', 'a runScoped', 'a c1'],
      [['T<anon>', ['s waitFutures', 's wait', 's main'], []]],
    ]);
  });

  test('test_graph.CallStackTestBase.test_stack_task', async () => {
    let stack: [Walked, string] | undefined;
    async function inner(): Promise<void> {
      await sleep(0);
      stack = captureTestStack();
    }
    async function c1(): Promise<void> {
      await inner();
    }
    async function c2(loop: { createTask: (fn: () => Promise<void>, o: { name: string }) => Task<void> }) {
      await loop.createTask(c1, { name: 'there there' });
    }
    async function main(loop: Parameters<typeof c2>[0]): Promise<void> {
      await c2(loop);
    }
    await asyncTest(async (loop) => {
      await main(loop);
    });
    expect(ours((stack as [Walked, string])[0])).toEqual([
      'T<there there>',
      ['s captureTestStack', 's inner', 'a c1'],
      [['T<anon>', ['s c2', 's main'], []]], // main's first step called c2
    ]);
  });

  test('test_graph.CallStackTestBase.test_stack_future', async () => {
    let stack: [Walked, string] | undefined;
    async function a2(fut: Future<void>): Promise<void> {
      await fut;
    }
    async function a1(fut: Future<void>): Promise<void> {
      await a2(fut);
    }
    async function b1(fut: Future<void>): Promise<void> {
      await fut;
    }
    await asyncTest(async (loop) => {
      const fut = loop.createFuture<void>();
      await TaskGroup.run(async (g) => {
        const runA = (): Promise<void> => a1(fut);
        const runB = (): Promise<void> => b1(fut);
        g.createTask(runA, { name: 'task A' });
        g.createTask(runB, { name: 'task B' });
        for (let i = 0; i < 5; i++) await sleep(0);
        stack = captureTestStack(fut);
        fut.setResult();
      });
    });
    // The group's parent is the running task: it waits on nothing, so no stack was recorded for it.
    expect((stack as [Walked, string])[0]).toEqual([
      'F',
      [],
      [
        ['T<task A>', ['s a2', 's a1', 's runA'], [['T<anon>', [], []]]],
        ['T<task B>', ['s b1', 's runB'], [['T<anon>', [], []]]],
      ],
    ]);
    expect((stack as [Walked, string])[1].startsWith('* Future(id=')).toBe(true);
  });
});
