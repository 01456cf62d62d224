/**
 * UDP endpoints on loopback: loop.createDatagramEndpoint, DatagramProtocol, DatagramTransport.sendto.
 */
import type { EventLoop, Future } from '../../src';
import {
  ConnectionRefusedError,
  DatagramProtocol,
  type DatagramTransport,
  type InetAddress,
  IoArgumentError,
  IoRangeError,
  IoStateError,
  OSError,
} from '../../src/io';
import { onLoop } from '../../src/testing';

class Collect extends DatagramProtocol {
  t!: DatagramTransport;
  got: [string, InetAddress][] = [];
  next: Future<void>;
  lost: Future<unknown>;
  constructor(readonly loop: EventLoop) {
    super();
    this.next = loop.createFuture();
    this.lost = loop.createFuture();
  }
  override connectionMade(t: DatagramTransport) {
    this.t = t;
  }
  override datagramReceived(data: Buffer, addr: InetAddress) {
    this.got.push([data.toString(), addr]);
    if (!this.next.done()) this.next.setResult();
  }
  override connectionLost(exc: unknown) {
    this.lost.setResult(exc);
  }
  async receive(): Promise<[string, InetAddress]> {
    await this.next;
    this.next = this.loop.createFuture();
    return this.got.shift() as [string, InetAddress];
  }
}

class Errors extends DatagramProtocol {
  errors: Future<unknown>;
  constructor(loop: EventLoop) {
    super();
    this.errors = loop.createFuture();
  }
  override errorReceived(exc: unknown) {
    if (!this.errors.done()) this.errors.setResult(exc);
  }
}

class EchoUdp extends DatagramProtocol {
  t!: DatagramTransport;
  override connectionMade(t: DatagramTransport) {
    this.t = t;
  }
  override datagramReceived(data: Buffer, addr: InetAddress) {
    this.t.sendto(Buffer.concat([Buffer.from('echo:'), data]), addr);
  }
}

