/**
 * Process lifetime: the loop's Node handles never keep a finished program alive, and runForever() keeps it alive
 * until stop(). Runs child `node` processes against the built package (dist/, built by `npm test`).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { assertBuilt } from '../helpers/built';
import { spawnSyncGuarded } from '../helpers/hangGuard';

const root = join(__dirname, '..', '..');

function runNode(code: string): { status: number | null; stdout: string; stderr: string; ms: number } {
  const t0 = Date.now();
  const r = spawnSyncGuarded(process.execPath, ['-e', code], { cwd: root, baseMs: 20_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
}

describe('process lifetime (child processes, built package)', () => {
  beforeAll(() => assertBuilt(join('dist', 'loop', 'eventLoop.js')));

  it('a loop with callbacks and timers scheduled but not running lets Node exit', () => {
    const r = runNode(`
      const { EventLoop, getEventLoop } = require('qtasyncio');
      const loop = new EventLoop();
      loop.callSoon(() => console.log('never'));
      loop.callLater(60000, () => console.log('never'));
      getEventLoop().createTask(async () => console.log('never'));
      console.log('end of program');
    `);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('end of program\n');
    expect(r.status).toBe(0);
  });

  it('a loop that ran and stopped lets Node exit even with timers still pending', () => {
    const r = runNode(`
      const { EventLoop, sleep } = require('qtasyncio');
      const loop = new EventLoop();
      loop.runUntilComplete(async () => { loop.callLater(60000, () => {}); await sleep(1); return 'done'; })
        .then((v) => console.log(v));
    `);
    expect(r.stdout).toBe('done\n');
    expect(r.status).toBe(0);
  });

  it('runForever() keeps the process alive with nothing scheduled until stop() from outside', () => {
    const r = runNode(`
      const { EventLoop } = require('qtasyncio');
      const loop = new EventLoop();
      const t = setTimeout(() => loop.stop(), 300);
      t.unref(); // only the loop may keep the process alive
      loop.runForever().then(() => console.log('stopped'));
    `);
    expect(r.stdout).toBe('stopped\n');
    expect(r.status).toBe(0);
  });

  it('handleSigint: the first Ctrl+C cancels main, the second exits with 130', async () => {
    const child = spawn(
      process.execPath,
      [
        '-e',
        `
        const { run, sleep, CancelledError } = require('qtasyncio');
        run(async () => {
          console.log('ready');
          try { await sleep(60000); } catch (e) { console.log('cancelled', e instanceof CancelledError); }
          console.log('ignoring it');
          await sleep(60000);
        }, { keepRunning: false, handleSigint: true });
      `,
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    const sent: string[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready') && sent.length === 0) {
        sent.push('first');
        child.kill('SIGINT');
      }
      if (out.includes('ignoring it') && sent.length === 1) {
        sent.push('second');
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(out).toBe('ready\ncancelled true\nignoring it\n');
    expect(code).toBe(130);
  });
});
