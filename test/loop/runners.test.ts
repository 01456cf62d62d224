import {
  CancelledError,
  getEventLoop,
  getRunningLoop,
  KeyboardInterrupt,
  LoopArgumentError,
  LoopClosedError,
  LoopRunningError,
  Runner,
  run,
  SIGINT_EXIT_CODE,
  setEventLoop,
  sleep,
  VirtualTimeLoop,
} from '../../src';
import { setHostHooks } from '../../src/loop/host';

/** The SIGINT listener that `start()` added (to call it without signalling the test process). */
async function sigintListenerAdded(start: () => void): Promise<() => void> {
  const before = new Set(process.listeners('SIGINT'));
  start();
  for (let i = 0; i < 100; i++) {
    const added = process.listeners('SIGINT').find((l) => !before.has(l));
    if (added) return () => (added as () => void)();
    await new Promise((r) => setImmediate(r));
  }
  throw new Error('no SIGINT listener was added');
}

afterEach(() => {
  setHostHooks(null);
  setEventLoop(null);
  process.exitCode = undefined;
});

describe('run(main, { keepRunning: false }) — asyncio.run', () => {
  it('returns main’s result, cancels leftover tasks and closes its loop', async () => {
    let loopSeen: VirtualTimeLoop | undefined;
    let leftover: CancelledError | undefined;
    const result = await run(
      async () => {
        const loop = getRunningLoop();
        loop.createTask(async () => {
          try {
            await sleep(10_000);
          } catch (e) {
            leftover = e as CancelledError;
            throw e;
          }
        });
        await sleep(1);
        loopSeen = loop as VirtualTimeLoop;
        return 'main result';
      },
      { keepRunning: false },
    );
    expect(result).toBe('main result');
    expect(leftover).toBeInstanceOf(CancelledError);
    expect(loopSeen?.isClosed()).toBe(true);
  });

  it('rejects with main’s exception and still closes the loop', async () => {
    let loop: ReturnType<typeof getRunningLoop> | undefined;
    await expect(
      run(
        async () => {
          loop = getRunningLoop();
          throw new Error('main failed');
        },
        { keepRunning: false },
      ),
    ).rejects.toThrow('main failed');
    expect(loop?.isClosed()).toBe(true);
  });

  it('quits the QApplication through the host hooks when the loop stops (quitQApp)', async () => {
    const quit = jest.fn();
    setHostHooks({ quitApp: quit });
    await run(async () => 1, { keepRunning: false });
    expect(quit).toHaveBeenCalledWith(0);
    quit.mockClear();
    await run(async () => 1, { keepRunning: false, quitQApp: false });
    expect(quit).not.toHaveBeenCalled();
  });

  it('debug turns on debug mode of the loop', async () => {
    const debug = await run(async () => getRunningLoop().getDebug(), { keepRunning: false, debug: true });
    expect(debug).toBe(true);
  });

  it('debug turns on debug mode on the default keepRunning path too', async () => {
    const debug = await run(
      async () => {
        const on = getRunningLoop().getDebug();
        getRunningLoop().stop();
        return on;
      },
      { debug: true, quitQApp: false },
    );
    expect(debug).toBe(true);
  });

  it('handleSigint: the first SIGINT cancels main, run resolves with exit code 130', async () => {
    const quit = jest.fn();
    setHostHooks({ quitApp: quit });
    let cancelled = false;
    let started = false;
    let done: Promise<unknown> | undefined;
    const interrupt = await sigintListenerAdded(() => {
      done = run(
        async () => {
          started = true;
          try {
            await sleep(60_000);
          } catch (e) {
            cancelled = e instanceof CancelledError;
            throw e;
          }
        },
        { keepRunning: false, handleSigint: true },
      );
    });
    while (!started) await new Promise((r) => setImmediate(r));
    interrupt();
    await expect(done).resolves.toBeUndefined();
    expect(cancelled).toBe(true);
    expect(process.exitCode).toBe(SIGINT_EXIT_CODE);
    expect(quit).toHaveBeenCalledWith(130);
    expect(process.listeners('SIGINT')).not.toContain(interrupt);
  });
});

