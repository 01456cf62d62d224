// assertDisplay against real sockets: a DISPLAY where no X server answers (stale DISPLAY=:55, a socket file left
// by a dead server, a TCP display nobody listens on) raises NoDisplayError instead of letting Qt abort.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { assertDisplay, xDisplayAddress } from '../../src/qt/display';
import { NoDisplayError } from '../../src/qt/errors';
import { offscreenEnv, runFixture } from './run-fixture';

/** A display number with no X socket (file or abstract) on this machine. */
function freeDisplayNumber(from: number): number {
  const table = readFileSync('/proc/net/unix', 'utf8');
  for (let n = from; n < from + 500; n++) {
    const path = `/tmp/.X11-unix/X${n}`;
    if (!existsSync(path) && !table.includes(path)) return n;
  }
  throw new Error('no free X display number');
}

function listen(server: Server, ...args: unknown[]): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    (server.listen as (...a: unknown[]) => void)(...args, () => resolve());
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

describe('xDisplayAddress', () => {
  test.each([
    [':0', { path: '/tmp/.X11-unix/X0' }],
    [':55.0', { path: '/tmp/.X11-unix/X55' }],
    ['unix:3', { path: '/tmp/.X11-unix/X3' }],
    ['localhost:10.0', { host: 'localhost', port: 6010 }],
    ['garbage', null],
  ])('%s → %j', (display, address) => {
    expect(xDisplayAddress(display)).toEqual(address);
  });
});

describe('assertDisplay probes the X server', () => {
  beforeAll(() => mkdirSync('/tmp/.X11-unix', { recursive: true }));

  test('a DISPLAY with no X server behind it (stale DISPLAY=:N) throws NoDisplayError with the usual advice', () => {
    const n = freeDisplayNumber(55);
    const check = () => assertDisplay({ DISPLAY: `:${n}` }, 'linux');
    expect(check).toThrow(NoDisplayError);
    expect(check).toThrow(`DISPLAY is ":${n}" but no X server answers there (/tmp/.X11-unix/X${n})`);
    expect(check).toThrow(/QT_QPA_PLATFORM=offscreen.*xvfb-run/s);
    // QT_QPA_PLATFORM=xcb still needs the X server; another platform does not.
    expect(() => assertDisplay({ DISPLAY: `:${n}`, QT_QPA_PLATFORM: 'xcb' }, 'linux')).toThrow(
      NoDisplayError,
    );
    expect(() => assertDisplay({ QT_QPA_PLATFORM: 'xcb' }, 'linux')).toThrow(
      'QT_QPA_PLATFORM is "xcb" but DISPLAY is unset',
    );
    expect(() => assertDisplay({ DISPLAY: `:${n}`, QT_QPA_PLATFORM: 'offscreen' }, 'linux')).not.toThrow();
  });

  test('a listening socket at /tmp/.X11-unix/X<n> is accepted', async () => {
    const n = freeDisplayNumber(300);
    const server = createServer((socket) => socket.destroy());
    await listen(server, `/tmp/.X11-unix/X${n}`);
    try {
      expect(() => assertDisplay({ DISPLAY: `:${n}` }, 'linux')).not.toThrow();
      expect(() => assertDisplay({ DISPLAY: `unix:${n}.0` }, 'linux')).not.toThrow();
    } finally {
      await close(server);
    }
  });

  test('a socket file left by a dead server is not an X server', async () => {
    const n = freeDisplayNumber(400);
    const path = `/tmp/.X11-unix/X${n}`;
    // A child listens, then dies by SIGKILL: its socket file stays, nobody accepts on it.
    const child = spawn(process.execPath, [
      '-e',
      `require('node:net').createServer().listen(${JSON.stringify(path)}, () => console.log('up'))`,
    ]);
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('close', resolve));
    try {
      expect(existsSync(path)).toBe(true);
      expect(() => assertDisplay({ DISPLAY: `:${n}` }, 'linux')).toThrow(NoDisplayError);
    } finally {
      rmSync(path, { force: true });
    }
  });

  test('a TCP display (host:n → port 6000+n) is accepted only while something listens there', async () => {
    const server = createServer((socket) => socket.destroy());
    let n = -1;
    for (let candidate = 700; candidate < 900 && n < 0; candidate++) {
      try {
        await listen(server, 6000 + candidate, '127.0.0.1');
        n = candidate;
      } catch {
        // port in use: try the next one
      }
    }
    expect(n).toBeGreaterThan(0);
    expect(() => assertDisplay({ DISPLAY: `127.0.0.1:${n}` }, 'linux')).not.toThrow();
    await close(server);
    expect(() => assertDisplay({ DISPLAY: `127.0.0.1:${n}` }, 'linux')).toThrow(
      `DISPLAY is "127.0.0.1:${n}" but no X server answers there (127.0.0.1:${6000 + n})`,
    );
  });

  test('require("qtasyncio/qt") with a stale DISPLAY raises NoDisplayError instead of Qt aborting (134)', async () => {
    const env = offscreenEnv({ DISPLAY: `:${freeDisplayNumber(55)}` });
    delete env.QT_QPA_PLATFORM;
    delete env.WAYLAND_DISPLAY;
    const result = await runFixture('no-display.js', [], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('NoDisplayError: qtasyncio/qt: no display: DISPLAY is');
    expect(result.stderr).toContain('xvfb-run');
    expect(result.stdout).not.toContain('UNREACHABLE');
  });
});
