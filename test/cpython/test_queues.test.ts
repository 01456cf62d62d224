/**
 * CPython's Lib/test/test_asyncio/test_queues.py (3.13), case by case: QueueBasicTests, QueueGetTests,
 * QueuePutTests, LifoQueueTests, PriorityQueueTests. The join and shutdown mixins are in
 * test_queues_shutdown.test.ts; skipped cases and why are listed in SKIPPED.md. A coroutine passed to
 * `create_task` or `wait_for` becomes a function; seconds become milliseconds.
 */
import {
  CancelledError,
  Event,
  LifoQueue,
  PriorityQueue,
  Queue,
  QueueEmpty,
  QueueFull,
  sleep,
  type Task,
  TaskGroup,
  TimeoutError,
  waitFor,
} from '../../src';
import { asyncTest, rejection } from './helpers';

test('test_queues.QueueBasicTests.test_str', () =>
  asyncTest(async (loop) => {
    expect(String(new Queue()).startsWith('<Queue')).toBe(true);

    // getters
    const q = new Queue<number>();
    let getter: Task<number> | null = null;
    await TaskGroup.run(async (tg) => {
      getter = tg.createTask(() => q.get());
      await sleep(0); // let it start waiting
      expect(String(q)).toContain('getters=1');
      q.putNowait(0);
    });
    expect(await (getter as Task<number> | null)).toBe(0);

    // putters
    const q1 = new Queue<number>({ maxSize: 1 });
    let putter: Task<void> | null = null;
    await TaskGroup.run(async (tg) => {
      q1.putNowait(1);
      putter = tg.createTask(() => q1.put(2));
      await sleep(0);
      expect(String(q1)).toContain('putters=1');
      q1.getNowait();
    });
    expect((putter as Task<void> | null)?.done()).toBe(true);

    const q2 = new Queue<number>();
    q2.putNowait(1);
    expect(String(q2)).toContain('items=[1]');
    expect(loop.time()).toBe(0);
  }));

test('test_queues.QueueBasicTests.test_empty', () =>
  asyncTest(async () => {
    const q = new Queue<number>();
    expect(q.empty()).toBe(true);
    await q.put(1);
    expect(q.empty()).toBe(false);
    expect(await q.get()).toBe(1);
    expect(q.empty()).toBe(true);
  }));

test('test_queues.QueueBasicTests.test_full', () =>
  asyncTest(async () => {
    expect(new Queue().full()).toBe(false);
    const q = new Queue<number>({ maxSize: 1 });
    await q.put(1);
    expect(q.full()).toBe(true);
  }));

test('test_queues.QueueBasicTests.test_order', () =>
  asyncTest(async () => {
    const q = new Queue<number>();
    for (const i of [1, 3, 2]) await q.put(i);
    const items = [await q.get(), await q.get(), await q.get()];
    expect(items).toEqual([1, 3, 2]);
  }));

test('test_queues.QueueBasicTests.test_maxsize', () =>
  asyncTest(async (loop) => {
    const q = new Queue<number>({ maxSize: 2 });
    expect(q.maxSize).toBe(2);
    const haveBeenPut: number[] = [];
    const t = loop.createTask(async () => {
      for (let i = 0; i < 3; i++) {
        await q.put(i);
        haveBeenPut.push(i);
      }
      return true;
    });
    for (let i = 0; i < 2; i++) await sleep(0);

    // The putter is blocked after putting two items.
    expect(haveBeenPut).toEqual([0, 1]);
    expect(await q.get()).toBe(0);

    // Let the putter resume and put the last item.
    await sleep(0);
    expect(haveBeenPut).toEqual([0, 1, 2]);
    expect(await q.get()).toBe(1);
    expect(await q.get()).toBe(2);
    expect(t.done()).toBe(true);
    expect(t.result()).toBe(true);
  }));

test('test_queues.QueueGetTests.test_blocking_get', () =>
  asyncTest(async () => {
    const q = new Queue<number>();
    q.putNowait(1);
    expect(await q.get()).toBe(1);
  }));

// CPython appends a bare waiter Future to q._putters; a blocked put() is the public way to get one there.
test('test_queues.QueueGetTests.test_get_with_putters', () =>
  asyncTest(async (loop) => {
    const q = new Queue<number>(1);
    await q.put(1);
    const putter = loop.createTask(() => q.put(2));
    await sleep(0);
    expect(String(q)).toContain('putters=1');
    expect(await q.get()).toBe(1);
    expect(String(q)).toContain('putters=0'); // its waiter was woken and left the line
    await sleep(0);
    expect(putter.done()).toBe(true);
    expect(putter.result()).toBeUndefined();
    expect(q.getNowait()).toBe(2);
  }));

