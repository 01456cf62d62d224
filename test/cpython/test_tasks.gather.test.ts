/**
 * CPython's Lib/test/test_asyncio/test_tasks.py: GatherTestsBase with its two variants (FutureGatherTests gathers
 * Futures, CoroutineGatherTests gathers task functions awaiting them, started inside the running loop), their own
 * cases, and BaseTaskTests' test_cancel_gather_*. Shield is in test_tasks.shield.test.ts.
 */
import {
  CancelledError,
  type Future,
  type GatherOptions,
  gather,
  InvalidArgumentError,
  NotAwaitableError,
  setEventLoop,
  sleep,
  VirtualTimeLoop,
} from '../../src';
import { GatheringFuture } from '../../src/concurrency/gather';
import { recordExceptions } from '../../src/testing';
import { futures } from '../concurrency/helpers';
import { expectExportedError, syncErrorOf } from '../conformance/helpers';
import { cancelledErrorOf, runBriefly, runReady, useTestLoop } from './taskHelpers';

let oneLoop: VirtualTimeLoop;
let otherLoop: VirtualTimeLoop;
useTestLoop((l) => {
  oneLoop = l;
});
beforeEach(() => {
  otherLoop = new VirtualTimeLoop();
});
afterEach(() => {
  if (!otherLoop.isClosed()) otherLoop.close();
});

/** CPython's MockCallback: records the arguments of each call. */
function mockCallback(): ((...args: unknown[]) => void) & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  return Object.assign((...args: unknown[]) => void calls.push(args), { calls });
}

interface Variant {
  cls: 'FutureGatherTests' | 'CoroutineGatherTests';
  /** What is gathered for the Futures `fs`. */
  wrap(fs: Future<unknown>[]): unknown[];
  /** Call gather (inside the running loop for the coroutine variant); boxed, or awaiting would adopt it. */
  gather(aws: unknown[], options?: GatherOptions): Promise<[GatheringFuture<unknown[]>]>;
}

const variants: Variant[] = [
  {
    cls: 'FutureGatherTests',
    wrap: (fs) => fs,
    gather: async (aws, options) => [gather(aws as Future<unknown>[], options ?? {})],
  },
  {
    cls: 'CoroutineGatherTests',
    wrap: (fs) => fs.map((f) => async () => await f),
    gather: (aws, options) =>
      oneLoop.runUntilComplete(async () => [gather(aws as Future<unknown>[], options ?? {})]),
  },
];

describe.each(variants)('test_tasks.$cls (GatherTestsBase)', (v) => {
  const name = (test: string): string => `test_tasks.${v.cls}.${test}`;

  async function checkSuccess(options?: GatherOptions): Promise<void> {
    const [a, b, c] = futures<number, 3>(oneLoop, 3);
    const [fut] = await v.gather(v.wrap([a, b, c]), options);
    const cb = mockCallback();
    fut.addDoneCallback(cb);
    b.setResult(1);
    a.setResult(2);
    await runReady(oneLoop);
    expect(cb.calls).toEqual([]);
    expect(fut.done()).toBe(false);
    c.setResult(3);
    await runReady(oneLoop);
    expect(cb.calls).toEqual([[fut]]);
    expect(fut.result()).toEqual([2, 1, 3]);
  }

  test(name('test_success'), async () => {
    await checkSuccess();
    await checkSuccess({ returnExceptions: false });
  });

  test(name('test_result_exception_success'), async () => {
    await checkSuccess({ returnExceptions: true });
  });

  test(name('test_one_exception'), async () => {
    const [a, b, c, d, e] = futures<number, 5>(oneLoop, 5);
    const [fut] = await v.gather(v.wrap([a, b, c, d, e]));
    const cb = mockCallback();
    fut.addDoneCallback(cb);
    const exc = new RangeError('zero division');
    a.setResult(1);
    b.setException(exc);
    await runReady(oneLoop);
    expect(fut.done()).toBe(true);
    expect(cb.calls).toEqual([[fut]]);
    expect(fut.exception()).toBe(exc);
    // Does nothing.
    c.setResult(3);
    d.cancel();
    e.setException(new Error('runtime'));
    e.exception();
  });

  test(name('test_return_exceptions'), async () => {
    const [a, b, c, d] = futures<number, 4>(oneLoop, 4);
    const [fut] = await v.gather(v.wrap([a, b, c, d]), { returnExceptions: true });
    const cb = mockCallback();
    fut.addDoneCallback(cb);
    const exc = new RangeError('zero division');
    const exc2 = new Error('runtime');
    b.setResult(1);
    c.setException(exc);
    a.setResult(3);
    await runReady(oneLoop);
    expect(fut.done()).toBe(false);
    d.setException(exc2);
    await runReady(oneLoop);
    expect(fut.done()).toBe(true);
    expect(cb.calls).toEqual([[fut]]);
    expect(fut.result()).toEqual([3, 1, exc, exc2]);
  });
});