describe('createDatagramEndpoint', () => {
  it('sendto / datagramReceived between a bound echo endpoint and a connected client', async () => {
    await onLoop(
      async (loop) => {
        const [server] = await loop.createDatagramEndpoint(() => new EchoUdp(), {
          localAddr: ['127.0.0.1', 0],
        });
        const serverAddr = server.getExtraInfo('sockname') as InetAddress;
        expect(serverAddr[0]).toBe('127.0.0.1');
        const [client, proto] = await loop.createDatagramEndpoint(() => new Collect(loop), {
          remoteAddr: serverAddr,
        });
        expect(client.getExtraInfo('peername')).toEqual(serverAddr);
        client.sendto('one');
        expect(await proto.receive()).toEqual(['echo:one', serverAddr]);
        client.sendto('two', serverAddr);
        expect((await proto.receive())[0]).toBe('echo:two');
        expect(client.getWriteBufferSize()).toBe(0);
        expect(() => client.sendto('x', ['127.0.0.1', 1])).toThrow(IoArgumentError);
        client.close();
        expect(client.isClosing()).toBe(true);
        expect(await proto.lost).toBeNull();
        expect(() => client.sendto('late')).toThrow(IoStateError);
        server.abort();
      },
      { realTime: true, failOnException: true },
    );
  });

  it('an unconnected endpoint needs an address; bad addresses are exported errors', async () => {
    await onLoop(
      async (loop) => {
        const [a, pa] = await loop.createDatagramEndpoint(() => new Collect(loop), {
          localAddr: ['127.0.0.1', 0],
        });
        const [b, pb] = await loop.createDatagramEndpoint(() => new Collect(loop), {
          localAddr: ['127.0.0.1', 0],
        });
        expect(() => a.sendto('x')).toThrow(
          'DatagramTransport.sendto(addr): required when no remoteAddr was given',
        );
        a.sendto('hi b', b.getExtraInfo('sockname') as InetAddress);
        const [msg, from] = await pb.receive();
        expect(msg).toBe('hi b');
        expect(from).toEqual(a.getExtraInfo('sockname'));
        expect(() => a.sendto('x', ['127.0.0.1', 99999])).toThrow(
          'DatagramTransport.sendto(addr): expected an integer 0–65535, got 99999',
        );
        // Port 0 is nobody's port: an exported error, not Node's plain RangeError.
        expect(() => a.sendto('x', ['127.0.0.1', 0])).toThrow(IoRangeError);
        expect(() => a.sendto('x', ['127.0.0.1', 0])).toThrow(
          "DatagramTransport.sendto(addr): expected an integer 1–65535 (a peer's port), got 0",
        );
        await expect(
          loop.createDatagramEndpoint(() => new Collect(loop), { remoteAddr: ['127.0.0.1', 0] }),
        ).rejects.toThrow(
          "createDatagramEndpoint(remoteAddr): expected an integer 1–65535 (a peer's port), got 0",
        );
        await expect(
          loop.createDatagramEndpoint(() => new Collect(loop), { localAddr: ['nope nope', 0] }),
        ).rejects.toThrow(IoArgumentError);
        await expect(
          loop.createDatagramEndpoint(() => new Collect(loop), { localAddr: 'x' as never }),
        ).rejects.toThrow('createDatagramEndpoint(localAddr): expected [host, port], got "x"');
        a.close();
        b.close();
        await pa.lost;
        await pb.lost;
      },
      { realTime: true, failOnException: true },
    );
  });

  it('errorReceived gets ConnectionRefusedError when a connected peer port is closed; the endpoint stays open', async () => {
    await onLoop(
      async (loop) => {
        const [probe, pp] = await loop.createDatagramEndpoint(() => new Collect(loop), {
          localAddr: ['127.0.0.1', 0],
        });
        const closedAddr = probe.getExtraInfo('sockname') as InetAddress;
        probe.close();
        await pp.lost;
        const [t, proto] = await loop.createDatagramEndpoint(() => new Errors(loop), {
          remoteAddr: closedAddr,
        });
        t.sendto('anyone?');
        const exc = await proto.errors;
        expect(exc).toBeInstanceOf(ConnectionRefusedError);
        expect(t.isClosing()).toBe(false);
        t.sendto('still open');
        t.close();
      },
      { realTime: true, failOnException: true },
    );
  });

  it('reuseAddress: two endpoints share a port only when both ask for it; without it the bind fails with EADDRINUSE', async () => {
    await onLoop(
      async (loop) => {
        const [a, pa] = await loop.createDatagramEndpoint(() => new Collect(loop), {
          localAddr: ['127.0.0.1', 0],
          reuseAddress: true,
        });
        const addr = a.getExtraInfo('sockname') as InetAddress;
        // without reuseAddress the port is taken
        const err = await loop
          .createDatagramEndpoint(() => new Collect(loop), { localAddr: addr })
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(OSError);
        expect((err as OSError).code).toBe('EADDRINUSE');
        // with it on both sides, the second endpoint binds the same address and works
        const [b, pb] = await loop.createDatagramEndpoint(() => new Collect(loop), {
          localAddr: addr,
          reuseAddress: true,
        });
        expect(b.getExtraInfo('sockname')).toEqual(addr);
        const [c, pc] = await loop.createDatagramEndpoint(() => new Collect(loop), {
          localAddr: ['127.0.0.1', 0],
        });
        c.sendto('to the shared port', addr);
        // Linux hands a unicast datagram to one of the sockets sharing the port
        const got = await Promise.race([pa.receive(), pb.receive()]);
        expect(got).toEqual(['to the shared port', c.getExtraInfo('sockname')]);
        for (const t of [a, b, c]) t.close();
        await Promise.all([pa.lost, pb.lost, pc.lost]);
      },
      { realTime: true, failOnException: true },
    );
  });
});
