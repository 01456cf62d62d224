/**
 * run() and Runner beyond CPython's test_runners.py (ported case by case in test/cpython/test_runners*.test.ts):
 * QtAsyncio's `keepRunning` extension (`keepRunning: true`, the default, keeps the loop running after main until
 * stop()), `quitQApp`, several mains on one Runner, and SIGINT in a real child process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import {
  currentTask,
  EventLoop,
  getRunningLoop,
  LoopClosedError,
  Runner,
  run,
  setEventLoop,
  sleep,
  type Task,
} from '../../src';
import { setHostHooks } from '../../src/loop/host';
import { errorOf, expectExportedError, promiseState, turns } from './helpers';

afterEach(() => setEventLoop(null));

describe('run(main, { keepRunning: false }) behaves like asyncio.run', () => {
  it('runs main as a task, closes its loop afterwards, and no loop runs any more', async () => {
    let loop: EventLoop | undefined;
    let task: unknown;
    await run(
      async () => {
        loop = getRunningLoop();
        task = currentTask();
      },
      { keepRunning: false, quitQApp: false },
    );
    expect(loop).toBeInstanceOf(EventLoop);
    expect(task).toBeTruthy();
    expect(loop?.isClosed()).toBe(true);
    expect(loop?.isRunning()).toBe(false);
    expect(() => getRunningLoop()).toThrow();
  });
});

describe('run(main) with keepRunning: true (QtAsyncio)', () => {
  it('is the default: the loop keeps running after main until stop()', async () => {
    let loop: EventLoop | undefined;
    const trace: string[] = [];
    const p = run(
      async () => {
        loop = getRunningLoop();
        trace.push('main done');
        return 'main result';
      },
      { quitQApp: false },
    );
    p.catch(() => {});
    await turns(5);
    expect(trace).toEqual(['main done']);
    expect(loop?.isRunning()).toBe(true);
    expect(await promiseState(p)).toBe('pending');
    // Still serving callbacks after main finished.
    const served = await new Promise<string>((resolve) => loop?.callSoon(() => resolve('served')));
    expect(served).toBe('served');
    loop?.stop();
    await p;
    expect(loop?.isRunning()).toBe(false);
  });

  it('without main it just runs the loop until stop()', async () => {
    const p = run(undefined, { quitQApp: false });
    p.catch(() => {});
    await turns(3);
    const loop = getRunningLoop();
    expect(loop.isRunning()).toBe(true);
    const ran = await new Promise<boolean>((resolve) => loop.callSoon(() => resolve(true)));
    expect(ran).toBe(true);
    loop.stop();
    await p;
    expect(loop.isRunning()).toBe(false);
  });

  it('on a closed current loop: a clear LoopClosedError', async () => {
    const closed = new EventLoop();
    closed.close();
    setEventLoop(closed);
    const p = (async () => errorOf(() => run(undefined, { quitQApp: false })))();
    await turns(5);
    if ((await promiseState(p)) === 'pending') {
      // It ran some other loop instead of refusing: stop it so the suite does not hang, then fail.
      getRunningLoop().stop();
    }
    const err = await p;
    expectExportedError(err);
    expect(err).toBeInstanceOf(LoopClosedError);
  });
});

describe('quitQApp: the host (Qt) is asked to quit when the loop stops', () => {
  afterEach(() => setHostHooks(null));

  it('keepRunning: false — quitApp(0) once, after main finished', async () => {
    const calls: [number, boolean][] = [];
    let mainDone = false;
    setHostHooks({ quitApp: (code) => calls.push([code, mainDone]) });
    await run(
      async () => {
        await sleep(0);
        mainDone = true;
      },
      { keepRunning: false },
    );
    expect(calls).toEqual([[0, true]]);
  });

  it('keepRunning: true — quitApp(0) once, when stop() ends the loop, not when main ends', async () => {
    const calls: number[] = [];
    setHostHooks({ quitApp: (code) => calls.push(code) });
    let loop: EventLoop | undefined;
    const p = run(async () => {
      loop = getRunningLoop();
    });
    await turns(5);
    expect(calls).toEqual([]);
    loop?.stop();
    await p;
    expect(calls).toEqual([0]);
  });

  it('quitQApp: false — the host is left alone', async () => {
    const calls: number[] = [];
    setHostHooks({ quitApp: (code) => calls.push(code) });
    await run(async () => 1, { keepRunning: false, quitQApp: false });
    expect(calls).toEqual([]);
  });
});

describe('Runner (RunnerTests)', () => {
  it('runs several mains on the same loop', async () => {
    const runner = new Runner();
    const loops: unknown[] = [];
    await runner.run(async () => loops.push(getRunningLoop()));
    await runner.run(async () => loops.push(getRunningLoop()));
    expect(loops[0]).toBe(loops[1]);
    expect(loops[0]).toBe(runner.getLoop());
    await runner.close();
  });

  it('close() cancels tasks left over by run()', async () => {
    const runner = new Runner();
    let leftover: Task<void> | undefined;
    await runner.run(async () => {
      leftover = getRunningLoop().createTask(async () => {
        await sleep(100_000);
      });
    });
    expect(leftover?.done()).toBe(false);
    await runner.close();
    expect(leftover?.cancelled()).toBe(true);
  });
});

/** A child `node` running fixtures/sigint-run.js; its stdout lines, and a way to wait for one. */
function startSigintChild(mode: 'keep' | 'nokeep') {
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(__dirname, 'fixtures', 'sigint-run.js'), mode],
    {
      cwd: path.join(__dirname, '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  let stderr = '';
  const waiters: { line: string; resolve: () => void }[] = [];
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      lines.push(line);
      for (const w of waiters.filter((x) => x.line === line)) w.resolve();
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = (line: string) =>
    lines.includes(line)
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          waiters.push({ line, resolve });
          exited.then(() =>
            reject(new Error(`child exited before "${line}"; stdout=${lines.join('|')} stderr=${stderr}`)),
          );
        });
  return { child, lines, waitFor, exited, stderr: () => stderr };
}

describe('run(main, { handleSigint: true }) in a child process', () => {
  // asyncio.Runner's manners with QtAsyncio's meaning: Ctrl+C ends the program, keepRunning or not.
  it('keepRunning: the first SIGINT cancels main and every task, they clean up, the program exits with 130', async () => {
    const c = startSigintChild('keep');
    try {
      await c.waitFor('ready');
      c.child.kill('SIGINT');
      expect(await c.exited).toBe(130);
      expect(c.lines).toEqual(['ready', 'main: CancelledError', 'task: finally', 'run: resolved undefined']);
    } finally {
      c.child.kill('SIGKILL');
    }
  });

  it('keepRunning: false: SIGINT cancels the main task at its await and the program exits with 130', async () => {
    const c = startSigintChild('nokeep');
    try {
      await c.waitFor('ready');
      c.child.kill('SIGINT');
      expect(await c.exited).toBe(130);
      expect(c.lines).toContain('main: CancelledError');
      expect(c.lines).toContain('task: finally');
      expect(c.lines).not.toContain('main: slept');
    } finally {
      c.child.kill('SIGKILL');
    }
  });
});
