/**
 * Transports and protocols on real loopback sockets: loop.createConnection / loop.createServer.
 */
import * as net from 'node:net';
import { type EventLoop, sleep } from '../../src';
import {
  BufferedProtocol,
  ConnectionRefusedError,
  ConnectionResetError,
  IoArgumentError,
  IoRangeError,
  IoStateError,
  Protocol,
  type Server,
  type Transport,
} from '../../src/io';
import { onLoop } from '../../src/testing';
import { bytes, portOf } from './helpers';

/** Records everything that happens to it; `lost` resolves on connectionLost. */
class Recorder extends Protocol {
  transport!: Transport;
  events: string[] = [];
  chunks: Buffer[] = [];
  lostWith: unknown = undefined;
  keepOpenOnEof = false;
  readonly lost;
  constructor(readonly loop: EventLoop) {
    super();
    this.lost = loop.createFuture<unknown>();
  }
  override connectionMade(t: Transport): void {
    this.transport = t;
    this.events.push('made');
  }
  override dataReceived(data: Buffer): void {
    this.chunks.push(data);
  }
  override eofReceived(): boolean {
    this.events.push('eof');
    return this.keepOpenOnEof;
  }
  override pauseWriting(): void {
    this.events.push('pause');
  }
  override resumeWriting(): void {
    this.events.push('resume');
  }
  override connectionLost(exc: unknown): void {
    this.events.push('lost');
    this.lostWith = exc;
    this.lost.setResult(exc);
  }
  data(): string {
    return Buffer.concat(this.chunks).toString();
  }
}

class Echo extends Protocol {
  t!: Transport;
  override connectionMade(t: Transport): void {
    this.t = t;
  }
  override dataReceived(d: Buffer): void {
    this.t.write(d);
  }
  override eofReceived(): boolean {
    this.t.writeEof();
    return true;
  }
}

async function echoServer(loop: EventLoop): Promise<Server> {
  return loop.createServer(() => new Echo(), '127.0.0.1', 0);
}