describe('run(main) with keepRunning (QtAsyncio default)', () => {
  it('keeps the loop running after main until stop(), then returns main’s result', async () => {
    const quit = jest.fn();
    setHostHooks({ quitApp: quit });
    const events: string[] = [];
    const result = await run(async () => {
      const loop = getRunningLoop();
      loop.callLater(20, () => {
        events.push('after main');
        loop.stop();
      });
      events.push('main');
      return 'kept';
    });
    expect(events).toEqual(['main', 'after main']);
    expect(result).toBe('kept');
    expect(quit).toHaveBeenCalledWith(0);
    expect(getEventLoop().isClosed()).toBe(false);
  });

  it('without main it just runs the current loop', async () => {
    const loop = new VirtualTimeLoop();
    setEventLoop(loop);
    loop.callLater(1000, () => loop.stop());
    await expect(run()).resolves.toBeUndefined();
    expect(loop.time()).toBe(1000);
  });

  it('handleSigint without a pending main: SIGINT stops the loop with exit code 130', async () => {
    const loop = new VirtualTimeLoop();
    setEventLoop(loop);
    let done: Promise<unknown> | undefined;
    const interrupt = await sigintListenerAdded(() => {
      done = run(undefined, { handleSigint: true });
    });
    interrupt();
    await expect(done).resolves.toBeUndefined();
    expect(process.exitCode).toBe(130);
  });

  it('rejects on a closed current loop, inside a running loop, and for bad options', async () => {
    const closed = new VirtualTimeLoop();
    closed.close();
    setEventLoop(closed);
    await expect(run(async () => 1)).rejects.toThrow(LoopClosedError);
    await expect(run(async () => 1)).rejects.toThrow('run(): the event loop is closed');
    setEventLoop(null);
    const loop = new VirtualTimeLoop();
    const inner = await loop.runUntilComplete(async () => {
      try {
        await run(async () => 1, { keepRunning: false });
        return null;
      } catch (e) {
        return e;
      }
    });
    expect(inner).toBeInstanceOf(LoopRunningError);
    expect((inner as Error).message).toBe('run(): cannot be called while an event loop is running');
    await expect(run(undefined, { keepRunning: false })).rejects.toThrow(
      'run(main): with keepRunning: false a main function (or awaitable) is required',
    );
    await expect(run(async () => 1, { keepRunning: 'no' as never })).rejects.toThrow(
      'run(options.keepRunning): expected a boolean, got "no"',
    );
  });

  it('loopFactory: a function, and only with keepRunning: false (keepRunning runs the current loop)', async () => {
    await expect(run(async () => 1, { keepRunning: false, loopFactory: 1 as never })).rejects.toThrow(
      LoopArgumentError,
    );
    const loop = new VirtualTimeLoop();
    await expect(run(async () => 1, { loopFactory: () => loop })).rejects.toThrow(
      'run(options.loopFactory): only with keepRunning: false (keepRunning runs the current loop)',
    );
    expect(loop.isClosed()).toBe(false);
    const result = await run(async () => getRunningLoop(), { keepRunning: false, loopFactory: () => loop });
    expect(result).toBe(loop);
    expect(loop.isClosed()).toBe(true);
  });
});

describe('Runner', () => {
  it('runs several mains on one loop, then close() cancels leftovers and closes it', async () => {
    const current = new VirtualTimeLoop();
    setEventLoop(current);
    const runner = new Runner({ loopFactory: () => new VirtualTimeLoop() });
    const loop = runner.getLoop();
    expect(getEventLoop()).toBe(current); // asyncio: a factory's loop is not made the current one
    expect(await runner.run(async () => 1)).toBe(1);
    const left = loop.createTask(() => sleep(1e9));
    expect(await runner.run(Promise.resolve('two'))).toBe('two');
    await runner.close();
    await runner.close();
    expect(left.cancelled()).toBe(true);
    expect(loop.isClosed()).toBe(true);
    expect(getEventLoop()).toBe(current); // nor is the current one cleared
    await expect(runner.run(async () => 3)).rejects.toThrow('Runner.run(): the Runner is closed');
    setEventLoop(null);
    current.close();
  });

  it('run() refuses a main that is not awaitable before it makes its loop (asyncio checks the coroutine first)', async () => {
    let made = 0;
    const runner = new Runner({
      loopFactory: () => {
        made++;
        return new VirtualTimeLoop();
      },
    });
    await expect(runner.run(123 as never)).rejects.toThrow(
      'Runner.run(main): expected a task function, a Future or a Promise-like, got 123',
    );
    expect(made).toBe(0);
    await runner.close();
  });

  it('without a loopFactory its loop is the current one until close()', async () => {
    const runner = new Runner();
    const loop = runner.getLoop();
    expect(getEventLoop()).toBe(loop);
    expect(await runner.run(async () => getEventLoop())).toBe(loop);
    await runner.close();
    expect(() => getEventLoop()).toThrow('getEventLoop(): there is no current event loop');
  });

  it('reports tasks that fail during shutdown to the exception handler', async () => {
    const runner = new Runner({ loopFactory: () => new VirtualTimeLoop() });
    const loop = runner.getLoop();
    const seen: unknown[] = [];
    loop.setExceptionHandler((_l, ctx) => seen.push(ctx.message));
    await runner.run(async () => {
      loop.createTask(async () => {
        try {
          await sleep(100);
        } catch {
          throw new Error('cleanup failed');
        }
      });
    });
    await runner.close();
    expect(seen).toContain('unhandled exception during run() shutdown');
  });

  it('handleSigint makes run() reject with KeyboardInterrupt', async () => {
    const runner = new Runner();
    let done: Promise<unknown> | undefined;
    const interrupt = await sigintListenerAdded(() => {
      done = runner.run(() => sleep(60_000), { handleSigint: true });
    });
    interrupt();
    await expect(done).rejects.toBeInstanceOf(KeyboardInterrupt);
    await runner.close();
  });

  it('checks its options', () => {
    expect(() => new Runner({ debug: 1 as never })).toThrow(LoopArgumentError);
    expect(() => new Runner({ loopFactory: 1 as never })).toThrow(
      'Runner(options.loopFactory): expected a function, got 1',
    );
  });
});
