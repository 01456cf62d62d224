/**
 * CPython's Lib/test/test_asyncio/test_futures.py, case by case (BaseFutureTests, BaseFutureDoneCallbackTests).
 * The cases without JS meaning are listed with their reason in SKIPPED.md.
 */
import {
  CancelledError,
  Future,
  InvalidStateError,
  isFuture,
  setEventLoop,
  type VirtualTimeLoop,
  wrapFuture,
} from '../../src';
import { recordExceptions } from '../../src/testing';
import { expectExportedError, syncErrorOf } from '../conformance/helpers';
import { failure, runBriefly, useTestLoop } from './taskHelpers';

let loop: VirtualTimeLoop;
useTestLoop((l) => {
  loop = l;
});

/** A collector of garbage (node:v8 + node:vm give a gc() without --expose-gc on the command line). */
function collector(): () => void {
  require('node:v8').setFlagsFromString('--expose-gc');
  return require('node:vm').runInNewContext('gc');
}

/** Drop a Future whose exception nobody retrieved and collect it; resolves with what reached the handler. */
async function abandonFailedFuture(debug: boolean): Promise<Record<string, unknown>[]> {
  const gc = collector();
  loop.setDebug(debug);
  const log = recordExceptions(loop);
  (() => {
    loop.createFuture<number>().setException(new RangeError('boom'));
  })();
  await runBriefly(loop);
  for (let i = 0; i < 50 && log.length === 0; i++) {
    gc();
    await new Promise((r) => setImmediate(r));
  }
  return log;
}

