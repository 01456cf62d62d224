/**
 * CPython's Lib/test/test_asyncio/test_queues.py (3.13), the mixins run for Queue, LifoQueue and PriorityQueue:
 * _QueueJoinTestMixin (QueueJoinTests, LifoQueueJoinTests, PriorityQueueJoinTests) and _QueueShutdownTestMixin
 * (QueueShutdownTests, LifoQueueShutdownTests, PriorityQueueShutdownTests). Python's ValueError from
 * `task_done()` is {@link OverReleaseError}.
 */
import {
  LifoQueue,
  OverReleaseError,
  PriorityQueue,
  Queue,
  type QueueOptions,
  QueueShutDown,
  sleep,
  TaskGroup,
} from '../../src';
import { asyncTest, rejection } from './helpers';

type QueueClass = new (options?: number | QueueOptions) => Queue<unknown>;
const classes: [string, QueueClass][] = [
  ['Queue', Queue],
  ['LifoQueue', LifoQueue],
  ['PriorityQueue', PriorityQueue],
];

/** Every way in must throw QueueShutDown ("Didn't appear to shut-down queue"). */
async function expectShutDown(q: Queue<unknown>): Promise<void> {
  expect(await rejection(q.put('data'))).toBeInstanceOf(QueueShutDown);
  expect(() => q.putNowait('data')).toThrow(QueueShutDown);
  expect(await rejection(q.get())).toBeInstanceOf(QueueShutDown);
  expect(() => q.getNowait()).toThrow(QueueShutDown);
}

for (const [name, Q] of classes) {
  const join = `test_queues.${name}JoinTests`;

  test(`${join}.test_task_done_underflow`, () => {
    const q = new Q();
    expect(() => q.taskDone()).toThrow(OverReleaseError);
  });

  test(`${join}.test_task_done`, () =>
    asyncTest(async () => {
      const q = new Q() as Queue<number>;
      for (let i = 0; i < 100; i++) q.putNowait(i);
      let accumulator = 0;
      // Two workers get items from the queue and call taskDone() after each.
      // Join the queue and check that all items have been processed.
      let running = true;
      const worker = async (): Promise<void> => {
        while (running) {
          const item = await q.get();
          accumulator += item;
          q.taskDone();
        }
      };
      await TaskGroup.run(async (tg) => {
        const tasks = [tg.createTask(worker), tg.createTask(worker)];
        await q.join();
        expect(accumulator).toBe(4950);
        // end the workers
        running = false;
        for (let i = 0; i < tasks.length; i++) q.putNowait(0);
      });
      expect(q.empty()).toBe(true);
    }));

  test(`${join}.test_join_empty_queue`, () =>
    asyncTest(async (loop) => {
      const q = new Q();
      // A queue join()s successfully, and before anything else (done twice for insurance).
      let other = false;
      loop.callSoon(() => {
        other = true;
      });
      await q.join();
      await q.join();
      expect(other).toBe(false);
    }));

  const shutdown = `test_queues.${name}ShutdownTests`;

  test(`${shutdown}.test_shutdown_empty`, () =>
    asyncTest(async (loop) => {
      // Set up an empty queue, and join() and get() tasks.
      const q = new Q();
      const getTask = loop.createTask(() => q.get());
      await sleep(0); // the get task is pending before the shutdown
      q.shutdown(false); // unfinished tasks: 0 -> 0
      expect(q.qSize()).toBe(0);
      // join() finishes
      await q.join();
      // the get() task is finished, and raised QueueShutDown
      await sleep(0);
      expect(getTask.done()).toBe(true);
      expect(await rejection(getTask)).toBeInstanceOf(QueueShutDown);
      await expectShutDown(q);
    }));

  test(`${shutdown}.test_shutdown_nonempty`, () =>
    asyncTest(async (loop) => {
      // Set up a full queue with 1 item, and join() and put() tasks.
      const q = new Q({ maxSize: 1 });
      q.putNowait('data');
      const joinTask = loop.createTask(() => q.join());
      const putTask = loop.createTask(() => q.put('data2'));
      // the put() task is not finished
      await sleep(0);
      expect(putTask.done()).toBe(false);
      q.shutdown(false); // unfinished tasks: 1 -> 1
      expect(q.qSize()).toBe(1);
      // the put() task is finished, and raised QueueShutDown
      await sleep(0);
      expect(putTask.done()).toBe(true);
      expect(await rejection(putTask)).toBeInstanceOf(QueueShutDown);
      // get() succeeds on the queued item
      expect(await q.get()).toBe('data');
      // the join() task is not finished
      await sleep(0);
      expect(joinTask.done()).toBe(false);
      await expectShutDown(q);
      // there is 1 unfinished task, and the join() task succeeds
      q.taskDone();
      await sleep(0);
      expect(joinTask.done()).toBe(true);
      await joinTask;
      expect(() => q.taskDone()).toThrow(OverReleaseError); // "Didn't appear to mark all tasks done"
    }));

  test(`${shutdown}.test_shutdown_immediate`, () =>
    asyncTest(async (loop) => {
      // Set up a queue with 1 item, and a join() task.
      const q = new Q();
      q.putNowait('data');
      const joinTask = loop.createTask(() => q.join());
      q.shutdown(true); // unfinished tasks: 1 -> 0
      expect(q.qSize()).toBe(0);
      // the join() task has finished
      await sleep(0);
      expect(joinTask.done()).toBe(true);
      await joinTask;
      await expectShutDown(q);
      // there are no unfinished tasks
      expect(() => q.taskDone()).toThrow(OverReleaseError);
    }));

  test(`${shutdown}.test_shutdown_immediate_with_unfinished`, () =>
    asyncTest(async (loop) => {
      // Set up a queue with 2 items (1 retrieved), and a join() task.
      const q = new Q();
      q.putNowait('data');
      q.putNowait('data');
      const joinTask = loop.createTask(() => q.join());
      expect(await q.get()).toBe('data');
      q.shutdown(true); // unfinished tasks: 2 -> 1
      expect(q.qSize()).toBe(0);
      // the join() task is not finished
      await sleep(0);
      expect(joinTask.done()).toBe(false);
      await expectShutDown(q);
      // there is 1 unfinished task
      q.taskDone();
      expect(() => q.taskDone()).toThrow(OverReleaseError);
      // the join() task has finished
      await sleep(0);
      expect(joinTask.done()).toBe(true);
      await joinTask;
    }));
}