test('test_queues.QueueGetTests.test_blocking_get_wait', () =>
  asyncTest(async (loop) => {
    const q = new Queue<number>();
    const started = new Event();
    let finished = false;
    const queueGetTask = loop.createTask(async () => {
      started.set();
      const res = await q.get();
      finished = true;
      return res;
    });
    await started.wait();
    expect(finished).toBe(false);
    loop.callLater(10, () => q.putNowait(1));
    const res = await queueGetTask;
    expect(finished).toBe(true);
    expect(res).toBe(1);
    expect(loop.time()).toBe(10);
  }));

test('test_queues.QueueGetTests.test_nonblocking_get', () => {
  const q = new Queue<number>();
  q.putNowait(1);
  expect(q.getNowait()).toBe(1);
});

test('test_queues.QueueGetTests.test_nonblocking_get_exception', () => {
  const q = new Queue<number>();
  expect(() => q.getNowait()).toThrow(QueueEmpty);
});

test('test_queues.QueueGetTests.test_get_cancelled_race', () =>
  asyncTest(async (loop) => {
    const q = new Queue<string>();
    const t1 = loop.createTask(() => q.get());
    const t2 = loop.createTask(() => q.get());
    await sleep(0);
    t1.cancel();
    await sleep(0);
    expect(t1.done()).toBe(true);
    await q.put('a');
    await sleep(0);
    expect(await t2).toBe('a');
  }));

test('test_queues.QueueGetTests.test_get_with_waiting_putters', () =>
  asyncTest(async (loop) => {
    const q = new Queue<string>({ maxSize: 1 });
    loop.createTask(() => q.put('a'));
    loop.createTask(() => q.put('b'));
    expect(await q.get()).toBe('a');
    expect(await q.get()).toBe('b');
  }));

test('test_queues.QueueGetTests.test_why_are_getters_waiting', () =>
  asyncTest(async () => {
    const consumer = async (queue: Queue<number>, numExpected: number): Promise<void> => {
      for (let i = 0; i < numExpected; i++) await queue.get();
    };
    const producer = async (queue: Queue<number>, numItems: number): Promise<void> => {
      for (let i = 0; i < numItems; i++) await queue.put(i);
    };
    const q = new Queue<number>(1);
    await TaskGroup.run(async (tg) => {
      tg.createTask(() => producer(q, 5));
      tg.createTask(() => consumer(q, 5));
    });
    expect(q.empty()).toBe(true);
  }));

test('test_queues.QueueGetTests.test_cancelled_getters_not_being_held_in_self_getters', () =>
  asyncTest(async (loop) => {
    const queue = new Queue<number>({ maxSize: 5 });
    expect(await rejection(waitFor(() => queue.get(), 100))).toBeInstanceOf(TimeoutError);
    expect(String(queue)).toContain('getters=0');
    expect(loop.time()).toBe(100);
  }));

test('test_queues.QueuePutTests.test_blocking_put', () =>
  asyncTest(async () => {
    const q = new Queue<number>();
    await q.put(1); // no maxSize: does not block
    expect(await q.get()).toBe(1);
  }));

test('test_queues.QueuePutTests.test_blocking_put_wait', () =>
  asyncTest(async (loop) => {
    const q = new Queue<number>({ maxSize: 1 });
    const started = new Event();
    let finished = false;
    loop.callLater(10, () => q.getNowait());
    const queuePutTask = loop.createTask(async () => {
      started.set();
      await q.put(1);
      await q.put(2);
      finished = true;
    });
    await started.wait();
    expect(finished).toBe(false);
    await queuePutTask;
    expect(finished).toBe(true);
    expect(loop.time()).toBe(10);
  }));

test('test_queues.QueuePutTests.test_nonblocking_put', () => {
  const q = new Queue<number>();
  q.putNowait(1);
  expect(q.getNowait()).toBe(1);
});

test('test_queues.QueuePutTests.test_get_cancel_drop_one_pending_reader', () =>
  asyncTest(async (loop) => {
    const q = new Queue<number>();
    let reader = loop.createTask(() => q.get());
    await sleep(0);
    q.putNowait(1);
    q.putNowait(2);
    reader.cancel();
    try {
      await reader;
    } catch (e) {
      expect(e).toBeInstanceOf(CancelledError);
      reader = loop.createTask(() => q.get()); // try again
      await reader;
    }
    // if we get 2, it means 1 got dropped!
    expect(reader.result()).toBe(1);
  }));

test('test_queues.QueuePutTests.test_get_cancel_drop_many_pending_readers', () =>
  asyncTest(async () => {
    const q = new Queue<number>();
    const readers: Task<number>[] = [];
    await TaskGroup.run(async (tg) => {
      for (let i = 0; i < 3; i++) readers.push(tg.createTask(() => q.get()));
      const [reader1, , reader3] = readers as [Task<number>, Task<number>, Task<number>];
      await sleep(0);
      q.putNowait(1);
      q.putNowait(2);
      reader1.cancel();
      expect(await rejection(reader1)).toBeInstanceOf(CancelledError);
      await reader3;
    });
    // It is undefined in which order concurrent readers receive results.
    const results = new Set([readers[1]?.result(), readers[2]?.result()]);
    expect(results).toEqual(new Set([1, 2]));
  }));