describe('test_futures.BaseFutureTests', () => {
  test('test_futures.BaseFutureTests.test_isfuture', () => {
    expect(isFuture(1)).toBe(false);
    expect(isFuture(Future)).toBe(false);
    const f = new Future<number>(loop);
    expect(isFuture(f)).toBe(true);
    expect(isFuture(f.constructor)).toBe(false);
    f.cancel();
  });

  test('test_futures.BaseFutureTests.test_initial_state', () => {
    const f = new Future<number>(loop);
    expect(f.cancelled()).toBe(false);
    expect(f.done()).toBe(false);
    f.cancel();
    expect(f.cancelled()).toBe(true);
  });

  test('test_futures.BaseFutureTests.test_constructor_without_loop', () => {
    const err = syncErrorOf(() => new Future<number>());
    expectExportedError(err);
    expect(err.message).toMatch(/no current event loop/);
  });

  test('test_futures.BaseFutureTests.test_constructor_use_running_loop', async () => {
    // Boxed: an async function returning a thenable would adopt it instead of returning it.
    const [f] = await loop.runUntilComplete(async () => [new Future<number>()]);
    expect(f.getLoop()).toBe(loop);
  });

  test('test_futures.BaseFutureTests.test_constructor_use_global_loop', () => {
    setEventLoop(loop);
    const f = new Future<number>();
    expect(f.getLoop()).toBe(loop);
  });

  test('test_futures.BaseFutureTests.test_constructor_positional', () => {
    const err = syncErrorOf(() => new Future<number>(42 as never));
    expectExportedError(err);
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toMatch(/42/);
  });

  test('test_futures.BaseFutureTests.test_future_cancel_message_getter', async () => {
    const f = new Future<number>(loop);
    f.cancel('my message');
    const err = await failure(loop.runUntilComplete(f));
    expect(err).toBeInstanceOf(CancelledError);
    expect(err.message).toBe('my message');
    expect((syncErrorOf(() => f.result()) as Error).message).toBe('my message');
    expect((syncErrorOf(() => f.exception()) as Error).message).toBe('my message');
  });

  test('test_futures.BaseFutureTests.test_cancel', () => {
    const f = new Future<number>(loop);
    expect(f.cancel()).toBe(true);
    expect(f.cancelled()).toBe(true);
    expect(f.done()).toBe(true);
    expect(() => f.result()).toThrow(CancelledError);
    expect(() => f.exception()).toThrow(CancelledError);
    expect(() => f.setResult(1)).toThrow(InvalidStateError);
    expect(() => f.setException(new Error('x'))).toThrow(InvalidStateError);
    expect(f.cancel()).toBe(false);
  });

  test('test_futures.BaseFutureTests.test_result', () => {
    const f = new Future<number>(loop);
    expect(() => f.result()).toThrow(InvalidStateError);
    f.setResult(42);
    expect(f.cancelled()).toBe(false);
    expect(f.done()).toBe(true);
    expect(f.result()).toBe(42);
    expect(f.exception()).toBeUndefined();
    expect(() => f.setResult(43)).toThrow(InvalidStateError);
    expect(() => f.setException(new Error('x'))).toThrow(InvalidStateError);
    expect(f.cancel()).toBe(false);
  });

  test('test_futures.BaseFutureTests.test_exception', () => {
    const exc = new RangeError('x');
    const f = new Future<number>(loop);
    expect(() => f.exception()).toThrow(InvalidStateError);
    f.setException(exc);
    expect(f.cancelled()).toBe(false);
    expect(f.done()).toBe(true);
    expect(syncErrorOf(() => f.result())).toBe(exc);
    expect(f.exception()).toBe(exc);
    expect(() => f.setResult(1)).toThrow(InvalidStateError);
    expect(() => f.setException(new Error('y'))).toThrow(InvalidStateError);
    expect(f.cancel()).toBe(false);
  });

  test('test_futures.BaseFutureTests.test_yield_from_twice', async () => {
    const f = new Future<number>(loop);
    const trace: unknown[] = [];
    const t = loop.createTask(async () => {
      trace.push('A');
      const x = await f;
      trace.push(['B', x]);
      const y = await f;
      trace.push(['C', y]);
    });
    await runBriefly(loop);
    expect(trace).toEqual(['A']);
    f.setResult(42);
    await loop.runUntilComplete(t);
    expect(trace).toEqual(['A', ['B', 42], ['C', 42]]);
  });

  test('test_futures.BaseFutureTests.test_tb_logger_abandoned', () => {
    const log = recordExceptions(loop);
    new Future<number>(loop);
    loop.close();
    expect(log).toEqual([]);
  });

  test('test_futures.BaseFutureTests.test_tb_logger_not_called_after_cancel', () => {
    const log = recordExceptions(loop);
    const f = new Future<number>(loop);
    f.setException(new Error('boom'));
    f.cancel();
    loop.close();
    expect(log).toEqual([]);
  });

  test('test_futures.BaseFutureTests.test_tb_logger_result_unretrieved', () => {
    const log = recordExceptions(loop);
    new Future<number>(loop).setResult(42);
    loop.close();
    expect(log).toEqual([]);
  });

  test('test_futures.BaseFutureTests.test_tb_logger_result_retrieved', () => {
    const log = recordExceptions(loop);
    const f = new Future<number>(loop);
    f.setResult(42);
    expect(f.result()).toBe(42);
    loop.close();
    expect(log).toEqual([]);
  });

  test('test_futures.BaseFutureTests.test_tb_logger_exception_unretrieved', async () => {
    const contexts = await abandonFailedFuture(false);
    expect(contexts).toHaveLength(1);
    expect(String(contexts[0]?.message)).toMatch(/exception was never retrieved/);
    expect(contexts[0]?.exception).toBeInstanceOf(RangeError);
  });

  test('test_futures.BaseFutureTests.test_tb_logger_exception_retrieved', () => {
    const log = recordExceptions(loop);
    const f = new Future<number>(loop);
    f.setException(new Error('boom'));
    expect(f.exception()).toBeInstanceOf(Error);
    loop.close();
    expect(log).toEqual([]);
  });

  test('test_futures.BaseFutureTests.test_tb_logger_exception_result_retrieved', () => {
    const log = recordExceptions(loop);
    const f = new Future<number>(loop);
    f.setException(new Error('boom'));
    expect(() => f.result()).toThrow('boom');
    loop.close();
    expect(log).toEqual([]);
  });

  test('test_futures.BaseFutureTests.test_wrap_future', async () => {
    // A concurrent.futures.Future from a thread pool becomes, in JS, a Promise settled by other work.
    const p = new Promise<string>((resolve) => setImmediate(() => resolve('oi')));
    const f = wrapFuture(p, loop);
    expect(isFuture(f)).toBe(true);
    expect(await loop.runUntilComplete(f)).toBe('oi');
  });

  test('test_futures.BaseFutureTests.test_wrap_future_future', () => {
    const f1 = new Future<number>(loop);
    expect(wrapFuture(f1)).toBe(f1);
  });

  test('test_futures.BaseFutureTests.test_wrap_future_without_loop', () => {
    const err = syncErrorOf(() => wrapFuture(Promise.resolve('oi')));
    expectExportedError(err);
    expect(err.message).toMatch(/no current event loop/);
  });

  test('test_futures.BaseFutureTests.test_wrap_future_use_running_loop', async () => {
    const [f] = await loop.runUntilComplete(async () => [wrapFuture(Promise.resolve('oi'))]);
    expect(f.getLoop()).toBe(loop);
  });

  test('test_futures.BaseFutureTests.test_wrap_future_use_global_loop', () => {
    setEventLoop(loop);
    const f = wrapFuture(Promise.resolve('oi'));
    expect(f.getLoop()).toBe(loop);
  });

  test('test_futures.BaseFutureTests.test_wrap_future_cancel', async () => {
    // A Promise cannot be cancelled: only the wrapper is; its later outcome is ignored.
    let resolve!: (v: number) => void;
    const p = new Promise<number>((r) => {
      resolve = r;
    });
    const f2 = wrapFuture(p, loop);
    expect(f2.cancel()).toBe(true);
    await runBriefly(loop);
    resolve(42);
    await runBriefly(loop);
    expect(f2.cancelled()).toBe(true);
  });

  test('test_futures.BaseFutureTests.test_wrap_future_cancel2', async () => {
    const p = Promise.resolve(42);
    const f2 = wrapFuture(p, loop);
    f2.cancel();
    await runBriefly(loop);
    expect(await p).toBe(42);
    expect(f2.cancelled()).toBe(true);
  });

  test('test_futures.BaseFutureTests.test_future_source_traceback', () => {
    loop.setDebug(true);
    const f = loop.createFuture<number>();
    expect(String(f)).toMatch(/created at .*test_futures\.test\.ts:\d+/);
    f.cancel();
  });

  test.each([
    ['test_futures.BaseFutureTests.test_future_exception_never_retrieved', false],
    ['test_futures.BaseFutureTests.test_future_exception_never_retrieved_debug', true],
  ])('%s', async (_name, debug) => {
    const contexts = await abandonFailedFuture(debug);
    expect(contexts).toHaveLength(1);
    expect(String(contexts[0]?.message)).toMatch(/^Future exception was never retrieved/);
    expect(contexts[0]?.exception).toBeInstanceOf(RangeError);
  });
});

