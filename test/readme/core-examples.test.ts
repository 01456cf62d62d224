// The README's loop-core examples, run as written (with stand-ins for `files`, `upload` and `fetch`).
import { ExceptionGroup, Queue, sleep, TaskGroup, TimeoutError, timeout, VirtualTimeLoop } from '../../src';

async function pipeline(files: string[], uploadMs: (name: string) => number): Promise<string[]> {
  const uploaded: string[] = [];
  const upload = async (name: string): Promise<void> => {
    await sleep(uploadMs(name));
    uploaded.push(name);
  };
  // --- README example, verbatim -----------------------------------------------------------------------------
  const queue = new Queue<string>({ maxsize: 100 });
  await TaskGroup.run(async (tg) => {
    tg.createTask(async () => {
      for (const name of files) await queue.put(name); // waits while the queue is full
      queue.shutdown();
    });
    tg.createTask(async () => {
      for await (const name of queue) await timeout(2_000, () => upload(name)); // TimeoutError after 2 s
    });
  });
  // -----------------------------------------------------------------------------------------------------------
  return uploaded;
}

test('queue + TaskGroup + timeout: every file is uploaded in order', async () => {
  const loop = new VirtualTimeLoop();
  const files = Array.from({ length: 250 }, (_, i) => `file-${i}`);
  const t = loop.createTask(() => pipeline(files, () => 10));
  await loop.runUntilIdle();
  expect(t.result()).toEqual(files);
  expect(loop.time()).toBe(2500);
});

test('queue + TaskGroup + timeout: a slow upload ends the group with an ExceptionGroup of TimeoutError', async () => {
  const loop = new VirtualTimeLoop();
  const t = loop.createTask(() => pipeline(['a', 'slow', 'c'], (name) => (name === 'slow' ? 5_000 : 10)));
  await loop.runUntilIdle();
  const error = t.exception();
  expect(error).toBeInstanceOf(ExceptionGroup);
  const inner = (error as ExceptionGroup).errors;
  expect(inner).toHaveLength(1);
  expect(inner[0]).toBeInstanceOf(TimeoutError);
  // 'a' took 10 ms, then 'slow' hit the 2 s timeout.
  expect(loop.time()).toBe(2010);
});

test('virtual time: a minute-long sleep completes after advance(60_000)', async () => {
  const loop = new VirtualTimeLoop();
  const slow = loop.createTask(async () => {
    await sleep(60_000);
    return 'a minute later';
  });
  await loop.advance(59_999);
  expect(slow.done()).toBe(false);
  await loop.advance(1);
  expect(slow.result()).toBe('a minute later');
});
