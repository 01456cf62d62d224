/**
 * A TLS server's connections that never finish their handshake: the client goes away during it (a port scanner
 * that only connects, a client that refuses the certificate). Their sockets must close, so that the server's
 * `close()` completes and `waitClosed()` returns; the program's callback never sees them. A failed handshake is
 * logged in debug mode only, as asyncio's SSLProtocol does.
 */
import * as net from 'node:net';
import { openConnection, type Server, startServer } from '../../src/io';
import { captureLog, onLoop } from '../../src/testing';
import { echo, portOf, selfSignedCert } from './helpers';

const REAL = { realTime: true, failOnException: true } as const;

/** `promise`, or a failure naming `what` after `ms` of real time (a hang guard, not a timing goal). */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, guard]);
  } finally {
    clearTimeout(timer);
  }
}

/** Close `srv` and wait until it is closed (within 10 s of real time). */
async function closeAndWait(srv: Server): Promise<void> {
  srv.close();
  await within(srv.waitClosed(), 10_000, 'waitClosed() still pending');
}

describe('TLS server: a client that goes away during the handshake', () => {
  const { key, cert } = selfSignedCert(); // for localhost

  it('a client that connects and ends without a handshake: waitClosed() returns', () =>
    onLoop(async () => {
      const seen: string[] = [];
      const srv = await startServer(() => void seen.push('callback'), {
        host: '127.0.0.1',
        port: 0,
        ssl: { key, cert },
      });
      const scanner = net.connect(portOf(srv), '127.0.0.1');
      const closed = new Promise((resolve) => scanner.once('close', resolve));
      await new Promise<void>((resolve) => scanner.once('connect', () => scanner.end(resolve)));
      // The server closes its end: the scanner's socket closes (a half-open one would wait forever).
      await within(closed, 10_000, "the scanner's socket is still open");
      await closeAndWait(srv);
      expect(seen).toEqual([]);
    }, REAL));

  it('a client that refuses the certificate: waitClosed() returns', () =>
    onLoop(async () => {
      const srv = await startServer(() => {}, { host: '127.0.0.1', port: 0, ssl: { key, cert } });
      const refused = openConnection({
        host: '127.0.0.1',
        port: portOf(srv),
        ssl: { ca: cert },
        serverHostname: 'example.org',
      });
      await expect(refused).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
      await closeAndWait(srv);
    }, REAL));
});

describe('a failed handshake is reported', () => {
  it("a client's failed handshake is logged in debug mode only (asyncio's SSLProtocol), and serving goes on", async () => {
    const { key, cert } = selfSignedCert();
    for (const debug of [false, true]) {
      using log = captureLog();
      await onLoop(
        async (loop) => {
          loop.setDebug(debug);
          const server = await startServer(echo, { host: '127.0.0.1', port: 0, ssl: { key, cert } });
          // Not TLS at all: the server's handshake fails and Node drops the connection.
          const [r1, w1] = await openConnection({ host: '127.0.0.1', port: portOf(server) });
          w1.write('GET / HTTP/1.0\r\n\r\n');
          expect((await r1.read()).length).toBe(0);
          w1.close();
          const [r2, w2] = await openConnection({
            host: '127.0.0.1',
            port: portOf(server),
            ssl: { ca: cert },
            serverHostname: 'localhost',
          });
          w2.write('still serving\n');
          expect((await r2.readLine()).toString()).toBe('still serving\n');
          w2.close();
          server.close();
          await server.waitClosed();
        },
        { realTime: true, failOnException: true },
      );
      const failed = log.warnings.filter((m) => m.startsWith('TLS handshake failed with 127.0.0.1:'));
      expect(failed).toHaveLength(debug ? 1 : 0);
    }
  });
});