describe('test_tasks.FutureGatherTests', () => {
  test('test_tasks.FutureGatherTests.test_constructor_empty_sequence_without_loop', () => {
    const err = syncErrorOf(() => gather());
    expectExportedError(err);
    expect(err.message).toMatch(/no current event loop/);
  });

  test('test_tasks.FutureGatherTests.test_constructor_empty_sequence_use_running_loop', async () => {
    const [fut] = await oneLoop.runUntilComplete(async () => [gather()]);
    expect(fut).toBeInstanceOf(GatheringFuture);
    expect(fut.getLoop()).toBe(oneLoop);
    await runReady(oneLoop);
    expect(fut.done()).toBe(true);
    expect(fut.result()).toEqual([]);
  });

  test('test_tasks.FutureGatherTests.test_constructor_empty_sequence_use_global_loop', async () => {
    setEventLoop(oneLoop);
    const fut = gather();
    expect(fut.getLoop()).toBe(oneLoop);
    await runReady(oneLoop);
    expect(fut.done()).toBe(true);
    expect(fut.result()).toEqual([]);
  });

  test('test_tasks.FutureGatherTests.test_constructor_heterogenous_futures', () => {
    const fut1 = oneLoop.createFuture<number>();
    const fut2 = otherLoop.createFuture<number>();
    expect(syncErrorOf(() => gather(fut1, fut2))).toBeInstanceOf(InvalidArgumentError);
  });

  test('test_tasks.FutureGatherTests.test_constructor_homogenous_futures', async () => {
    const children = futures<number, 3>(otherLoop, 3);
    for (let i = 0; i < 2; i++) {
      const fut = gather(children);
      expect(fut.getLoop()).toBe(otherLoop);
      await runReady(otherLoop);
      expect(fut.done()).toBe(false);
    }
  });

  test('test_tasks.FutureGatherTests.test_one_cancellation', async () => {
    const [a, b, c, d, e] = futures<number, 5>(oneLoop, 5);
    const fut = gather(a, b, c, d, e);
    const cb = mockCallback();
    fut.addDoneCallback(cb);
    a.setResult(1);
    b.cancel();
    await runReady(oneLoop);
    expect(fut.done()).toBe(true);
    expect(cb.calls).toEqual([[fut]]);
    expect(fut.cancelled()).toBe(false);
    expect(fut.exception()).toBeInstanceOf(CancelledError);
    // Does nothing.
    c.setResult(3);
    d.cancel();
    e.setException(new Error('runtime'));
    e.exception();
  });

  test('test_tasks.FutureGatherTests.test_result_exception_one_cancellation', async () => {
    const fs = futures<number, 6>(oneLoop, 6);
    const [a, b, c, d, e, f] = fs;
    const fut = gather(fs, { returnExceptions: true });
    const cb = mockCallback();
    fut.addDoneCallback(cb);
    a.setResult(1);
    const zde = new RangeError('zero division');
    b.setException(zde);
    c.cancel();
    await runReady(oneLoop);
    expect(fut.done()).toBe(false);
    d.setResult(3);
    e.cancel();
    const rte = new Error('runtime');
    f.setException(rte);
    const res = await oneLoop.runUntilComplete(fut);
    expect(res[2]).toBeInstanceOf(CancelledError);
    expect(res[4]).toBeInstanceOf(CancelledError);
    expect([res[0], res[1], res[3], res[5]]).toEqual([1, zde, 3, rte]);
    expect(cb.calls).toEqual([[fut]]);
  });
});