describe('createConnection / createServer with Protocols', () => {
  it('connectionMade, dataReceived, eofReceived (half-close), connectionLost(null), in that order', async () => {
    await onLoop(
      async (loop) => {
        const server = await echoServer(loop);
        const p = new Recorder(loop);
        p.keepOpenOnEof = true;
        const [t, proto] = await loop.createConnection(() => p, '127.0.0.1', portOf(server));
        expect(proto).toBe(p);
        expect(p.events).toEqual(['made']);
        t.write('hello ');
        t.writeLines([Buffer.from('wor'), 'ld']);
        expect(t.canWriteEof()).toBe(true);
        t.writeEof();
        expect(() => t.write('x')).toThrow(IoStateError);
        while (!p.events.includes('eof')) await sleep(1);
        expect(p.data()).toBe('hello world');
        t.close();
        expect(t.isClosing()).toBe(true);
        expect(await p.lost).toBeNull();
        expect(p.events).toEqual(['made', 'eof', 'lost']);
        server.close();
        await server.waitClosed();
      },
      { realTime: true, failOnException: true },
    );
  });

  it('eofReceived returning falsy closes the transport', async () => {
    await onLoop(
      async (loop) => {
        const server = await loop.createServer(
          () =>
            new (class extends Protocol {
              override connectionMade(t: Transport) {
                t.write('bye');
                t.close();
              }
            })(),
          '127.0.0.1',
          0,
        );
        const p = new Recorder(loop);
        await loop.createConnection(() => p, '127.0.0.1', portOf(server));
        expect(await p.lost).toBeNull();
        expect(p.data()).toBe('bye');
        expect(p.events).toEqual(['made', 'eof', 'lost']);
        server.close();
        await server.waitClosed();
      },
      { realTime: true, failOnException: true },
    );
  });

  it('getExtraInfo gives peername/sockname as [host, port], the socket, and defaults', async () => {
    await onLoop(
      async (loop) => {
        const server = await echoServer(loop);
        const [t] = await loop.createConnection(() => new Recorder(loop), '127.0.0.1', portOf(server));
        expect(t.getExtraInfo('peername')).toEqual(['127.0.0.1', portOf(server)]);
        const [host, port] = t.getExtraInfo('sockname') as [string, number];
        expect(host).toBe('127.0.0.1');
        expect(port).toBeGreaterThan(0);
        expect(t.getExtraInfo('socket')).toBeInstanceOf(net.Socket);
        expect(t.getExtraInfo('peerCert', 'none')).toBe('none');
        expect(t.getExtraInfo('nonsense', 7)).toBe(7);
        t.close();
        server.close();
        await server.waitClosed();
      },
      { realTime: true, failOnException: true },
    );
  });

  it("createServer with host '' listens on all interfaces, as with undefined (asyncio's '' and None)", async () => {
    await onLoop(
      async (loop) => {
        const server = await loop.createServer(() => new Recorder(loop), '', 0);
        const address = server.sockets[0]?.address() as net.AddressInfo;
        expect(['::', '0.0.0.0']).toContain(address.address);
        const [t] = await loop.createConnection(() => new Recorder(loop), '127.0.0.1', address.port);
        t.close();
        server.close();
        await server.waitClosed();
      },
      { realTime: true, failOnException: true },
    );
  });

  it('pauseReading stops dataReceived until resumeReading; isReading tracks it', async () => {
    await onLoop(
      async (loop) => {
        const server = await echoServer(loop);
        const p = new Recorder(loop);
        const [t] = await loop.createConnection(() => p, '127.0.0.1', portOf(server));
        expect(t.isReading()).toBe(true);
        t.pauseReading();
        expect(t.isReading()).toBe(false);
        t.write('ping');
        await sleep(20);
        expect(p.chunks).toHaveLength(0);
        t.resumeReading();
        expect(t.isReading()).toBe(true);
        while (p.data() !== 'ping') await sleep(1);
        t.close();
        expect(t.isReading()).toBe(false);
        await p.lost;
        server.close();
        await server.waitClosed();
      },
      { realTime: true, failOnException: true },
    );
  });

  it('pauseWriting / resumeWriting follow the write buffer and its water marks', async () => {
    await onLoop(
      async (loop) => {
        // A server that does not read until told to: the client's buffer must fill up.
        let serverT: Transport | undefined;
        const server = await loop.createServer(
          () =>
            new (class extends Protocol {
              override connectionMade(t: Transport) {
                serverT = t;
                t.pauseReading();
              }
            })(),
          '127.0.0.1',
          0,
        );
        const p = new Recorder(loop);
        const [t] = await loop.createConnection(() => p, '127.0.0.1', portOf(server));
        t.setWriteBufferLimits(1024);
        expect(t.getWriteBufferLimits()).toEqual([256, 1024]);
        const chunk = bytes(64 * 1024);
        for (let i = 0; i < 200 && !p.events.includes('pause'); i++) t.write(chunk);
        expect(p.events).toContain('pause');
        expect(t.getWriteBufferSize()).toBeGreaterThan(1024);
        while (serverT === undefined) await sleep(1);
        serverT.resumeReading();
        while (!p.events.includes('resume')) await sleep(1);
        expect(t.getWriteBufferSize()).toBeLessThanOrEqual(256);
        expect(() => t.setWriteBufferLimits(10, 20)).toThrow(IoRangeError);
        t.abort();
        await p.lost;
        server.close();
        server.abortClients();
        await server.waitClosed();
      },
      { realTime: true, failOnException: true },
    );
  });

  it('BufferedProtocol receives into its own buffer', async () => {
    await onLoop(
      async (loop) => {
        const server = await echoServer(loop);
        const received: Buffer[] = [];
        const done = loop.createFuture<void>();
        class Into extends BufferedProtocol {
          buf = Buffer.alloc(7);
          t!: Transport;
          override connectionMade(t: Transport) {
            this.t = t;
          }
          override getBuffer() {
            return this.buf;
          }
          override bufferUpdated(n: number) {
            received.push(Buffer.from(this.buf.subarray(0, n)));
          }
          override connectionLost() {
            done.setResult();
          }
        }
        const payload = bytes(20_000, 3);
        const [t] = await loop.createConnection(() => new Into(), '127.0.0.1', portOf(server));
        t.write(payload);
        t.writeEof();
        await done;
        expect(Buffer.concat(received).equals(payload)).toBe(true);
        expect(received.every((b) => b.length <= 7)).toBe(true);
        server.close();
        await server.waitClosed();
      },
      { realTime: true, failOnException: true },
    );
  });

  it('a peer reset reaches connectionLost as ConnectionResetError and write then throws it', async () => {
    await onLoop(
      async (loop) => {
        const raw = net.createServer((s) => s.on('data', () => s.resetAndDestroy()));
        await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
        const port = (raw.address() as net.AddressInfo).port;
        const p = new Recorder(loop);
        const [t] = await loop.createConnection(() => p, '127.0.0.1', port);
        t.write('trigger');
        const exc = await p.lost;
        expect(exc).toBeInstanceOf(ConnectionResetError);
        expect((exc as ConnectionResetError).code).toBe('ECONNRESET');
        expect(() => t.write('x')).toThrow(ConnectionResetError);
        await new Promise((r) => raw.close(r));
      },
      { realTime: true, failOnException: true },
    );
  });

  it('an exception in a protocol callback goes to the exception handler and aborts the connection', async () => {
    const loopErrors: unknown[] = [];
    await onLoop(
      async (loop) => {
        loop.setExceptionHandler((_l, ctx) => loopErrors.push(ctx.exception));
        const server = await echoServer(loop);
        const lost = loop.createFuture<unknown>();
        class Bad extends Protocol {
          override dataReceived(): void {
            throw new Error('bad protocol');
          }
          override connectionLost(exc: unknown) {
            lost.setResult(exc);
          }
        }
        const [t] = await loop.createConnection(() => new Bad(), '127.0.0.1', portOf(server));
        t.write('x');
        const exc = await lost;
        expect((exc as Error).message).toBe('bad protocol');
        server.close();
        await server.waitClosed();
      },
      { realTime: true, failOnException: true },
    );
    expect(loopErrors.map((e) => (e as Error).message)).toEqual(['bad protocol']);
  });

  it('an exception in connectionMade rejects createConnection with it (and is reported)', async () => {
    const seen: unknown[] = [];
    await onLoop(
      async (loop) => {
        loop.setExceptionHandler((_l, ctx) => seen.push(ctx.exception));
        const server = await echoServer(loop);
        class Broken extends Protocol {
          override connectionMade(): void {
            throw new Error('cannot start');
          }
        }
        await expect(loop.createConnection(() => new Broken(), '127.0.0.1', portOf(server))).rejects.toThrow(
          'cannot start',
        );
        server.close();
        server.abortClients();
        await server.waitClosed();
      },
      { realTime: true, failOnException: true },
    );
    expect(seen.map((e) => (e as Error).message)).toEqual(['cannot start']);
  });

  it('connection refused and bad arguments are exported errors naming argument and value', async () => {
    await onLoop(
      async (loop) => {
        const raw = net.createServer();
        await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
        const port = (raw.address() as net.AddressInfo).port;
        await new Promise((r) => raw.close(r));
        await expect(loop.createConnection(() => new Protocol(), '127.0.0.1', port)).rejects.toBeInstanceOf(
          ConnectionRefusedError,
        );
        await expect(loop.createConnection(() => new Protocol(), '127.0.0.1', 70000)).rejects.toThrow(
          'createConnection(port): expected an integer 0–65535, got 70000',
        );
        await expect(loop.createConnection(() => new Protocol(), 'bad host!', 80)).rejects.toThrow(
          'createConnection(host): not a valid host name or IP address: "bad host!"',
        );
        await expect(loop.createConnection(42 as never, '127.0.0.1', 80)).rejects.toBeInstanceOf(
          IoArgumentError,
        );
        await expect(loop.createServer(() => new Protocol(), '127.0.0.1', -1)).rejects.toBeInstanceOf(
          IoRangeError,
        );
        await expect(loop.createServer(() => new Protocol(), '127.0.0.1', 'x' as never)).rejects.toThrow(
          'createServer(port): expected an integer 0–65535, got "x"',
        );
      },
      { realTime: true, failOnException: true },
    );
  });
});
