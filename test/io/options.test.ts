/**
 * Bad input at the io boundary: every options bag refuses an unknown key with IoArgumentError, naming the
 * function, the key and the closest known key; a null options bag is refused naming `options` (never a
 * "Cannot read properties of null").
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createSubprocessExec,
  createSubprocessShell,
  DatagramProtocol,
  IoArgumentError,
  openConnection,
  openUnixConnection,
  PIPE,
  Protocol,
  StreamReader,
  SubprocessProtocol,
  startServer,
  startUnixServer,
} from '../../src/io';
import { onLoop } from '../../src/testing';
import { portOf } from './helpers';

const node = process.execPath;

/** Expect `p` to reject (or `fn` to throw) with IoArgumentError naming `fn(options)`, the key and the near miss. */
async function refuses(p: Promise<unknown>, fn: string, key: string, near: string): Promise<void> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(IoArgumentError);
  expect(err).toBeInstanceOf(TypeError);
  expect((err as Error).message).toContain(
    `${fn}(options): unknown option ${JSON.stringify(key)} (did you mean ${JSON.stringify(near)}? known: `,
  );
}

describe('io options bags', () => {
  it('streams and servers: unknown keys are refused with the near miss', () =>
    onLoop(
      async () => {
        const server = await startServer(() => {}, { host: '127.0.0.1', port: 0 });
        const port = portOf(server);
        await refuses(
          openConnection({ host: '127.0.0.1', port, sll: true } as never),
          'openConnection',
          'sll',
          'ssl',
        );
        await refuses(
          openConnection({ host: '127.0.0.1', port, limt: 5 } as never),
          'openConnection',
          'limt',
          'limit',
        );
        await refuses(
          openUnixConnection({ path: '/x', severHostname: 'a' } as never),
          'openUnixConnection',
          'severHostname',
          'serverHostname',
        );
        await refuses(
          startServer(() => {}, { host: '127.0.0.1', port: 0, backlg: 5 } as never),
          'startServer',
          'backlg',
          'backlog',
        );
        await refuses(
          startUnixServer(() => {}, { path: '/x', startserving: false } as never),
          'startUnixServer',
          'startserving',
          'startServing',
        );
        const err = await openConnection({ host: '127.0.0.1', port, sll: true } as never).catch(
          (e: unknown) => e,
        );
        expect((err as Error).message).toContain(
          'known: host, port, limit, ssl, serverHostname, localAddr, family)',
        );
        // a misspelt key did not open a connection: the server saw none and closes at once
        server.close();
        await server.waitClosed();
      },
      { realTime: true, failOnException: true },
    ));

  it('loop methods: createConnection, createUnixConnection, createServer, createDatagramEndpoint, getaddrinfo', () =>
    onLoop(
      async (loop) => {
        const f = () => new Protocol();
        await refuses(
          loop.createConnection(f, '127.0.0.1', 1, { famly: 4 } as never),
          'createConnection',
          'famly',
          'family',
        );
        await refuses(
          loop.createUnixConnection(f, '/x', { SSL: true } as never),
          'createUnixConnection',
          'SSL',
          'ssl',
        );
        await refuses(
          loop.createServer(f, '127.0.0.1', 0, { ipv6only: true } as never),
          'createServer',
          'ipv6only',
          'ipv6Only',
        );
        await refuses(
          loop.createUnixServer(f, '/x', { backlog: 5, ssll: {} } as never),
          'createUnixServer',
          'ssll',
          'ssl',
        );
        await refuses(
          loop.createDatagramEndpoint(() => new DatagramProtocol(), { reuseAddr: true } as never),
          'createDatagramEndpoint',
          'reuseAddr',
          'reuseAddress',
        );
        await refuses(
          loop.getaddrinfo('localhost', 80, { famliy: 4 } as never),
          'getaddrinfo',
          'famliy',
          'family',
        );
        await expect(loop.createConnection(f, '127.0.0.1', 1, { family: 5 } as never)).rejects.toThrow(
          'createConnection(options.family): expected 0, 4 or 6, got 5',
        );
        // asyncio: server_hostname is only meaningful with ssl; a peer's port cannot be 0.
        await expect(loop.createConnection(f, '127.0.0.1', 1, { serverHostname: 'example' })).rejects.toThrow(
          'createConnection(options.serverHostname): only meaningful with options.ssl',
        );
        await expect(loop.createConnection(f, '127.0.0.1', 0)).rejects.toThrow(
          "createConnection(port): expected an integer 1–65535 (a peer's port), got 0",
        );
      },
      { realTime: true, failOnException: true },
    ));

  it('subprocesses: unknown keys, a null options bag, a bad limit (refused before any child starts)', () =>
    onLoop(
      async (loop) => {
        await refuses(
          createSubprocessExec(node, [], { stdOut: PIPE } as never),
          'createSubprocessExec',
          'stdOut',
          'stdout',
        );
        await refuses(
          createSubprocessShell('true', { evn: {} } as never),
          'createSubprocessShell',
          'evn',
          'env',
        );
        await refuses(
          loop.subprocessExec(() => new SubprocessProtocol(), node, [], { cdw: '/' } as never),
          'subprocessExec',
          'cdw',
          'cwd',
        );
        const err = await createSubprocessExec(node, [], null as never).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(IoArgumentError);
        expect(err).toBeInstanceOf(TypeError);
        expect((err as Error).message).toBe('createSubprocessExec(options): expected an object, got null');
        await expect(createSubprocessExec(node, ['-e', ''], { limit: 0 })).rejects.toThrow(
          'createSubprocessExec(options.limit): expected an integer > 0, got 0',
        );
      },
      { realTime: true, failOnException: true },
    ));

  it('StreamReader and StreamWriter.startTls', () =>
    onLoop(
      async (loop) => {
        expect(() => new StreamReader({ loop, limt: 5 } as never)).toThrow(
          'StreamReader(options): unknown option "limt" (did you mean "limit"? known: limit, loop)',
        );
        expect(() => new StreamReader(null as never)).toThrow(
          'StreamReader(options): expected an object, got null',
        );
        const server = await startServer(
          async (r, w) => {
            await r.read();
            w.close();
          },
          { host: '127.0.0.1', port: 0 },
        );
        const [, writer] = await openConnection({ host: '127.0.0.1', port: portOf(server) });
        await refuses(
          writer.startTls({}, { serverside: true } as never),
          'StreamWriter.startTls',
          'serverside',
          'serverSide',
        );
        writer.close();
        await writer.waitClosed();
        server.close();
        await server.waitClosed();
      },
      { realTime: true, failOnException: true },
    ));

  it('a null options bag names options for every io function', () =>
    onLoop(
      async (loop) => {
        const dir = mkdtempSync(join(tmpdir(), 'qtasyncio-opts-'));
        try {
          const f = () => new Protocol();
          const cases: [string, () => Promise<unknown>][] = [
            ['openConnection', () => openConnection(null as never)],
            ['openUnixConnection', () => openUnixConnection(null as never)],
            ['startServer', () => startServer(() => {}, null as never)],
            ['startUnixServer', () => startUnixServer(() => {}, null as never)],
            ['createConnection', () => loop.createConnection(f, '127.0.0.1', 1, null as never)],
            ['createServer', () => loop.createServer(f, '127.0.0.1', 0, null as never)],
            ['createUnixServer', () => loop.createUnixServer(f, join(dir, 's'), null as never)],
            [
              'createDatagramEndpoint',
              () => loop.createDatagramEndpoint(() => new DatagramProtocol(), null as never),
            ],
            ['getaddrinfo', () => loop.getaddrinfo('localhost', 80, null as never)],
            ['createSubprocessShell', () => createSubprocessShell('true', null as never)],
          ];
          for (const [fn, call] of cases) {
            const err = await call().catch((e: unknown) => e);
            expect([fn, err instanceof IoArgumentError, (err as Error).message]).toEqual([
              fn,
              true,
              `${fn}(options): expected an object, got null`,
            ]);
          }
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
      { realTime: true, failOnException: true },
    ));
});
