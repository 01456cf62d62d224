// How run() and Runner end: an error in main ends the program whatever keepRunning is; Ctrl+C and the host's
// exit cancel every task and let it clean up within shutdownTimeout; unretrieved exceptions are reported at exit.
import { join } from 'node:path';
import {
  CancelledError,
  ExecutorShutdownError,
  getRunningLoop,
  LoopArgumentError,
  LoopRangeError,
  newEventLoop,
  Runner,
  run,
  setEventLoop,
  sleep,
  VirtualTimeLoop,
} from '../../src';
import { setHostHooks } from '../../src/loop/host';
import { shutdownForExit } from '../../src/loop/shutdown';
import { assertBuilt } from '../helpers/built';
import { spawnSyncGuarded } from '../helpers/hangGuard';

afterEach(() => {
  setHostHooks(null);
  setEventLoop(null);
  process.exitCode = undefined;
});

/** A task that records its cancellation and cleanup in `events`. */
function watched(events: string[], name: string): void {
  getRunningLoop().createTask(async (signal) => {
    signal.addEventListener('abort', () => events.push(`${name} aborted`));
    try {
      await sleep(1e9);
    } catch (e) {
      if (e instanceof CancelledError) events.push(`${name} cancelled`);
      throw e;
    } finally {
      await sleep(5);
      events.push(`${name} finally`);
    }
  });
}

