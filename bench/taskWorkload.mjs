// The task workload two benchmarks share: create and run n tasks that each await sleep(0) once, and wait for
// all of them the way asyncio.gather does (one done callback per task, one Future to await).
import { EventLoop, sleep } from 'qtasyncio';

/**
 * Run the workload on a fresh loop; resolves when every task is done.
 * @example await createAndRunTasks(100_000);
 */
export async function createAndRunTasks(n) {
  const loop = new EventLoop();
  await loop.runUntilComplete(async () => {
    const all = loop.createFuture();
    let left = n;
    const onDone = () => {
      if (--left === 0) all.setResult();
    };
    for (let i = 0; i < n; i++) {
      loop
        .createTask(async () => {
          await sleep(0);
          return i;
        })
        .addDoneCallback(onDone);
    }
    await all;
  });
  loop.close();
}
