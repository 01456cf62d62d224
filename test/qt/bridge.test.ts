// Acceptance of the native bridge: real Qt (offscreen) in child `node` processes running fixture programs.
import { join } from 'node:path';
import { CRASH_PATTERN, offscreenEnv, ROOT, resultOf, run, runFixture } from './run-fixture';

describe('Qt inside Node’s loop', () => {
  test('click() reaches the listener; timers, immediates, fs, net and a Worker run while the window is open', async () => {
    const result = await runFixture('window.js');
    expect(resultOf(result)).toEqual({
      clicked: true,
      setTimeout: true,
      setImmediate: true,
      readFile: true,
      net: true,
      worker: true,
    });
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(CRASH_PATTERN);
  });

  test('a Qt-side timer fires repeatedly while JavaScript schedules nothing', async () => {
    const result = await runFixture('qt-timer.js', [], { killAfterMs: 20_000 });
    expect(resultOf(result)).toEqual({ ticks: 10 });
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(CRASH_PATTERN);
  });

  test('a promise continuation queued in a Qt-dispatched listener runs right after it, before timers and I/O', async () => {
    const result = await runFixture('microtask-order.js');
    const { order } = resultOf(result) as { order: string[] };
    expect(order.slice(0, 3)).toEqual(['listener', 'tick', 'promise']);
    expect([...order].sort()).toEqual(['immediate', 'io', 'listener', 'promise', 'tick', 'timeout']);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(CRASH_PATTERN);
  });

  test('idle with a window open: under 5 % of one core over 5 s (no polling)', async () => {
    const result = await runFixture('idle-cpu.js');
    const { cpuPercent, elapsedMs } = resultOf(result) as { cpuPercent: number; elapsedMs: number };
    expect(elapsedMs).toBeGreaterThanOrEqual(4_900);
    expect(cpuPercent).toBeLessThan(5);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(CRASH_PATTERN);
  });

  test('no display: a clear NoDisplayError instead of Qt’s abort', async () => {
    const env = offscreenEnv();
    delete env.QT_QPA_PLATFORM;
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const result = await runFixture('no-display.js', [], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain('UNREACHABLE');
    expect(result.stderr).toContain('NoDisplayError');
    expect(result.stderr).toContain('QT_QPA_PLATFORM=offscreen');
    expect(result.stderr).toContain('xvfb-run');
    expect(result.stderr).not.toMatch(CRASH_PATTERN);
  });
});

describe('where the bridge stays out', () => {
  test('under qode it loads neither the bridge nor NodeGui, but registers the host hooks', async () => {
    const result = await runFixture('qode.js');
    expect(resultOf(result)).toEqual({
      isQode: true,
      bridgeState: null,
      hostHooks: 'function',
      bridgeLoaded: false,
      nodeguiLoaded: false,
    });
    expect(result.code).toBe(0);
  });

  test('in a worker thread it throws QtThreadError', async () => {
    const result = await runFixture('worker-thread.js');
    expect(resultOf(result)).toEqual({
      name: 'QtThreadError',
      message: 'qtasyncio/qt: Qt runs on the main thread only; it was loaded in worker thread 1',
    });
  });
});

test('Qt without its GLib dispatcher (QT_NO_GLIB=1): a clear BridgeAttachError', async () => {
  const result = await run(process.execPath, ['-r', 'qtasyncio/qt', '-e', '0'], {
    env: offscreenEnv({ QT_NO_GLIB: '1' }),
  });
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('BridgeAttachError');
  expect(result.stderr).toContain('unset QT_NO_GLIB');
  expect(result.stderr).not.toMatch(CRASH_PATTERN);
});

describe('unmodified NodeGui programs', () => {
  const demo = join(ROOT, 'node_modules', '@nodegui', 'nodegui', 'dist', 'demo.js');
  const quitSoon = './test/fixtures/qt/quit-soon.js';
  const cases: Array<[string, string[], string]> = [
    ['node -r qtasyncio/qt demo.js', ['-r', 'qtasyncio/qt', '-r', quitSoon], demo],
    ['node --import qtasyncio/qt demo.js', ['--import', 'qtasyncio/qt', '--import', quitSoon], demo],
    [
      'node --import qtasyncio/qt esm-app.mjs',
      ['--import', 'qtasyncio/qt', '--import', quitSoon],
      'esm-app.mjs',
    ],
  ];
  test.each(cases)('%s shows its window and stays alive until it quits', async (_name, nodeArgs, program) => {
    const result = await runFixture(program, [], { nodeArgs });
    // quit-soon.js reports from an unreferenced timer: only the bridge's keep-alive lets it fire.
    expect(resultOf(result)).toMatchObject({
      ownsProcess: true,
      started: true,
      keepingAlive: true,
      hasPrimaryWindow: true,
      runLoopInjected: true,
    });
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(CRASH_PATTERN);
  });
});
