// Workers never load NodeGui: preloads are stripped from execArgv and NODE_OPTIONS, and executors work while a
// Qt window is open (a child `node` process preloading the built qtasyncio/qt, offscreen).

import { stripPreloads, workerEnv, workerScript } from '../../src/executor/workerScript';
import { CRASH_PATTERN, offscreenEnv, resultOf, run, runNode } from '../qt/run-fixture';

describe('worker environment', () => {
  test('stripPreloads removes -r/--require/--import/--loader in both spellings', () => {
    expect(
      stripPreloads([
        '-r',
        'qtasyncio/qt',
        '--require=x',
        '--import',
        'y.mjs',
        '--import=z',
        '--loader',
        'l',
        '--experimental-loader=m',
        '--max-old-space-size=256',
        '--enable-source-maps',
      ]),
    ).toEqual(['--max-old-space-size=256', '--enable-source-maps']);
  });

  test('workerEnv strips preloads from NODE_OPTIONS and keeps the rest', () => {
    expect(workerEnv({ NODE_OPTIONS: '-r qtasyncio/qt --trace-warnings', A: '1' })).toEqual({
      NODE_OPTIONS: '"--trace-warnings"',
      A: '1',
    });
    expect(workerEnv({ NODE_OPTIONS: '--require "a b.js"' })).toEqual({});
    expect(workerEnv({ B: '2' })).toEqual({ B: '2' });
  });

  test('the compiled worker entries are found (dist/, built before Jest runs)', () => {
    expect(workerScript('threadWorker')).toMatch(/dist[\\/]executor[\\/]threadWorker\.js$/);
    expect(workerScript('processWorker')).toMatch(/dist[\\/]executor[\\/]processWorker\.js$/);
  });
});

test('with qtasyncio/qt preloaded and a window shown, toThread and a process pool run jobs without NodeGui', async () => {
  const result = await runNode('test/executor/fixtures/qtWindowToThread.js', {
    nodeArgs: ['-r', 'qtasyncio/qt'],
    env: offscreenEnv({ NODE_OPTIONS: '--require=qtasyncio/qt' }),
  });
  expect(result.stderr).not.toMatch(CRASH_PATTERN);
  expect(result.code).toBe(0);
  const clean = { loaded: [], execArgv: [], nodeOptions: '' };
  expect(resultOf(result)).toEqual({
    thread: { sum: 5050, ...clean },
    child: { sum: 55, ...clean },
    control: 'QtThreadError',
    visible: true,
  });
});

test('a program started with per-process flags (node --expose-gc --title=x) still gets a working thread pool', async () => {
  // Node refuses per-process options in a Worker's execArgv; the pool must not inherit them.
  const program = `
    const { ThreadPoolExecutor } = require('qtasyncio');
    const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    pool.submit((a, b) => a * b, [6, 7]).then(async (v) => {
      console.log('RESULT ' + JSON.stringify({ v, gc: typeof globalThis.gc }));
      await pool.close();
    });
  `;
  const r = await run(process.execPath, [
    '--expose-gc',
    '--title=qtasyncio-test',
    '--stack-size=900',
    '-e',
    program,
  ]);
  expect(r.stderr).toBe('');
  expect(resultOf(r)).toEqual({ v: 42, gc: 'function' });
  expect(r.code).toBe(0);
});
