/**
 * TLS over a Unix socket: the certificate is checked against `serverHostname` (or the TLS options' own
 * `servername`), which is required with `ssl` as in asyncio — a Unix socket has no host name to default to.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  IoArgumentError,
  openUnixConnection,
  type StreamReader,
  type StreamWriter,
  startUnixServer,
} from '../../src/io';
import { onLoop } from '../../src/testing';
import { selfSignedCert } from './helpers';

const REAL = { realTime: true, failOnException: true } as const;

async function echoLine(reader: StreamReader, writer: StreamWriter): Promise<void> {
  writer.write(await reader.readLine());
  writer.close();
}

/** Send a line over a new connection made with `tls` and return the echo. */
async function roundTrip(path: string, tls: Parameters<typeof openUnixConnection>[0]): Promise<string> {
  const [reader, writer] = await openUnixConnection({ ...tls, path });
  writer.write('secret\n');
  const line = (await reader.readLine()).toString();
  writer.close();
  await writer.waitClosed();
  return line;
}

it('TLS over a Unix socket checks the certificate against serverHostname, which ssl requires', async () => {
  const { key, cert } = selfSignedCert(); // for localhost
  const dir = mkdtempSync(join(tmpdir(), 'qtasyncio-unixtls-'));
  const path = join(dir, 's.sock');
  try {
    await onLoop(async () => {
      const srv = await startUnixServer(echoLine, { path, ssl: { key, cert } });
      try {
        expect(await roundTrip(path, { path, ssl: { ca: cert }, serverHostname: 'localhost' })).toBe(
          'secret\n',
        );
        expect(await roundTrip(path, { path, ssl: { ca: cert, servername: 'localhost' } })).toBe('secret\n');
        // The name is the one checked: another host's name fails the handshake.
        await expect(
          openUnixConnection({ path, ssl: { ca: cert }, serverHostname: 'example.org' }),
        ).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
        await expect(openUnixConnection({ path, ssl: { ca: cert } })).rejects.toBeInstanceOf(IoArgumentError);
      } finally {
        srv.close();
        await srv.waitClosed();
      }
    }, REAL);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
