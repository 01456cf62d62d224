/**
 * CPython's Lib/test/test_asyncio/test_tasks.py, BaseTaskTests: shield() (and gather() of shields).
 */
import { CancelledError, type Future, gather, setEventLoop, shield, type VirtualTimeLoop } from '../../src';
import { recordExceptions } from '../../src/testing';
import { futures } from '../concurrency/helpers';
import { expectExportedError, syncErrorOf } from '../conformance/helpers';
import { cancelledErrorOf, runBriefly, useTestLoop } from './taskHelpers';

let loop: VirtualTimeLoop;
useTestLoop((l) => {
  loop = l;
});

/** A shield of a new pending Future, after one loop run; the outer Future is cancelled when `cancelOuter`. */
async function shielded(cancelOuter: boolean): Promise<[inner: Future<number>, outer: Future<number>]> {
  const inner = loop.createFuture<number>();
  const outer = shield(inner);
  await runBriefly(loop);
  if (cancelOuter) {
    outer.cancel();
    await runBriefly(loop);
  }
  return [inner, outer];
}

describe('test_tasks.BaseTaskTests: shield()', () => {
  test('test_tasks.BaseTaskTests.test_shield_result', async () => {
    const inner = loop.createFuture<number>();
    const outer = shield(inner);
    inner.setResult(42);
    expect(await loop.runUntilComplete(outer)).toBe(42);
  });

  test('test_tasks.BaseTaskTests.test_shield_exception', async () => {
    const [inner, outer] = await shielded(false);
    const exc = new Error('expected');
    inner.setException(exc);
    await runBriefly(loop);
    expect(outer.exception()).toBe(exc);
  });

  test('test_tasks.BaseTaskTests.test_shield_cancel_inner', async () => {
    const [inner, outer] = await shielded(false);
    inner.cancel();
    await runBriefly(loop);
    expect(outer.cancelled()).toBe(true);
  });

  test('test_tasks.BaseTaskTests.test_shield_cancel_outer', async () => {
    const [inner, outer] = await shielded(true);
    expect(outer.cancelled()).toBe(true);
    expect(inner.cancelled()).toBe(false);
    inner.cancel();
  });

  test('test_tasks.BaseTaskTests.test_shield_cancel_outer_result', async () => {
    const log = recordExceptions(loop);
    const [inner] = await shielded(true);
    inner.setResult(1);
    await runBriefly(loop);
    expect(log).toEqual([]);
  });

  test('test_tasks.BaseTaskTests.test_shield_cancel_outer_exception', async () => {
    const log = recordExceptions(loop);
    const [inner] = await shielded(true);
    const exc = new Error('foo');
    inner.setException(exc);
    await runBriefly(loop);
    // Nobody awaits the inner Future any more: its error is reported, not dropped.
    expect(log).toHaveLength(1);
    expect(log[0]?.exception).toBe(exc);
    expect(log[0]?.future).toBe(inner);
  });

  test('test_tasks.BaseTaskTests.test_shield_duplicate_log_once', async () => {
    const log = recordExceptions(loop);
    const [inner] = await shielded(true);
    const outer2 = shield(inner);
    await runBriefly(loop);
    outer2.cancel();
    await runBriefly(loop);
    inner.setException(new Error('foo'));
    await runBriefly(loop);
    expect(log).toHaveLength(1);
  });

  test('test_tasks.BaseTaskTests.test_shield_shortcut', async () => {
    const fut = loop.createFuture<number>();
    fut.setResult(42);
    expect(shield(fut)).toBe(fut);
    expect(await loop.runUntilComplete(shield(fut))).toBe(42);
  });

  test('test_tasks.BaseTaskTests.test_shield_effect', async () => {
    // Cancelling the outer task does not affect the inner one.
    let proof = 0;
    const waiter = loop.createFuture<void>();
    const inner = async (): Promise<void> => {
      await waiter;
      proof += 1;
    };
    const f = loop.createTask(async () => {
      await shield(inner);
      proof += 100;
    });
    await runBriefly(loop);
    f.cancel();
    await cancelledErrorOf(loop, f);
    waiter.setResult();
    await runBriefly(loop);
    expect(proof).toBe(1);
  });

  test('test_tasks.BaseTaskTests.test_shield_gather', async () => {
    const [child1, child2] = futures<number, 2>(loop, 2);
    const parent = gather(child1, child2);
    const outer = shield(parent);
    await runBriefly(loop);
    outer.cancel();
    await runBriefly(loop);
    expect(outer.cancelled()).toBe(true);
    child1.setResult(1);
    child2.setResult(2);
    await runBriefly(loop);
    expect(parent.result()).toEqual([1, 2]);
  });

  test('test_tasks.BaseTaskTests.test_gather_shield', async () => {
    const [child1, child2] = futures<number, 2>(loop, 2);
    const inner1 = shield(child1);
    const inner2 = shield(child2);
    const parent = gather(inner1, inner2);
    await runBriefly(loop);
    parent.cancel();
    // This cancels inner1 and inner2 but not child1 and child2.
    await runBriefly(loop);
    expect(parent.exception()).toBeInstanceOf(CancelledError);
    expect(inner1.cancelled()).toBe(true);
    expect(inner2.cancelled()).toBe(true);
    expect(child1.cancelled()).toBe(false);
    expect(child2.cancelled()).toBe(false);
    child1.setResult(1);
    child2.setResult(2);
    await runBriefly(loop);
  });

  test('test_tasks.BaseTaskTests.test_shield_coroutine_without_loop', () => {
    const err = syncErrorOf(() => shield(async () => 42));
    expectExportedError(err);
    expect(err.message).toMatch(/no current event loop/);
  });

  test('test_tasks.BaseTaskTests.test_shield_coroutine_use_running_loop', async () => {
    const [outer] = await loop.runUntilComplete(async () => [shield(async () => 42)]);
    expect(outer.getLoop()).toBe(loop);
    expect(await loop.runUntilComplete(outer)).toBe(42);
  });

  test('test_tasks.BaseTaskTests.test_shield_coroutine_use_global_loop', async () => {
    setEventLoop(loop);
    const outer = shield(async () => 42);
    expect(outer.getLoop()).toBe(loop);
    expect(await loop.runUntilComplete(outer)).toBe(42);
  });
});
