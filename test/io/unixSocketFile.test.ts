/**
 * The socket file of a Unix server (asyncio 3.13): `close()` removes it only while it is the server's own, and
 * keeps it with `cleanupSocket: false`. Node's close unlinks the path whatever is there; what must stay is moved
 * aside and back, so it is the same file afterwards (same inode), still serving, with nothing left beside it.
 */
import { mkdtempSync, readdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IoArgumentError, openUnixConnection, Protocol, startServer, startUnixServer } from '../../src/io';
import { onLoop } from '../../src/testing';
import { staleUnixSocket } from './helpers';

const REAL = { realTime: true, failOnException: true } as const;

async function inDir(body: (dir: string, path: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'qtasyncio-unixfile-'));
  try {
    await body(dir, join(dir, 's.sock'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('Unix server socket file', () => {
  it('a replaced socket file survives the close, is the same file and still serves', () =>
    inDir((dir, path) =>
      onLoop(async () => {
        const srv = await startUnixServer(() => {}, { path });
        unlinkSync(path);
        const other = net.createServer((sock) => sock.end('other\n'));
        await new Promise<void>((resolve) => other.listen(path, resolve));
        const ino = statSync(path).ino;
        try {
          srv.close();
          await srv.waitClosed();
          expect(statSync(path).ino).toBe(ino);
          expect(readdirSync(dir)).toEqual(['s.sock']);
          const [reader, writer] = await openUnixConnection({ path });
          expect((await reader.read()).toString()).toBe('other\n');
          writer.close();
          await writer.waitClosed();
        } finally {
          await new Promise((resolve) => other.close(resolve));
        }
      }, REAL),
    ));

  it('cleanupSocket: false keeps the server’s own file, and nothing beside it', () =>
    inDir((dir, path) =>
      onLoop(async (loop) => {
        const srv = await loop.createUnixServer(() => new Protocol(), path, { cleanupSocket: false });
        const ino = statSync(path).ino;
        srv.close();
        await srv.waitClosed();
        expect(statSync(path).ino).toBe(ino);
        expect(readdirSync(dir)).toEqual(['s.sock']);
      }, REAL),
    ));

  it('cleanupSocket: true (the default) removes the file', () =>
    inDir((dir, path) =>
      onLoop(async () => {
        const srv = await startUnixServer(() => {}, { path, cleanupSocket: true });
        srv.close();
        expect(readdirSync(dir)).toEqual([]);
      }, REAL),
    ));

  it('a stale socket left by a server that died is removed before binding; any other file stays', () =>
    inDir((dir, path) =>
      onLoop(async () => {
        // A real server process killed while listening: its socket file stays behind, bound by nobody.
        staleUnixSocket(path);
        expect(statSync(path).isSocket()).toBe(true);
        const srv = await startUnixServer(
          async (_r, w) => {
            w.write('new\n');
            w.close();
          },
          { path },
        );
        const [reader, writer] = await openUnixConnection({ path });
        expect((await reader.readLine()).toString()).toBe('new\n');
        writer.close();
        srv.close();
        await srv.waitClosed();
        // Not a socket: left alone, and the bind fails as it would without qtasyncio.
        writeFileSync(path, 'data');
        await expect(startUnixServer(() => {}, { path })).rejects.toMatchObject({ code: 'EADDRINUSE' });
        expect(readdirSync(dir)).toEqual(['s.sock']);
      }, REAL),
    ));

  it('cleanupSocket must be a boolean, and is an option of Unix servers only', () =>
    onLoop(async (loop) => {
      const bad = startUnixServer(() => {}, { path: '/nonexistent/s.sock', cleanupSocket: 'no' as never });
      await expect(bad).rejects.toBeInstanceOf(IoArgumentError);
      await expect(bad).rejects.toThrow('createUnixServer(cleanupSocket): expected a boolean, got "no"');
      const tcp = startServer(() => {}, { host: '127.0.0.1', port: 0, cleanupSocket: false } as never);
      await expect(tcp).rejects.toThrow('startServer(options): unknown option "cleanupSocket"');
      const loopTcp = loop.createServer(() => new Protocol(), '127.0.0.1', 0, {
        cleanupSocket: false,
      } as never);
      await expect(loopTcp).rejects.toThrow('createServer(options): unknown option "cleanupSocket"');
    }, REAL));
});