test('test_queues.QueuePutTests.test_put_cancel_drop', () =>
  asyncTest(async (loop) => {
    const q = new Queue<number>(1);
    q.putNowait(1);
    // putting a second item in the queue has to block (qSize=1)
    let writer = loop.createTask(() => q.put(2));
    await sleep(0);
    expect(q.getNowait()).toBe(1);
    writer.cancel();
    try {
      await writer;
    } catch (e) {
      expect(e).toBeInstanceOf(CancelledError);
      writer = loop.createTask(() => q.put(2)); // try again
      await writer;
    }
    expect(q.getNowait()).toBe(2);
    expect(q.qSize()).toBe(0);
  }));

test('test_queues.QueuePutTests.test_nonblocking_put_exception', () => {
  const q = new Queue<number>({ maxSize: 1 });
  q.putNowait(1);
  expect(() => q.putNowait(2)).toThrow(QueueFull);
});

test('test_queues.QueuePutTests.test_put_cancelled', () =>
  asyncTest(async (loop) => {
    const q = new Queue<number>();
    const t = loop.createTask(async () => {
      await q.put(1);
      return true;
    });
    expect(await q.get()).toBe(1);
    expect(t.done()).toBe(true);
    expect(t.result()).toBe(true);
  }));

test('test_queues.QueuePutTests.test_put_cancelled_race', () =>
  asyncTest(async (loop) => {
    const q = new Queue<string>({ maxSize: 1 });
    const putA = loop.createTask(() => q.put('a'));
    const putB = loop.createTask(() => q.put('b'));
    const putC = loop.createTask(() => q.put('X'));
    await sleep(0);
    expect(putA.done()).toBe(true);
    expect(putB.done()).toBe(false);
    putC.cancel();
    await sleep(0);
    expect(putC.done()).toBe(true);
    expect(q.getNowait()).toBe('a');
    await sleep(0);
    expect(q.getNowait()).toBe('b');
    await putB;
  }));

test('test_queues.QueuePutTests.test_put_with_waiting_getters', () =>
  asyncTest(async (loop) => {
    const q = new Queue<string>();
    const t = loop.createTask(() => q.get());
    await sleep(0);
    await q.put('a');
    expect(await t).toBe('a');
  }));

test('test_queues.QueuePutTests.test_why_are_putters_waiting', () =>
  asyncTest(async () => {
    const queue = new Queue<number>(2);
    const putter = (item: number) => () => queue.put(item);
    const getter = async (): Promise<void> => {
      await sleep(0);
      const num = queue.qSize();
      for (let i = 0; i < num; i++) queue.getNowait();
    };
    await TaskGroup.run(async (tg) => {
      tg.createTask(getter);
      for (const item of [0, 1, 2, 3]) tg.createTask(putter(item));
    });
    expect(queue.qSize()).toBe(2);
  }));

test('test_queues.QueuePutTests.test_cancelled_puts_not_being_held_in_self_putters', () =>
  asyncTest(async (loop) => {
    // Full queue.
    const queue = new Queue<number>({ maxSize: 1 });
    queue.putNowait(1);
    // Task waiting for space to put an item in the queue.
    const putTask = loop.createTask(() => queue.put(1));
    await sleep(0);
    // The putter leaves the line when the task is cancelled.
    expect(String(queue)).toContain('putters=1');
    putTask.cancel();
    expect(await rejection(putTask)).toBeInstanceOf(CancelledError);
    expect(String(queue)).toContain('putters=0');
  }));

test('test_queues.QueuePutTests.test_cancelled_put_silence_value_error_exception', () =>
  asyncTest(async (loop) => {
    // Full queue.
    const queue = new Queue<number>(1);
    queue.putNowait(1);
    // Task waiting for space to put an item in the queue.
    const putTask = loop.createTask(() => queue.put(1));
    await sleep(0);
    // getNowait() wakes the putter and takes it out of the line; the cancelled put must still end with
    // CancelledError (leaving a line it already left is no error).
    queue.getNowait();
    putTask.cancel();
    expect(await rejection(putTask)).toBeInstanceOf(CancelledError);
    expect(queue.qSize()).toBe(0);
  }));

test('test_queues.LifoQueueTests.test_order', () =>
  asyncTest(async () => {
    const q = new LifoQueue<number>();
    for (const i of [1, 3, 2]) await q.put(i);
    const items = [await q.get(), await q.get(), await q.get()];
    expect(items).toEqual([2, 3, 1]);
  }));

test('test_queues.PriorityQueueTests.test_order', () =>
  asyncTest(async () => {
    const q = new PriorityQueue<number>();
    for (const i of [1, 3, 2]) await q.put(i);
    const items = [await q.get(), await q.get(), await q.get()];
    expect(items).toEqual([1, 2, 3]);
  }));
