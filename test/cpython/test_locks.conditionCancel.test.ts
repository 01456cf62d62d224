/**
 * CPython's Lib/test/test_asyncio/test_locks.py (3.13+), ConditionTests: the cancellation cases, ported case by
 * case (the others are in test_locks.condition.test.ts; same conventions).
 */
import { CancelledError, Condition, type EventLoop, sleep, TimeoutError, timeout } from '../../src';
import { asyncTest, rejection } from './helpers';

/**
 * CPython's consumer of test_cancelled_wakeup*: holding the condition, consume `state` items until it goes
 * negative.
 */
const consumer = (cond: Condition, state: { n: number }) => async () => {
  using _held = await cond.hold();
  for (;;) {
    await cond.waitFor(() => state.n !== 0);
    if (state.n < 0) return;
    state.n -= 1;
  }
};

/**
 * CPython's `func` of test_cancelled_error_*: holding the condition, wait for `wake()`, expect a
 * CancelledError and raise that same instance again; `raised()` gives it.
 */
function cancelledWaitFor(loop: EventLoop, cond: Condition, wake: () => boolean) {
  let raised: unknown;
  const task = loop.createTask(async () => {
    using _held = await cond.hold();
    const err = await rejection(cond.waitFor(wake));
    expect(err).toBeInstanceOf(CancelledError);
    raised = err;
    throw raised;
  });
  return { task, raised: () => raised };
}

describe('test_locks.ConditionTests', () => {
  test('test_locks.ConditionTests.test_wait_cancel', async () => {
    await asyncTest(async (loop) => {
      const cond = new Condition();
      await cond.acquire();
      const wait = loop.createTask(() => cond.wait());
      loop.callSoon(() => wait.cancel());
      expect(await rejection(wait)).toBeInstanceOf(CancelledError);
      expect(cond._waiters.length).toBe(0);
      expect(cond.locked()).toBe(true);
    });
  });

  test('test_locks.ConditionTests.test_wait_cancel_contested', async () => {
    await asyncTest(async (loop) => {
      const cond = new Condition();
      await cond.acquire();
      expect(cond.locked()).toBe(true);
      const waitTask = loop.createTask(() => cond.wait());
      await sleep(0);
      expect(cond.locked()).toBe(false);

      // Notify, but contest the lock before cancelling.
      await cond.acquire();
      expect(cond.locked()).toBe(true);
      cond.notify();
      loop.callSoon(() => waitTask.cancel());
      loop.callSoon(() => cond.release());
      try {
        await waitTask;
      } catch (e) {
        // Should not happen (no cancellation point is left), but asyncio tolerates it.
        if (!(e instanceof CancelledError)) throw e;
      }
      expect(cond.locked()).toBe(true);
    });
  });

  test('test_locks.ConditionTests.test_wait_cancel_after_notify', async () => {
    // bpo-32841
    await asyncTest(async (loop) => {
      let waited = false;
      const cond = new Condition();
      const waiter = loop.createTask(async () => {
        using _held = await cond.hold();
        waited = true; // this area was reached
        await cond.wait();
      });
      await sleep(0); // start waiting
      await cond.acquire();
      cond.notify();
      await sleep(0); // get to acquire()
      waiter.cancel();
      await sleep(0); // activate cancellation
      cond.release();
      await sleep(0); // cancellation should occur
      expect(waiter.cancelled()).toBe(true);
      expect(waited).toBe(true);
    });
  });

  test('test_locks.ConditionTests.test_cancelled_error_wakeup', async () => {
    // A CancelledError received while awaiting the wake-up is re-raised unmodified.
    await asyncTest(async (loop) => {
      const wake = false;
      const cond = new Condition();
      const { task, raised } = cancelledWaitFor(loop, cond, () => wake);
      await sleep(0);
      // The task waits on the condition: cancel it there.
      task.cancel('foo');
      const err = await rejection(task);
      expect(err).toBeInstanceOf(CancelledError);
      expect((err as Error).message).toBe('foo');
      // The same instance as the one raised in the task.
      expect(err).toBe(raised());
    });
  });

  test('test_locks.ConditionTests.test_cancelled_error_re_aquire', async () => {
    // A CancelledError received while re-acquiring the lock is re-raised unmodified.
    await asyncTest(async (loop) => {
      let wake = false;
      const cond = new Condition();
      const { task, raised } = cancelledWaitFor(loop, cond, () => wake);
      await sleep(0);
      // The task waits on the condition.
      await cond.acquire();
      wake = true;
      cond.notify();
      await sleep(0);
      // The task now tries to re-acquire the lock: cancel it there.
      task.cancel('foo');
      cond.release();
      const err = await rejection(task);
      expect(err).toBeInstanceOf(CancelledError);
      expect((err as Error).message).toBe('foo');
      expect(err).toBe(raised());
    });
  });

  test('test_locks.ConditionTests.test_cancelled_wakeup', async () => {
    // A task cancelled as it is notified (while its wake-up is still queued) does not lose the wake-up.
    await asyncTest(async (loop) => {
      const condition = new Condition();
      const state = { n: 0 };
      const c = [0, 1].map(() => loop.createTask(consumer(condition, state)));
      await sleep(0); // let them settle
      {
        using _held = await condition.hold();
        state.n += 1; // produce one item and wake up one consumer
        condition.notify(1);
        // Cancel it while it is waiting to run (this could come from outside).
        c[0]?.cancel();
        // Wait for the item to be consumed; if it is not, the notify was lost to the cancel.
        try {
          await timeout(10, () => condition.waitFor(() => state.n === 0));
        } catch (e) {
          if (!(e instanceof TimeoutError)) throw e;
        }
        expect(state.n).toBe(0);
        state.n = -1; // clean up
        condition.notifyAll();
      }
      await c[1];
    });
  });

  test('test_locks.ConditionTests.test_cancelled_wakeup_relock', async () => {
    // The same, with the cancellation arriving while the woken task re-acquires the lock.
    await asyncTest(async (loop) => {
      const condition = new Condition();
      const state = { n: 0 };
      const c = [0, 1].map(() => loop.createTask(consumer(condition, state)));
      await sleep(0);
      {
        using _held = await condition.hold();
        state.n += 1;
        condition.notify(1);
        // Let the woken task run and settle on re-acquiring the lock, then cancel it there.
        await sleep(0);
        c[0]?.cancel();
        try {
          await timeout(10, () => condition.waitFor(() => state.n === 0));
        } catch (e) {
          if (!(e instanceof TimeoutError)) throw e;
        }
        expect(state.n).toBe(0);
        state.n = -1;
        condition.notifyAll();
      }
      await c[1];
    });
  });
});
