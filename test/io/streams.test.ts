/**
 * Streams over real loopback sockets: openConnection/startServer (+ Unix), StreamWriter: data, backpressure,
 * cancellation, a reset peer, bad input. Servers: servers.test.ts; TLS: tls.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancelledError, sleep } from '../../src';
import {
  ConnectionResetError,
  IoArgumentError,
  IoStateError,
  openConnection,
  openUnixConnection,
  type StreamWriter,
  startServer,
  startUnixServer,
} from '../../src/io';
import { onLoop } from '../../src/testing';
import { bytes, echo, portOf } from './helpers';

describe('openConnection / startServer', () => {
  it('echoes lines; getExtraInfo gives peername and sockname on both sides', async () => {
    await onLoop(
      async () => {
        let serverPeer: unknown;
        const server = await startServer(
          async (r, w) => {
            serverPeer = w.getExtraInfo('peername');
            for await (const line of r) w.write(line.toString().toUpperCase());
            w.close();
          },
          { host: '127.0.0.1', port: 0 },
        );
        const port = portOf(server);
        const [reader, writer] = await openConnection({ host: '127.0.0.1', port });
        expect(writer.getExtraInfo('peername')).toEqual(['127.0.0.1', port]);
        writer.writeLines(['abc\n', 'def\n']);
        expect(writer.canWriteEof()).toBe(true);
        writer.writeEof();
        expect((await reader.read()).toString()).toBe('ABC\nDEF\n');
        expect(serverPeer).toEqual(writer.getExtraInfo('sockname'));
        await writer.waitClosed();
        expect(writer.isClosing()).toBe(true);
        expect(() => writer.write('late')).toThrow(IoStateError);
        server.close();
        await server.waitClosed();
      },
      { realTime: true, failOnException: true },
    );
  });

  it('drain() applies real backpressure: a slow reader bounds the writer buffer', async () => {
    await onLoop(
      async () => {
        const total = 8 * 1024 * 1024;
        let readerGo!: () => void;
        const go = new Promise<void>((r) => {
          readerGo = r;
        });
        let received = 0;
        const server = await startServer(
          async (r, w) => {
            await go;
            for (;;) {
              const c = await r.read(65536);
              if (c.length === 0) break;
              received += c.length;
            }
            w.close();
          },
          { host: '127.0.0.1', port: 0 },
        );
        const [, writer] = await openConnection({ host: '127.0.0.1', port: portOf(server) });
        const chunk = bytes(64 * 1024);
        let maxBuffered = 0;
        const writing = (async () => {
          for (let sent = 0; sent < total; sent += chunk.length) {
            writer.write(chunk);
            maxBuffered = Math.max(maxBuffered, writer.transport.getWriteBufferSize());
            await writer.drain();
          }
          writer.writeEof();
        })();
        await sleep(50);
        readerGo();
        await writing;
        while (received < total) await sleep(1);
        expect(received).toBe(total);
        // the buffer did fill (the reader was stalled), yet drain() kept it under high-water mark (64 KiB) + a chunk
        expect(maxBuffered).toBeGreaterThan(64 * 1024);
        expect(maxBuffered).toBeLessThanOrEqual(64 * 1024 + chunk.length);
        writer.close();
        server.close();
        await server.waitClosed();
      },
      { realTime: true, failOnException: true },
    );
  });

  it('cancelling a task blocked in read() on a socket raises CancelledError there; no byte is lost', async () => {
    await onLoop(
      async (loop) => {
        let serverWriter: StreamWriter | undefined;
        const server = await startServer(
          async (_r, w) => {
            serverWriter = w;
          },
          { host: '127.0.0.1', port: 0 },
        );
        const [reader, writer] = await openConnection({ host: '127.0.0.1', port: portOf(server) });
        const blocked = loop.createTask(() => reader.readExactly(10));
        while (serverWriter === undefined) await sleep(1);
        serverWriter.write('01234');
        await sleep(10);
        blocked.cancel();
        await expect(blocked).rejects.toBeInstanceOf(CancelledError);
        serverWriter.write('56789');
        serverWriter.close();
        expect((await reader.readExactly(10)).toString()).toBe('0123456789');
        expect(reader.atEof()).toBe(false);
        expect((await reader.read()).length).toBe(0);
        expect(reader.atEof()).toBe(true);
        writer.close();
        server.close();
        await server.waitClosed();
      },
      { realTime: true, failOnException: true },
    );
  });

  it('cancelling a task blocked in drain() raises CancelledError there; the data still arrives', async () => {
    await onLoop(
      async (loop) => {
        // A raw peer that does not read at all (so the kernel's receive window never grows) until released.
        let peer: net.Socket | undefined;
        const raw = net.createServer({ pauseOnConnect: true }, (s) => {
          peer = s;
        });
        await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
        const [, writer] = await openConnection({
          host: '127.0.0.1',
          port: (raw.address() as net.AddressInfo).port,
        });
        const payload = bytes(16 * 1024 * 1024, 9);
        const t = loop.createTask(async () => {
          writer.write(payload);
          await writer.drain();
        });
        while (peer === undefined) await sleep(1);
        await sleep(20);
        expect(t.done()).toBe(false);
        t.cancel();
        await expect(t).rejects.toBeInstanceOf(CancelledError);
        const chunks: Buffer[] = [];
        const ended = new Promise<void>((r) => peer?.on('end', r));
        peer.on('data', (c: Buffer) => chunks.push(c));
        peer.resume();
        writer.writeEof();
        await ended;
        expect(Buffer.concat(chunks).equals(payload)).toBe(true);
        peer.destroy();
        await new Promise((r) => raw.close(r));
      },
      { realTime: true, failOnException: true },
    );
  });

  it('a reset peer surfaces as ConnectionResetError from read and drain, never an unhandled error', async () => {
    await onLoop(
      async () => {
        const raw = net.createServer((s) => s.once('data', () => s.resetAndDestroy()));
        await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
        const [reader, writer] = await openConnection({
          host: '127.0.0.1',
          port: (raw.address() as net.AddressInfo).port,
        });
        writer.write('hi');
        await expect(reader.read(10)).rejects.toBeInstanceOf(ConnectionResetError);
        await expect(writer.drain()).rejects.toBeInstanceOf(ConnectionResetError);
        await expect(writer.waitClosed()).rejects.toBeInstanceOf(ConnectionResetError);
        await new Promise((r) => raw.close(r));
      },
      { realTime: true, failOnException: true },
    );
  });

  it('Unix sockets: startUnixServer / openUnixConnection', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qtasyncio-io-'));
    try {
      await onLoop(
        async () => {
          const path = join(dir, 's.sock');
          const server = await startUnixServer(echo, { path });
          expect(server.addresses()).toEqual([path]);
          const [reader, writer] = await openUnixConnection({ path });
          writer.write('unix');
          writer.writeEof();
          expect((await reader.read()).toString()).toBe('unix');
          server.close();
          await server.waitClosed();
        },
        { realTime: true, failOnException: true },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('bad input: missing host, bad port, bad limit, non-function callback', async () => {
    await onLoop(
      async () => {
        await expect(openConnection({ host: 42 as never, port: 80 })).rejects.toThrow(
          'createConnection(host): expected a host name or IP address string, got 42',
        );
        await expect(openConnection({ host: '127.0.0.1', port: 1.5 })).rejects.toThrow(
          'createConnection(port): expected an integer 0–65535, got 1.5',
        );
        await expect(startServer(echo, { host: '127.0.0.1', port: 0, limit: -1 })).rejects.toThrow(
          'StreamReader(limit): expected an integer > 0, got -1',
        );
        await expect(startServer('nope' as never, { port: 0 })).rejects.toBeInstanceOf(IoArgumentError);
      },
      { realTime: true, failOnException: true },
    );
  });
});
