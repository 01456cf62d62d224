import { existsSync, readFileSync } from 'node:fs';
import { NoDisplayError } from './errors';

/** Where an X display listens: a local socket, or a TCP port on a host. */
export type XDisplayAddress = { readonly path: string } | { readonly host: string; readonly port: number };

/** Port of X display 0 over TCP; display `n` listens on `6000 + n`. */
const X_TCP_BASE_PORT = 6000;

/**
 * Where the X server of `display` (a `DISPLAY` value such as `:0`, `:1.0`, `unix:2` or `host:10.0`) listens,
 * or `null` when the value is not in that form (then Qt is left to judge it).
 *
 * @example
 * ```ts
 * import { xDisplayAddress } from './display';
 * xDisplayAddress(':1'); // { path: '/tmp/.X11-unix/X1' }
 * xDisplayAddress('localhost:10.0'); // { host: 'localhost', port: 6010 }
 * ```
 */
export function xDisplayAddress(display: string): XDisplayAddress | null {
  const match = /^([^:/]*):(\d+)(?:\.\d+)?$/.exec(display);
  if (match === null) return null;
  const host = match[1] ?? '';
  const number = Number(match[2]);
  if (host === '' || host === 'unix') return { path: `/tmp/.X11-unix/X${number}` };
  return { host, port: X_TCP_BASE_PORT + number };
}

/** Whether a listening Unix socket at `path` (or the abstract `@path` X servers also use) is in /proc/net/unix. */
function listedAsListening(path: string): boolean {
  let table: string;
  try {
    table = readFileSync('/proc/net/unix', 'utf8');
  } catch {
    return false;
  }
  // Columns: Num RefCount Protocol Flags Type St Inode Path; Flags 00010000 marks a listening socket.
  return table.split('\n').some((line) => {
    const cols = line.trim().split(/\s+/);
    const name = cols[7];
    return cols[3] === '00010000' && (name === path || name === `@${path}`);
  });
}

const CONNECT_PROBE = `
const socket = require('node:net').connect(JSON.parse(process.argv[1]));
socket.on('connect', () => process.exit(0));
socket.on('error', () => process.exit(1));
setTimeout(() => process.exit(2), 3000);
`;

/** Connect once (in a short-lived child: Node has no synchronous connect). Unsure (a timeout) counts as yes. */
function connects(address: XDisplayAddress): boolean {
  // child_process loads here, with the rare probe, not with every `require('qtasyncio/qt')`.
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  const result = spawnSync(process.execPath, ['-e', CONNECT_PROBE, JSON.stringify(address)], {
    env: {}, // no NODE_OPTIONS: a preloaded qtasyncio/qt would probe again
    stdio: 'ignore',
    timeout: 5000,
  });
  return result.status !== 1;
}

/**
 * Whether an X server answers at `address`. A local socket listed as listening in /proc/net/unix answers
 * without a connection; a missing socket file with no abstract socket does not; otherwise (a socket file
 * that may be stale, a TCP display, another network namespace) one connection decides.
 *
 * @example
 * ```ts
 * import { xServerAnswers } from './display';
 * xServerAnswers({ path: '/tmp/.X11-unix/X55' }); // false when no X server runs on :55
 * ```
 */
export function xServerAnswers(address: XDisplayAddress): boolean {
  if ('path' in address) {
    if (listedAsListening(address.path)) return true;
    if (!existsSync(address.path)) return false;
  }
  return connects(address);
}

/**
 * Throws {@link NoDisplayError} when Qt could not open a display (Qt would abort the process instead): on Linux
 * with `DISPLAY`, `WAYLAND_DISPLAY` and `QT_QPA_PLATFORM` all unset, or when Qt would use X (`QT_QPA_PLATFORM`
 * unset or `xcb`, no `WAYLAND_DISPLAY`) and no X server answers at `DISPLAY` (e.g. a stale `DISPLAY=:55`).
 *
 * @param env - the environment to inspect (default `process.env`)
 * @param platform - the OS (default `process.platform`)
 * @example
 * ```ts
 * import { assertDisplay } from 'qtasyncio/qt';
 * assertDisplay({ QT_QPA_PLATFORM: 'offscreen' }); // fine
 * assertDisplay({}, 'linux'); // throws NoDisplayError
 * assertDisplay({ DISPLAY: ':55' }, 'linux'); // throws NoDisplayError when no X server runs on :55
 * ```
 */
export function assertDisplay(
  env: Readonly<Record<string, string | undefined>> = process.env,
  platform: NodeJS.Platform = process.platform,
): void {
  if (platform !== 'linux') return;
  const value = (name: string): string => env[name] ?? '';
  const qpa = value('QT_QPA_PLATFORM');
  const display = value('DISPLAY');
  if (qpa !== '' && !qpa.startsWith('xcb')) return;
  if (qpa === '' && value('WAYLAND_DISPLAY') !== '') return;
  if (display === '') {
    throw new NoDisplayError(
      qpa === '' ? undefined : `QT_QPA_PLATFORM is ${JSON.stringify(qpa)} but DISPLAY is unset`,
    );
  }
  const address = xDisplayAddress(display);
  if (address !== null && !xServerAnswers(address)) {
    const where = 'path' in address ? address.path : `${address.host}:${address.port}`;
    throw new NoDisplayError(
      `DISPLAY is ${JSON.stringify(display)} but no X server answers there (${where})`,
    );
  }
}