describe('test_tasks.CoroutineGatherTests', () => {
  const coro = async (): Promise<string> => 'abc';

  test('test_tasks.CoroutineGatherTests.test_constructor_without_loop', () => {
    const err = syncErrorOf(() => gather(coro, coro));
    expectExportedError(err);
    expect(err.message).toMatch(/no current event loop/);
  });

  test('test_tasks.CoroutineGatherTests.test_constructor_use_running_loop', async () => {
    const [fut] = await oneLoop.runUntilComplete(async () => [gather(coro, coro)]);
    expect(fut.getLoop()).toBe(oneLoop);
    expect(await oneLoop.runUntilComplete(fut)).toEqual(['abc', 'abc']);
  });

  test('test_tasks.CoroutineGatherTests.test_constructor_use_global_loop', async () => {
    setEventLoop(otherLoop);
    const fut = gather(coro, coro);
    expect(fut.getLoop()).toBe(otherLoop);
    expect(await otherLoop.runUntilComplete(fut)).toEqual(['abc', 'abc']);
  });

  test('test_tasks.CoroutineGatherTests.test_duplicate_coroutines', async () => {
    // The same awaitable object (in JS, the same Promise) is awaited once and gives its result each time.
    const [fut] = await oneLoop.runUntilComplete(async () => {
      const c = (async (s: string) => s)('abc');
      return [gather(c, c, (async (s: string) => s)('def'), c)];
    });
    await runReady(oneLoop);
    expect(fut.result()).toEqual(['abc', 'abc', 'def', 'abc']);
  });

  test('test_tasks.CoroutineGatherTests.test_cancellation_broadcast', async () => {
    // Cancelling the outer task cancels every child.
    let proof = 0;
    const waiter = oneLoop.createFuture<void>();
    const inner = async (): Promise<void> => {
      await waiter;
      proof += 1;
    };
    const child1 = oneLoop.createTask(inner);
    const child2 = oneLoop.createTask(inner);
    let gatherer: GatheringFuture<unknown> | undefined;
    const f = oneLoop.createTask(async () => {
      gatherer = gather(child1, child2);
      await gatherer;
      proof += 100;
    });
    await runBriefly(oneLoop);
    expect(f.cancel()).toBe(true);
    await cancelledErrorOf(oneLoop, f);
    expect(gatherer?.cancel()).toBe(false);
    expect(waiter.cancelled()).toBe(true);
    expect(child1.cancelled()).toBe(true);
    expect(child2.cancelled()).toBe(true);
    await runBriefly(oneLoop);
    expect(proof).toBe(0);
  });

  test('test_tasks.CoroutineGatherTests.test_exception_marking', async () => {
    const log = recordExceptions(oneLoop);
    const inner = (f: Future<void>) => async () => {
      await f;
      throw new Error('should not be ignored');
    };
    const [a, b] = futures<void, 2>(oneLoop, 2);
    const f = oneLoop.createTask(async () => {
      await gather(inner(a), inner(b));
    });
    await runBriefly(oneLoop);
    a.setResult();
    await runBriefly(oneLoop);
    b.setResult();
    await runBriefly(oneLoop);
    expect(f.exception()).toBeInstanceOf(Error);
    // The second child's error was marked retrieved by the gather that had already failed.
    await runReady(oneLoop);
    oneLoop.close();
    expect(log).toEqual([]);
  });

  test('test_tasks.CoroutineGatherTests.test_issue46672', async () => {
    const log = recordExceptions(oneLoop);
    await oneLoop.runUntilComplete(async () => {
      expect(syncErrorOf(() => gather(coro, 42 as never))).toBeInstanceOf(NotAwaitableError);
    });
    await runReady(oneLoop);
    // No Task was started for the valid argument, so nothing is left to fail later.
    expect(log).toEqual([]);
  });
});

describe('test_tasks.BaseTaskTests: gather', () => {
  test('test_tasks.BaseTaskTests.test_cancel_gather_1', async () => {
    // A gathering Future refuses to be cancelled once all its children are done.
    const fut = oneLoop.createFuture<number>();
    const [gatherTask] = await oneLoop.runUntilComplete(async () => [gather(async () => await fut)]);
    let cancelResult: boolean | undefined;
    fut.addDoneCallback(() => {
      cancelResult = gatherTask.cancel();
    });
    fut.setResult(42); // the callback runs after fut is done
    await oneLoop.runUntilComplete(gatherTask);
    expect(cancelResult).toBe(false);
    expect(gatherTask.cancelled()).toBe(false);
    expect(gatherTask.result()).toEqual([42]);
  });

  test('test_tasks.BaseTaskTests.test_cancel_gather_2', async () => {
    const cases: [args: [] | [string | undefined], expected: string][] = [
      [[], ''],
      [[undefined], ''],
      [['my message'], 'my message'],
    ];
    for (const [args, expected] of cases) {
      const loop = new VirtualTimeLoop();
      try {
        const test = async (): Promise<void> => {
          for (let time = 50; ; time += 50) {
            await gather(() => sleep(50), { returnExceptions: true });
            if (time > 1000) return;
          }
        };
        const main = async (): Promise<void> => {
          const qwe = loop.createTask(test);
          await sleep(200);
          qwe.cancel(...args);
          await qwe;
        };
        // gather() propagates the CancelledError raised by its child to the gather() caller.
        expect((await cancelledErrorOf(loop, loop.createTask(main))).message).toBe(expected);
      } finally {
        loop.close();
      }
    }
  });
});
