/**
 * shield(): behaviours ported from CPython's test_tasks.py (test_shield_result, _exception, _cancel_inner,
 * _cancel_outer, _shortcut, _effect, test_shield_gather, test_gather_shield) to qtasyncio's API.
 */
import { gather, NotAwaitableError, shield } from '../../src/concurrency/index';
import { CancelledError, sleep } from '../../src/index';
import { useLoop } from '../../src/testing';
import { rejection, thrown } from './helpers';

const L = useLoop({ beforeEach, afterEach });

describe('shield (test_tasks.py)', () => {
  it('follows the result of the inner Future (test_shield_result)', async () => {
    const loop = L.loop;
    const inner = loop.createFuture<number>();
    const outer = shield(inner);
    await loop.advance(0);
    inner.setResult(42);
    await loop.advance(0);
    expect(outer.result()).toBe(42);
  });

  it('follows the exception of the inner Future (test_shield_exception)', async () => {
    const loop = L.loop;
    const inner = loop.createFuture<number>();
    const outer = shield(inner);
    const exc = new RangeError('x');
    inner.setException(exc);
    await loop.advance(0);
    expect(outer.exception()).toBe(exc);
  });

  it('a cancelled inner cancels the shield (test_shield_cancel_inner)', async () => {
    const loop = L.loop;
    const inner = loop.createFuture<number>();
    const outer = shield(inner);
    inner.cancel();
    await loop.advance(0);
    expect(outer.cancelled()).toBe(true);
  });

  it('cancelling the shield does not cancel the inner Future (test_shield_cancel_outer)', async () => {
    const loop = L.loop;
    const inner = loop.createFuture<number>();
    const outer = shield(inner);
    outer.cancel();
    await loop.advance(0);
    expect(outer.cancelled()).toBe(true);
    expect(inner.cancelled()).toBe(false);
    inner.setResult(1);
    await loop.advance(0);
    expect(inner.result()).toBe(1);
  });

  it('a done awaitable is returned as it is (test_shield_shortcut)', () => {
    const loop = L.loop;
    const fut = loop.createFuture<number>();
    fut.setResult(42);
    expect(shield(fut)).toBe(fut);
  });

  it('cancelling the awaiting task: its await raises CancelledError, the inner work goes on (test_shield_effect)', async () => {
    const loop = L.loop;
    let proof = 0;
    const waiter = loop.createFuture<void>();
    const outer = loop.createTask(async () => {
      await shield(async () => {
        await waiter;
        proof += 1;
      });
      proof += 100;
    });
    await loop.advance(0);
    outer.cancel();
    await loop.advance(0);
    expect(await rejection(outer)).toBeInstanceOf(CancelledError);
    waiter.setResult();
    await loop.advance(0);
    expect(proof).toBe(1);
  });

  it('shielding a gather: cancelling the shield leaves the gather running (test_shield_gather)', async () => {
    const loop = L.loop;
    const [child1, child2] = [loop.createFuture<number>(), loop.createFuture<number>()];
    const parent = gather(child1, child2);
    const outer = shield(parent);
    await loop.advance(0);
    outer.cancel();
    await loop.advance(0);
    expect(outer.cancelled()).toBe(true);
    child1.setResult(1);
    child2.setResult(2);
    await loop.advance(0);
    expect(parent.result()).toEqual([1, 2]);
  });

  it('gathering shields: cancelling the gather cancels the shields, not the children (test_gather_shield)', async () => {
    const loop = L.loop;
    const [child1, child2] = [loop.createFuture<number>(), loop.createFuture<number>()];
    const inner1 = shield(child1);
    const inner2 = shield(child2);
    const parent = gather(inner1, inner2);
    await loop.advance(0);
    parent.cancel();
    await loop.advance(0);
    expect(parent.exception()).toBeInstanceOf(CancelledError);
    expect(inner1.cancelled()).toBe(true);
    expect(inner2.cancelled()).toBe(true);
    child1.setResult(1);
    child2.setResult(2);
    await loop.advance(0);
    expect([child1.result(), child2.result()]).toEqual([1, 2]);
  });

  it('a shielded Task keeps running after the awaiting task is cancelled, and its result can be awaited later', async () => {
    const loop = L.loop;
    const save = loop.createTask(() => sleep(50, 'saved'));
    const caller = loop.createTask(async () => {
      try {
        await shield(save);
      } catch (e) {
        if (e instanceof CancelledError) return `cancelled, then ${await save}`;
        throw e;
      }
      return 'not cancelled';
    });
    await loop.advance(10);
    caller.cancel();
    await loop.runUntilIdle();
    expect(caller.result()).toBe('cancelled, then saved');
    expect(save.cancelled()).toBe(false);
  });

  it('a non-awaitable is a NotAwaitableError', () => {
    const e = thrown(() => shield(undefined as never));
    expect(e).toBeInstanceOf(NotAwaitableError);
    expect(e.message).toBe('shield(aw): expected a Future, a Promise-like or a function, got undefined');
  });
});
