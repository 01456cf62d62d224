/**
 * Shared helpers of the io tests (not a test file): small utilities. A body runs on a fresh real loop with
 * `onLoop(main, { realTime: true, failOnException: true })` from qtasyncio/testing.
 */
import type { InetAddress, Server, StreamReader, StreamWriter } from '../../src/io/index';

/** The port of a server listening on one IP address. */
export function portOf(server: Server): number {
  const [addr] = server.addresses();
  return (addr as InetAddress)[1];
}

/** A deterministic pseudo-random generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` bytes of a repeating pseudo-random pattern (cheap to make in large sizes). */
export function bytes(n: number, seed = 1): Buffer {
  const block = Buffer.allocUnsafe(4096);
  const r = rng(seed);
  for (let i = 0; i < block.length; i++) block[i] = (r() * 256) | 0;
  const out = Buffer.allocUnsafe(n);
  for (let off = 0; off < n; off += block.length - 1)
    block.copy(out, off, 0, Math.min(block.length - 1, n - off));
  return out;
}

/** A self-signed certificate for `localhost` / 127.0.0.1, made with the system's openssl. */
export function selfSignedCert(): { key: string; cert: string } {
  const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
  const { mkdtempSync, readFileSync, rmSync } = require('node:fs') as typeof import('node:fs');
  const { join } = require('node:path') as typeof import('node:path');
  const { tmpdir } = require('node:os') as typeof import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'qtasyncio-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Leave a stale socket file at `path`: a real server process listens there and is killed (SIGKILL) before it can
 * close, so the file stays behind, bound by nobody.
 */
export function staleUnixSocket(path: string): void {
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  const dead = spawnSync(process.execPath, [
    '-e',
    `require('node:net').createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, 'SIGKILL'))`,
  ]);
  if (dead.signal !== 'SIGKILL') {
    throw new Error(`staleUnixSocket(): the server process ended with ${dead.status} (${dead.signal})`);
  }
}

/** A stream server callback that sends back what it reads until the end, then closes. */
export async function echo(reader: StreamReader, writer: StreamWriter): Promise<void> {
  for (;;) {
    const chunk = await reader.read(65536);
    if (chunk.length === 0) break;
    writer.write(chunk);
    await writer.drain();
  }
  writer.close();
}
