/**
 * TLS streams over real loopback sockets: `ssl` on both ends, `startTls` upgrading a plain connection, and the
 * connections' `sslContext`.
 */
import * as tls from 'node:tls';
import { IoStateError, openConnection, startServer } from '../../src/io';
import { onLoop } from '../../src/testing';
import { echo, portOf, selfSignedCert } from './helpers';

describe('TLS streams', () => {
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
});
