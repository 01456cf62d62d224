/**
 * Streams over real loopback sockets: openConnection/startServer (+ Unix), StreamWriter, Server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { CancelledError, sleep } from '../../src';
import {
  ConnectionResetError,
  IoArgumentError,
  IoStateError,
  OSError,
  openConnection,
  openUnixConnection,
  type StreamWriter,
  startServer,
  startUnixServer,
} from '../../src/io';
import { onLoop } from '../../src/testing';
import { bytes, echo, portOf, selfSignedCert } from './helpers';

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

  it('Server: isServing, sockets, startServing, close stops accepting, waitClosed waits for clients', async () => {
    await onLoop(
      async (loop) => {
        const server = await startServer(echo, { host: '127.0.0.1', port: 0, startServing: false });
        expect(server.isServing()).toBe(false);
        expect(server.sockets).toEqual([]);
        await server.startServing();
        expect(server.isServing()).toBe(true);
        expect(server.sockets).toHaveLength(1);
        expect(server.getLoop()).toBe(loop);
        const port = portOf(server);
        const [r1, w1] = await openConnection({ host: '127.0.0.1', port });
        w1.write('x');
        expect((await r1.read(1)).toString()).toBe('x');
        server.close();
        expect(server.isServing()).toBe(false);
        let closed = false;
        const waiting = server.waitClosed().then(() => {
          closed = true;
        });
        await sleep(10);
        expect(closed).toBe(false); // a client is still connected
        await expect(openConnection({ host: '127.0.0.1', port })).rejects.toThrow();
        w1.writeEof();
        await waiting;
        expect(closed).toBe(true);
        await expect(server.startServing()).rejects.toBeInstanceOf(IoStateError);
      },
      { realTime: true, failOnException: true },
    );
  });

  it('Server: closeClients and abortClients end the connections; serveForever ends when cancelled', async () => {
    await onLoop(
      async (loop) => {
        const server = await startServer(echo, { host: '127.0.0.1', port: 0 });
        const port = portOf(server);
        const [r1] = await openConnection({ host: '127.0.0.1', port });
        const [r2] = await openConnection({ host: '127.0.0.1', port });
        await sleep(10);
        server.closeClients();
        expect((await r1.read()).length).toBe(0);
        expect((await r2.read()).length).toBe(0);
        const [r3] = await openConnection({ host: '127.0.0.1', port });
        await sleep(10);
        server.abortClients();
        expect((await r3.read()).length).toBe(0);
        const forever = loop.createTask(() => server.serveForever());
        await sleep(5);
        await expect(server.serveForever()).rejects.toBeInstanceOf(IoStateError);
        forever.cancel();
        await expect(forever).rejects.toBeInstanceOf(CancelledError);
        expect(server.isServing()).toBe(false);
        await server.waitClosed();
      },
      { realTime: true, failOnException: true },
    );
  });

  it("a listening socket's later 'error' event reaches the loop's exception handler as an OSError", async () => {
    // A real accept() failure cannot be provoked reliably (libuv absorbs EMFILE itself), so the listening
    // net.Server emits the error libuv would hand it. Without a listener, emit() would throw it.
    const seen: Record<string, unknown>[] = [];
    await onLoop(
      async (loop) => {
        loop.setExceptionHandler((_l, ctx) => seen.push(ctx as Record<string, unknown>));
        const server = await startServer(echo, { host: '127.0.0.1', port: 0 });
        const listening = server.sockets[0];
        if (listening === undefined) throw new Error('no listening socket');
        const accept = Object.assign(new Error('accept ENFILE'), {
          code: 'ENFILE',
          errno: -23,
          syscall: 'accept',
        });
        listening.emit('error', accept);
        // the server goes on accepting
        const [reader, writer] = await openConnection({ host: '127.0.0.1', port: portOf(server) });
        writer.write('still here\n');
        expect((await reader.readLine()).toString()).toBe('still here\n');
        writer.close();
        await writer.waitClosed();
        server.close();
        await server.waitClosed();
      },
      { realTime: true, failOnException: true },
    );
    expect(seen).toHaveLength(1);
    const [ctx = {}] = seen;
    expect(ctx.message).toBe('Error on a listening socket');
    expect(ctx.exception).toBeInstanceOf(OSError);
    expect((ctx.exception as OSError).code).toBe('ENFILE');
    expect((ctx.exception as OSError).cause).toBeDefined();
    expect(ctx.server).toBeDefined();
  });

  it('an exception in the client callback is reported and closes that connection', async () => {
    const seen: unknown[] = [];
    await onLoop(
      async (loop) => {
        loop.setExceptionHandler((_l, ctx) => seen.push(ctx.exception));
        const server = await startServer(
          async (r) => {
            await r.readLine();
            throw new Error('handler failed');
          },
          { host: '127.0.0.1', port: 0 },
        );
        const [reader, writer] = await openConnection({ host: '127.0.0.1', port: portOf(server) });
        writer.write('go\n');
        expect((await reader.read()).length).toBe(0);
        writer.close();
        server.close();
        await server.waitClosed();
      },
      { realTime: true, failOnException: true },
    );
    expect(seen.map((e) => (e as Error).message)).toEqual(['handler failed']);
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

  it('TLS: ssl on both ends, peerCert, and startTls upgrading a plain connection', async () => {
    const { key, cert } = selfSignedCert();
    await onLoop(
      async () => {
        const tlsServer = await startServer(echo, { host: '127.0.0.1', port: 0, ssl: { key, cert } });
        const [reader, writer] = await openConnection({
          host: '127.0.0.1',
          port: portOf(tlsServer),
          ssl: { ca: cert },
          serverHostname: 'localhost',
        });
        expect(writer.canWriteEof()).toBe(false);
        expect((writer.getExtraInfo('peerCert') as { subject: { CN: string } }).subject.CN).toBe('localhost');
        writer.write('secret\n');
        expect((await reader.readLine()).toString()).toBe('secret\n');
        writer.close();
        tlsServer.close();
        await tlsServer.waitClosed();

        // STARTTLS: a plain line, then both sides upgrade.
        const plain = await startServer(
          async (r, w) => {
            expect((await r.readLine()).toString()).toBe('STARTTLS\n');
            w.write('OK\n');
            await w.startTls({ key, cert }, { serverSide: true });
            await echo(r, w);
          },
          { host: '127.0.0.1', port: 0 },
        );
        const [r2, w2] = await openConnection({ host: '127.0.0.1', port: portOf(plain) });
        w2.write('STARTTLS\n');
        expect((await r2.readLine()).toString()).toBe('OK\n');
        await w2.startTls({ ca: cert }, { serverHostname: 'localhost' });
        expect((w2.getExtraInfo('peerCert') as { subject: { CN: string } }).subject.CN).toBe('localhost');
        await expect(w2.startTls({ ca: cert })).rejects.toBeInstanceOf(IoStateError);
        w2.write('over tls\n');
        expect((await r2.readLine()).toString()).toBe('over tls\n');
        w2.close();
        await w2.waitClosed();
        plain.close();
        await plain.waitClosed();
      },
      { realTime: true, failOnException: true },
    );
  });

  it("TLS: getExtraInfo('sslContext') is the connection's tls.SecureContext on both ends, undefined without TLS", async () => {
    const { key, cert } = selfSignedCert();
    await onLoop(
      async () => {
        const accepted: unknown[] = [];
        const tlsServer = await startServer(
          async (r, w) => {
            accepted.push(w.getExtraInfo('sslContext'));
            await echo(r, w);
          },
          { host: '127.0.0.1', port: 0, ssl: { key, cert } },
        );
        const port = portOf(tlsServer);
        const to = { host: '127.0.0.1', port, serverHostname: 'localhost' };
        const SecureContext = tls.createSecureContext().constructor; // Node's class, not in its typings
        // Made from the ssl options, and live: it makes a second connection, which reports that very context.
        const [r1, w1] = await openConnection({ ...to, ssl: { ca: cert } });
        const made = w1.getExtraInfo('sslContext');
        expect(made).toBeInstanceOf(SecureContext);
        const [r2, w2] = await openConnection({ ...to, ssl: { secureContext: made as tls.SecureContext } });
        expect(w2.getExtraInfo('sslContext')).toBe(made);
        for (const [r, w] of [
          [r1, w1],
          [r2, w2],
        ] as const) {
          w.write('ping\n');
          expect((await r.readLine()).toString()).toBe('ping\n');
          w.close();
          await w.waitClosed();
        }
        // The accepting side: the server's context, one for all its connections.
        expect(accepted).toHaveLength(2);
        expect(accepted[0]).toBeInstanceOf(SecureContext);
        expect(accepted[1]).toBe(accepted[0]);
        expect(accepted[0]).not.toBe(made);
        tlsServer.close();
        await tlsServer.waitClosed();

        // startTls: none before; after it the context given (server side) or made from the options (client).
        const given = tls.createSecureContext({ key, cert });
        const seen: unknown[] = [];
        const plain = await startServer(
          async (r, w) => {
            seen.push(w.getExtraInfo('sslContext', 'none'));
            await r.readLine();
            w.write('OK\n');
            await w.startTls({ secureContext: given }, { serverSide: true });
            seen.push(w.getExtraInfo('sslContext'));
            await echo(r, w);
          },
          { host: '127.0.0.1', port: 0 },
        );
        const [r3, w3] = await openConnection({ host: '127.0.0.1', port: portOf(plain) });
        expect(w3.getExtraInfo('sslContext')).toBeUndefined();
        w3.write('STARTTLS\n');
        expect((await r3.readLine()).toString()).toBe('OK\n');
        // Options that make no context are refused before the plain transport is given up: it can still upgrade.
        await expect(w3.startTls({ cert: 'not a certificate' })).rejects.toThrow('no start line');
        await w3.startTls({ ca: cert }, { serverHostname: 'localhost' });
        expect(w3.getExtraInfo('sslContext')).toBeInstanceOf(SecureContext);
        w3.write('over tls\n');
        expect((await r3.readLine()).toString()).toBe('over tls\n');
        expect(seen).toEqual(['none', given]);
        w3.close();
        await w3.waitClosed();
        plain.close();
        await plain.waitClosed();
      },
      { realTime: true, failOnException: true },
    );
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
