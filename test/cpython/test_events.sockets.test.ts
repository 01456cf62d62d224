/**
 * CPython's Lib/test/test_asyncio/test_events.py, EventLoopTestsMixin: the connection, server and datagram cases,
 * over real sockets on the loopback interface (CPython's `run_test_server` is an HTTP server: Node's `http`
 * here). Each case runs on a real-time loop. The cases without JS meaning (the `sock=` argument, TLS with
 * asyncio's test certificates, `connect_accepted_socket`) are listed with their reason in SKIPPED.md.
 */
import * as http from 'node:http';
import * as net from 'node:net';
import { type EventLoop, waitFor } from '../../src';
import {
  ConnectionRefusedError,
  DatagramProtocol,
  type DatagramTransport,
  type InetAddress,
  OSError,
  Protocol,
  type Transport,
} from '../../src/io';
import { onLoop } from '../../src/testing';
import { MyDatagramProto, MyProto, runUntil, withSocketDir } from './eventsHelpers';
import { failure } from './taskHelpers';

const REAL = { realTime: true, failOnException: true } as const;

/** CPython's `run_test_server()`: an HTTP server on `listen`, closed after `body`. */
async function withHttpServer<T>(
  listen: { host: string; port: number } | { path: string },
  body: (address: net.AddressInfo | string) => Promise<T>,
): Promise<T> {
  const server = http.createServer((_req, res) => res.end('Test message'));
  await new Promise<void>((resolve) => server.listen(listen, resolve));
  try {
    return await body(server.address() as net.AddressInfo | string);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** A TCP port nobody listens on right now (CPython's `find_unused_port()`). */
async function unusedPort(host = '127.0.0.1'): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, host, resolve));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

/** A plain client socket connected to `port` on 127.0.0.1 that sends `data` (CPython's blocking client). */
async function clientSending(port: number, data: string, host = '127.0.0.1'): Promise<net.Socket> {
  const client = net.connect(port, host);
  await new Promise<void>((resolve, reject) => client.once('connect', resolve).once('error', reject));
  client.write(data);
  return client;
}

/** CPython's `_basetest_create_connection`. */
async function basetestCreateConnection(
  loop: EventLoop,
  pending: Promise<[unknown, MyProto]>,
): Promise<void> {
  const [tr, pr] = await pending;
  expect(pr).toBeInstanceOf(Protocol);
  expect(pr.transport).toBe(tr);
  expect(pr.transport?.getExtraInfo('sockname')).not.toBeUndefined();
  await pr.done;
  expect(pr.nbytes).toBeGreaterThan(0);
  pr.transport?.close();
  expect(loop.isRunning()).toBe(true);
}

describe('test_events.EventLoopTestsMixin', () => {
  test('test_events.EventLoopTestsMixin.test_create_connection', () =>
    onLoop(
      (loop) =>
        withHttpServer({ host: '127.0.0.1', port: 0 }, (a) => {
          const { address, port } = a as net.AddressInfo;
          return basetestCreateConnection(
            loop,
            loop.createConnection(() => new MyProto(loop), address, port),
          );
        }),
      REAL,
    ));

  test('test_events.EventLoopTestsMixin.test_create_unix_connection', () =>
    onLoop(
      (loop) =>
        withSocketDir((path) =>
          withHttpServer({ path }, () =>
            basetestCreateConnection(
              loop,
              loop.createUnixConnection(() => new MyProto(loop), path),
            ),
          ),
        ),
      REAL,
    ));

  test('test_events.EventLoopTestsMixin.test_create_connection_local_addr', () =>
    onLoop(
      (loop) =>
        withHttpServer({ host: '127.0.0.1', port: 0 }, async (a) => {
          const { address, port: serverPort } = a as net.AddressInfo;
          const port = await unusedPort(address);
          const [tr, pr] = await loop.createConnection(() => new MyProto(loop), address, serverPort, {
            localAddr: [address, port],
          });
          const expected = ((pr.transport as Transport).getExtraInfo('sockname') as InetAddress)[1];
          expect(expected).toBe(port);
          tr.close();
        }),
      REAL,
    ));

  test('test_events.EventLoopTestsMixin.test_create_connection_local_addr_in_use', () =>
    onLoop(
      (loop) =>
        withHttpServer({ host: '127.0.0.1', port: 0 }, async (a) => {
          const { address, port } = a as net.AddressInfo;
          const err = await failure(
            loop.createConnection(() => new MyProto(loop), address, port, { localAddr: [address, port] }),
          );
          expect(err).toBeInstanceOf(OSError);
          expect((err as OSError).code).toBe('EADDRINUSE');
          // asyncio's strerror names the address: `[Errno 98] error while attempting to bind on address …`
          expect(err.message).toContain(String(port));
        }),
      REAL,
    ));

  test('test_events.EventLoopTestsMixin.test_create_server', () =>
    onLoop(async (loop) => {
      const proto = new MyProto(loop);
      const server = await loop.createServer(() => proto, '0.0.0.0', 0);
      expect(server.sockets).toHaveLength(1);
      const [host, port] = server.addresses()[0] as InetAddress;
      expect(host).toBe('0.0.0.0');
      const client = await clientSending(port, 'xxx');

      await proto.connected;
      expect(proto.state).toBe('CONNECTED');
      await runUntil(loop, () => proto.nbytes > 0, 'the server protocol receives the 3 bytes');
      expect(proto.nbytes).toBe(3);

      // extra info is available
      expect(proto.transport?.getExtraInfo('sockname')).not.toBeUndefined();
      expect(((proto.transport as Transport).getExtraInfo('peername') as InetAddress)[0]).toBe('127.0.0.1');

      // close connection
      proto.transport?.close();
      await proto.done;
      expect(proto.state).toBe('CLOSED');
      // the client socket is closed after, to avoid ECONNRESET on the serving socket
      client.destroy();
      server.close();
    }, REAL));

  test('test_events.EventLoopTestsMixin.test_create_unix_server', () =>
    onLoop(
      (loop) =>
        withSocketDir(async (path) => {
          const proto = new MyProto(loop);
          const server = await loop.createUnixServer(() => proto, path);
          expect(server.sockets).toHaveLength(1);
          const client = net.connect(path);
          await new Promise<void>((resolve, reject) => client.once('connect', resolve).once('error', reject));
          client.write('xxx');

          await proto.connected;
          expect(proto.state).toBe('CONNECTED');
          await runUntil(loop, () => proto.nbytes > 0, 'the server protocol receives the 3 bytes');
          expect(proto.nbytes).toBe(3);

          proto.transport?.close();
          await proto.done;
          expect(proto.state).toBe('CLOSED');
          client.destroy();
          server.close();
        }),
      REAL,
    ));

  test('test_events.EventLoopTestsMixin.test_create_server_addr_in_use', () =>
    onLoop(async (loop) => {
      // CPython makes the first server from a socket of its own (`sock=`); here from a host and port.
      const server = await loop.createServer(() => new MyProto(), '0.0.0.0', 0);
      const [host, port] = server.addresses()[0] as InetAddress;
      const err = await failure(loop.createServer(() => new MyProto(), host, port));
      expect(err).toBeInstanceOf(OSError);
      expect((err as OSError).code).toBe('EADDRINUSE');
      server.close();
    }, REAL));

  test('test_events.EventLoopTestsMixin.test_create_server_dual_stack', () =>
    onLoop(async (loop) => {
      let fProto = loop.createFuture<MyProto>();
      class TestMyProto extends MyProto {
        override connectionMade(transport: Parameters<MyProto['connectionMade']>[0]): void {
          super.connectionMade(transport);
          fProto.setResult(this);
        }
      }
      let server: Awaited<ReturnType<EventLoop['createServer']>> | undefined;
      let port = 0;
      for (let tryCount = 0; server === undefined; ) {
        port = await unusedPort();
        try {
          server = await loop.createServer(() => new TestMyProto(), undefined, port);
        } catch (e) {
          if (!(e instanceof OSError && e.code === 'EADDRINUSE')) throw e;
          expect(++tryCount).toBeLessThanOrEqual(5);
        }
      }
      let client = await clientSending(port, 'xxx');
      let proto = await fProto;
      proto.transport?.close();
      client.destroy();

      fProto = loop.createFuture<MyProto>();
      client = await clientSending(port, 'xxx', '::1');
      proto = await fProto;
      proto.transport?.close();
      client.destroy();
      server.close();
    }, REAL));

  test('test_events.EventLoopTestsMixin.test_server_close', () =>
    onLoop(async (loop) => {
      const server = await loop.createServer(() => new MyProto(), '0.0.0.0', 0);
      const [, port] = server.addresses()[0] as InetAddress;
      const client = await clientSending(port, 'xxx');
      client.destroy();
      server.close();
      // A new connection is refused (asyncio's test connects a plain socket; here the loop's own client).
      const err = await failure(loop.createConnection(() => new Protocol(), '127.0.0.1', port));
      expect(err).toBeInstanceOf(ConnectionRefusedError);
    }, REAL));
});

/** CPython's `_test_create_datagram_endpoint`. */
async function testCreateDatagramEndpoint(
  loop: EventLoop,
  localAddr: InetAddress,
  family: 4 | 6,
): Promise<void> {
  class TestMyDatagramProto extends MyDatagramProto {
    constructor() {
      super(loop);
    }
    override datagramReceived(data: Buffer, addr: InetAddress): void {
      super.datagramReceived(data, addr);
      this.transport?.sendto(Buffer.concat([Buffer.from('resp:'), data]), addr);
    }
  }
  const [sTransport, server] = await loop.createDatagramEndpoint(() => new TestMyDatagramProto(), {
    localAddr,
    family,
  });
  const [host, port] = sTransport.getExtraInfo('sockname') as InetAddress;
  expect(server).toBeInstanceOf(TestMyDatagramProto);
  expect(server.state).toBe('INITIALIZED');
  expect(server.transport).toBe(sTransport);

  const [transport, client] = await loop.createDatagramEndpoint(() => new MyDatagramProto(loop), {
    remoteAddr: [host, port],
  });
  expect(client).toBeInstanceOf(MyDatagramProto);
  expect(client.state).toBe('INITIALIZED');
  expect(client.transport).toBe(transport);

  transport.sendto('xxx');
  await runUntil(loop, () => server.nbytes, 'the server endpoint receives the datagram');
  expect(server.nbytes).toBe(3);
  await runUntil(loop, () => client.nbytes, 'the client endpoint receives the reply');
  // received
  expect(client.nbytes).toBe(8);
  // extra info is available
  expect(transport.getExtraInfo('sockname')).not.toBeUndefined();
  // close connection
  transport.close();
  await client.done;
  expect(client.state).toBe('CLOSED');
  server.transport?.close();
}

describe('test_events.EventLoopTestsMixin (datagrams)', () => {
  test('test_events.EventLoopTestsMixin.test_create_datagram_endpoint', () =>
    onLoop((loop) => testCreateDatagramEndpoint(loop, ['127.0.0.1', 0], 4), REAL));

  test('test_events.EventLoopTestsMixin.test_create_datagram_endpoint_ipv6', () =>
    onLoop((loop) => testCreateDatagramEndpoint(loop, ['::1', 0], 6), REAL));

  test('test_events.EventLoopTestsMixin.test_datagram_send_to_non_listening_address', () =>
    onLoop(async (loop) => {
      class WaitingProtocol extends DatagramProtocol {
        received: ReturnType<EventLoop['createFuture']> | null = null;
        override datagramReceived(data: Buffer): void {
          this.received?.setResult(data.toString());
        }
        async waitForDatagramReceived(): Promise<unknown> {
          this.received = loop.createFuture<string>();
          const result = await waitFor(this.received, 10_000);
          this.received = null;
          return result;
        }
      }
      // CPython binds the sockets itself (`sock=`); here each endpoint binds 127.0.0.1 port 0.
      const endpoint = async (): Promise<[DatagramTransport, WaitingProtocol, InetAddress]> => {
        const [t, p] = await loop.createDatagramEndpoint(() => new WaitingProtocol(), {
          localAddr: ['127.0.0.1', 0],
        });
        return [t, p, t.getExtraInfo('sockname') as InetAddress];
      };
      const [transport1, protocol1, addr1] = await endpoint();
      const [transport2, protocol2, addr2] = await endpoint();
      // made and closed at once, to get an address nobody listens on
      const [transport3, , addr3] = await endpoint();
      transport3.abort();

      transport1.sendto('a', addr2);
      expect(await protocol2.waitForDatagramReceived()).toBe('a');
      transport2.sendto('b', addr1);
      expect(await protocol1.waitForDatagramReceived()).toBe('b');
      // this sends to an address that is not listening
      transport1.sendto('c', addr3);
      await new Promise<void>((resolve) => loop.callSoon(resolve));
      // transport 1 still receives after sending to an address that was not listening
      transport2.sendto('d', addr1);
      expect(await protocol1.waitForDatagramReceived()).toBe('d');
      transport1.close();
      transport2.close();
    }, REAL));
});
