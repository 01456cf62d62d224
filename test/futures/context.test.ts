import { CancelledError, currentTask, EventLoop, Runner, sleep, VirtualTimeLoop } from '../../src';

describe('task context and signal', () => {
  it('a function that declares a parameter gets the task signal', async () => {
    const loop = new VirtualTimeLoop();
    let got: AbortSignal | undefined;
    const t = loop.createTask(async (signal) => {
      got = signal;
      await sleep(10);
    });
    await loop.advance(0);
    expect(got).toBe(t.signal);
    t.cancel('now');
    expect(got?.aborted).toBe(true);
    expect(got?.reason).toBeInstanceOf(CancelledError);
    expect((got?.reason as Error | undefined)?.message).toBe('now');
    await loop.runUntilIdle();
  });

  it('the signal of a cancelled task, first asked for afterwards, is aborted', async () => {
    const loop = new VirtualTimeLoop();
    const t = loop.createTask(() => sleep(10));
    await loop.advance(0);
    t.cancel();
    await loop.runUntilIdle();
    expect(t.cancelled()).toBe(true);
    expect(t.signal.aborted).toBe(true);
  });

  it('explicit then() callbacks and done callbacks run outside any task; await continuations inside', async () => {
    const loop = new VirtualTimeLoop();
    const f = loop.createFuture<number>();
    const seen: Record<string, string | undefined> = {};
    loop.createTask(
      async () => {
        f.then(() => {
          seen.thenCallback = currentTask()?.getName();
        });
        f.addDoneCallback(() => {
          seen.doneCallback = currentTask()?.getName();
        });
        await f;
        seen.await = currentTask()?.getName();
      },
      { name: 'T' },
    );
    loop.createTask(async () => f.setResult(1), { name: 'setter' });
    await loop.runUntilIdle();
    expect(seen).toEqual({ thenCallback: undefined, doneCallback: undefined, await: 'T' });
  });

  it('await continuations of native promises stay in the task; Node callbacks set up inside it run outside', async () => {
    const loop = new EventLoop();
    const seen: Record<string, string | undefined> = {};
    await loop.runUntilComplete(async () => {
      const task = loop.createTask(
        async () => {
          await new Promise<void>((resolve) =>
            setTimeout(() => {
              seen.timerCallback = currentTask(loop)?.getName();
              resolve();
            }, 1),
          );
          seen.afterTimer = currentTask()?.getName();
          await new Promise<void>((resolve) => setImmediate(resolve));
          await Promise.resolve().then(() => {
            seen.thenOfNativePromise = currentTask()?.getName();
          });
          seen.afterImmediate = currentTask()?.getName();
          queueMicrotask(() => {
            seen.microtask = currentTask(loop)?.getName();
          });
        },
        { name: 'T' },
      );
      await task;
    });
    loop.close();
    // A timer's or queueMicrotask's callback is not the task's code (asyncio's call_later/call_soon callbacks run
    // outside tasks); promise jobs made by the task's code are.
    expect(seen).toEqual({
      timerCallback: undefined,
      afterTimer: 'T',
      thenOfNativePromise: 'T',
      afterImmediate: 'T',
      microtask: undefined,
    });
  });

  it('the task context and a program’s own AsyncLocalStorage work side by side', async () => {
    const { AsyncLocalStorage } = await import('node:async_hooks');
    const als = new AsyncLocalStorage<string>();
    const loop = new EventLoop();
    const seen: string[] = [];
    await loop.runUntilComplete(() =>
      als.run('request-1', async () => {
        const main = currentTask();
        const tasks = ['A', 'B'].map((name) =>
          loop.createTask(
            async () => {
              await sleep(1);
              await new Promise<void>((resolve) => setImmediate(resolve));
              seen.push(`${currentTask()?.getName()} ${als.getStore()}`);
            },
            { name },
          ),
        );
        await Promise.all(tasks);
        seen.push(`main ${main !== null && currentTask() === main} ${als.getStore()}`);
      }),
    );
    loop.close();
    expect(seen).toEqual(['A request-1', 'B request-1', 'main true request-1']);
  });

  it('AsyncLocalStorage.bind carries a store into a task, every step of it, and into a callback (README "Differences")', async () => {
    const { AsyncLocalStorage } = await import('node:async_hooks');
    const als = new AsyncLocalStorage<string>();
    const loop = new EventLoop();
    const seen: string[] = [];
    await loop.runUntilComplete(async () => {
      const task = als.run('request-1', () => {
        loop.callSoon(AsyncLocalStorage.bind(() => seen.push(`callSoon ${als.getStore()}`)));
        return loop.createTask(
          AsyncLocalStorage.bind(async () => {
            seen.push(`first step ${als.getStore()} ${currentTask() !== null}`);
            await sleep(1);
            await new Promise<void>((resolve) => setImmediate(resolve));
            await sleep(0);
            seen.push(`after its awaits ${als.getStore()} ${currentTask() !== null}`);
          }),
        );
      });
      await als.run('request-2', () => task);
    });
    loop.close();
    expect(seen).toEqual([
      'callSoon request-1',
      'first step request-1 true',
      'after its awaits request-1 true',
    ]);
  });

  it('a callback scheduled from another Node callback wakes a running loop', async () => {
    const loop = new EventLoop();
    setTimeout(() => loop.callSoon(() => loop.stop()), 5);
    await loop.runForever();
    loop.close();
  });
});

describe('debug mode for futures', () => {
  it('a Future remembers where it was created', () => {
    const loop = new VirtualTimeLoop({ debug: true });
    const f = loop.createFuture();
    expect(String(f)).toMatch(/<Future pending created at .*context\.test\.ts:\d+/);
  });

  it('the unretrieved-exception report carries the creation site', () => {
    const loop = new VirtualTimeLoop({ debug: true });
    const seen: unknown[] = [];
    loop.setExceptionHandler((_l, ctx) => seen.push(ctx.sourceTraceback));
    loop.createFuture().setException(new Error('x'));
    loop.close();
    expect(String(seen[0])).toMatch(/context\.test\.ts/);
  });
});

describe('Runner disposal', () => {
  it('await using closes the Runner', async () => {
    let loop: EventLoop | undefined;
    {
      const runner = new Runner({ loopFactory: () => new VirtualTimeLoop() });
      loop = runner.getLoop();
      await runner.run(async () => 1);
      await runner[Symbol.asyncDispose]();
    }
    expect(loop?.isClosed()).toBe(true);
  });
});