describe('test_futures.BaseFutureDoneCallbackTests', () => {
  const bagger = (bag: number[], thing: number) => (_f: Future<string>) => {
    bag.push(thing);
  };

  /** Add callbacks 42, 17, 100, remove the ones at `removals`, set a result: what ran. */
  async function removeThenRun(removals: number[]): Promise<number[]> {
    const bag: number[] = [];
    const f = new Future<string>(loop);
    const cbs = [bagger(bag, 42), bagger(bag, 17), bagger(bag, 100)];
    for (const cb of cbs) f.addDoneCallback(cb);
    for (const r of removals) f.removeDoneCallback(cbs[r] as (f: Future<string>) => void);
    expect(bag).toEqual([]);
    f.setResult('foo');
    await runBriefly(loop);
    expect(f.result()).toBe('foo');
    return bag;
  }

  test('test_futures.BaseFutureDoneCallbackTests.test_callbacks_remove_first_callback', async () => {
    expect(await removeThenRun([0, 0])).toEqual([17, 100]);
  });

  test('test_futures.BaseFutureDoneCallbackTests.test_callbacks_remove_first_and_second_callback', async () => {
    expect(await removeThenRun([0, 1, 0])).toEqual([100]);
  });

  test('test_futures.BaseFutureDoneCallbackTests.test_callbacks_remove_third_callback', async () => {
    expect(await removeThenRun([2, 2])).toEqual([42, 17]);
  });

  test('test_futures.BaseFutureDoneCallbackTests.test_callbacks_invoked_on_set_result', async () => {
    const bag: number[] = [];
    const f = new Future<string>(loop);
    f.addDoneCallback(bagger(bag, 42));
    f.addDoneCallback(bagger(bag, 17));
    expect(bag).toEqual([]);
    f.setResult('foo');
    expect(bag).toEqual([]);
    await runBriefly(loop);
    expect(bag).toEqual([42, 17]);
    expect(f.result()).toBe('foo');
  });

  test('test_futures.BaseFutureDoneCallbackTests.test_callbacks_invoked_on_set_exception', async () => {
    const bag: number[] = [];
    const seen: unknown[] = [];
    const f = new Future<string>(loop);
    f.addDoneCallback(bagger(bag, 100));
    f.addDoneCallback((x) => seen.push(x));
    expect(bag).toEqual([]);
    const exc = new Error('e');
    f.setException(exc);
    await runBriefly(loop);
    expect(bag).toEqual([100]);
    expect(seen).toEqual([f]); // a done callback receives the Future
    expect(f.exception()).toBe(exc);
  });

  test('test_futures.BaseFutureDoneCallbackTests.test_remove_done_callback', async () => {
    const bag: number[] = [];
    const f = new Future<string>(loop);
    const cb1 = bagger(bag, 1);
    const cb2 = bagger(bag, 2);
    const cb3 = bagger(bag, 3);
    f.addDoneCallback(cb1);
    f.addDoneCallback(cb2);
    expect(f.removeDoneCallback(cb2)).toBe(1);
    expect(f.removeDoneCallback(cb3)).toBe(0);
    f.addDoneCallback(cb2);
    for (let i = 0; i < 5; i++) f.addDoneCallback(cb1);
    expect(f.removeDoneCallback(cb1)).toBe(6);
    expect(bag).toEqual([]);
    f.setResult('foo');
    await runBriefly(loop);
    expect(bag).toEqual([2]);
    expect(f.result()).toBe('foo');
  });

  test('test_futures.BaseFutureDoneCallbackTests.test_schedule_callbacks_list_mutation_1', async () => {
    const ran: string[] = [];
    const str = (): void => {
      ran.push('str');
    };
    const f = new Future<number>(loop);
    f.addDoneCallback((fut) => {
      ran.push('mut');
      fut.removeDoneCallback(str);
    });
    f.addDoneCallback(str);
    f.addDoneCallback(str);
    f.setResult(1);
    await runBriefly(loop);
    // Scheduled at setResult time: removing afterwards changes nothing, and nothing breaks.
    expect(ran).toEqual(['mut', 'str', 'str']);
  });
});