describe('run(main) with keepRunning: an error in main ends the program', () => {
  it('rejects with main’s error, cancels and cleans up the other tasks, quits the app with 1', async () => {
    const quit = jest.fn();
    setHostHooks({ quitApp: quit });
    const loop = new VirtualTimeLoop();
    setEventLoop(loop);
    const events: string[] = [];
    await expect(
      run(async () => {
        watched(events, 'other');
        await sleep(10);
        throw new Error('main failed');
      }),
    ).rejects.toThrow('main failed');
    expect(events).toEqual(['other aborted', 'other cancelled', 'other finally']);
    expect(quit).toHaveBeenCalledWith(1);
    expect(loop.isRunning()).toBe(false);
  });

  it('a synchronous throw and run() inside main end it the same way', async () => {
    setEventLoop(new VirtualTimeLoop());
    await expect(
      run(() => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
    await expect(run(async () => run(async () => 1))).rejects.toThrow(
      'run(): cannot be called while an event loop is running',
    );
  });

  it('a cancelled main is not an error: the loop keeps running until stop()', async () => {
    const loop = new VirtualTimeLoop();
    setEventLoop(loop);
    let stopped = false;
    await run(async () => {
      loop.callLater(50, () => {
        stopped = true;
        loop.stop();
      });
      getRunningLoop().createTask(async () => undefined);
      throw new CancelledError();
    });
    expect(stopped).toBe(true);
  });
});

describe('the host exits while run() runs (shutdownForExit)', () => {
  it.each([{}, { keepRunning: false }])(
    '%j: main and every task are cancelled and clean up; run() resolves',
    async (options) => {
      const quit = jest.fn();
      setHostHooks({ quitApp: quit });
      const events: string[] = [];
      let exiting: Promise<void> | undefined;
      const done = run(async () => {
        watched(events, 'task');
        getRunningLoop().callLater(10, () => {
          exiting = shutdownForExit();
        });
        await sleep(1e9);
      }, options);
      await expect(done).resolves.toBeUndefined();
      await exiting;
      expect(events).toEqual(['task aborted', 'task cancelled', 'task finally']);
      expect(quit).not.toHaveBeenCalled(); // the host is exiting already, with its own code
    },
  );
});

describe('the default executor', () => {
  it('is shut down with the tasks when the host exits (as asyncio.run shuts it down)', async () => {
    const loop = newEventLoop();
    setEventLoop(loop);
    let exiting: Promise<void> | undefined;
    let answer: unknown;
    await run(async () => {
      answer = await getRunningLoop().runInExecutor(null, () => 6 * 7);
      exiting = shutdownForExit();
      await sleep(1e9);
    });
    await exiting;
    expect(answer).toBe(42);
    expect(() => loop.runInExecutor(null, () => 1)).toThrow(ExecutorShutdownError);
  });
});

describe('handleSigint with keepRunning', () => {
  it('the first SIGINT cancels main and every task, lets them clean up, exit code 130', async () => {
    const quit = jest.fn();
    setHostHooks({ quitApp: quit });
    const events: string[] = [];
    const before = new Set(process.listeners('SIGINT'));
    const done = run(
      async () => {
        watched(events, 'task');
        await sleep(1e9);
      },
      { handleSigint: true },
    );
    const listener = process.listeners('SIGINT').find((l) => !before.has(l)) as () => void;
    await new Promise((r) => setTimeout(r, 10));
    listener();
    await expect(done).resolves.toBeUndefined();
    expect(events).toEqual(['task aborted', 'task cancelled', 'task finally']);
    expect(process.exitCode).toBe(130);
    expect(quit).toHaveBeenCalledWith(130);
    expect(process.listeners('SIGINT')).not.toContain(listener);
  });
});

describe('shutdownTimeout', () => {
  it('Runner.close() abandons a task that ignores its cancellation after shutdownTimeout and reports it', async () => {
    const runner = new Runner({ loopFactory: () => new VirtualTimeLoop(), shutdownTimeout: 100 });
    const loop = runner.getLoop();
    const seen: string[] = [];
    loop.setExceptionHandler((_l, ctx) => seen.push(ctx.message));
    await runner.run(async () => {
      loop.createTask(async () => {
        for (;;) {
          try {
            await sleep(1e9);
          } catch {
            // ignores its cancellation
          }
        }
      });
    });
    await runner.close();
    expect(seen).toEqual(['Task was still pending 100 ms after its cancellation at shutdown; abandoned']);
    expect(loop.isClosed()).toBe(true);
  });

  it('is validated, and unknown option keys are refused', async () => {
    await expect(run(async () => 1, { shutdownTimeout: -1 })).rejects.toThrow(LoopRangeError);
    await expect(run(async () => 1, { shutdownTimeout: -1 })).rejects.toThrow(
      'run(options.shutdownTimeout): expected a finite number ≥ 0, got -1',
    );
    await expect(run(async () => 1, { shutdownTimeout: '5' as never })).rejects.toThrow(LoopArgumentError);
    await expect(run(async () => 1, { shutdownTimout: 5 } as never)).rejects.toThrow(
      'run(options): unknown option "shutdownTimout"',
    );
    expect(() => new Runner({ shutdownTimeout: Number.NaN })).toThrow(
      'Runner(options.shutdownTimeout): expected a finite number ≥ 0, got NaN',
    );
    expect(() => new Runner({ debg: true } as never)).toThrow('Runner(options): unknown option "debg"');
  });
});

describe('unretrieved task exceptions at process exit (child process, built package)', () => {
  beforeAll(() => assertBuilt(join('dist', 'loop', 'eventLoop.js')));

  it('a loop that is never closed reports them when the program ends by itself', () => {
    const r = spawnSyncGuarded(
      process.execPath,
      [
        '-e',
        `
        const { getEventLoop, sleep } = require('qtasyncio');
        const loop = getEventLoop();
        loop.createTask(async () => { throw new Error('lost-in-task'); }, { name: 'lost' });
        loop.runUntilComplete(() => sleep(5)).then(() => console.log('end of program'));
      `,
      ],
      { cwd: join(__dirname, '..', '..') },
    );
    expect(r.stdout).toBe('end of program\n');
    expect(r.stderr).toContain('Task exception was never retrieved');
    expect(r.stderr).toContain('name="lost"');
    expect(r.stderr).toContain('Error: lost-in-task');
    expect(r.status).toBe(0);
  });
});
