/**
 * CPython's Lib/test/test_asyncio/test_protocols.py and test_transports.py: the protocol base classes' default
 * methods, feeding a BufferedProtocol through a buffer smaller than the data, and what every transport does with
 * `getExtraInfo` and `writeLines` (over a real connection on the loopback interface: qtasyncio's transports are
 * interfaces, not base classes to instantiate; SKIPPED.md); and test_buffered_proto.py, a BufferedProtocol client
 * reading 9 KiB through a 100-byte buffer.
 */
import * as net from 'node:net';
import { waitFor } from '../../src';
import {
  BaseProtocol,
  BufferedProtocol,
  DatagramProtocol,
  type InetAddress,
  IoStateError,
  Protocol,
  SubprocessProtocol,
  startServer,
  type Transport,
} from '../../src/io';
import { feedBufferedProtocol } from '../../src/io/protocols';
import { onLoop } from '../../src/testing';

const REAL = { realTime: true, failOnException: true } as const;
/** Stands for the mock.Mock() arguments of the Python cases. */
const ANY = {} as never;

describe('test_protocols.ProtocolsAbsTests', () => {
  const C = 'test_protocols.ProtocolsAbsTests';

  test(`${C}.test_base_protocol`, () => {
    const p = new BaseProtocol();
    expect(p.connectionMade(ANY)).toBeUndefined();
    expect(p.connectionLost(ANY)).toBeUndefined();
    expect(p.pauseWriting()).toBeUndefined();
    expect(p.resumeWriting()).toBeUndefined();
    expect(Object.keys(p)).toEqual([]); // Python: no __dict__ (no per-instance state)
  });

  test(`${C}.test_protocol`, () => {
    const p = new Protocol();
    expect(p.connectionMade(ANY)).toBeUndefined();
    expect(p.connectionLost(ANY)).toBeUndefined();
    expect(p.dataReceived(ANY)).toBeUndefined();
    expect(p.eofReceived()).toBeUndefined();
    expect(p.pauseWriting()).toBeUndefined();
    expect(p.resumeWriting()).toBeUndefined();
    expect(Object.keys(p)).toEqual([]);
  });

  test(`${C}.test_buffered_protocol`, () => {
    const p = new BufferedProtocol();
    expect(p.connectionMade(ANY)).toBeUndefined();
    expect(p.connectionLost(ANY)).toBeUndefined();
    // asyncio's get_buffer returns None; here an empty buffer, which feeding refuses as asyncio refuses None.
    expect(p.getBuffer(100)).toHaveLength(0);
    expect(() => feedBufferedProtocol(p, Buffer.from('x'))).toThrow(IoStateError);
    expect(p.bufferUpdated(150)).toBeUndefined();
    expect(p.pauseWriting()).toBeUndefined();
    expect(p.resumeWriting()).toBeUndefined();
    expect(Object.keys(p)).toEqual([]);
  });

  test(`${C}.test_datagram_protocol`, () => {
    const dp = new DatagramProtocol();
    expect(dp.connectionMade(ANY)).toBeUndefined();
    expect(dp.connectionLost(ANY)).toBeUndefined();
    expect(dp.errorReceived(ANY)).toBeUndefined();
    expect(dp.datagramReceived(ANY, ANY)).toBeUndefined();
    expect(Object.keys(dp)).toEqual([]);
  });

  test(`${C}.test_subprocess_protocol`, () => {
    const sp = new SubprocessProtocol();
    expect(sp.connectionMade(ANY)).toBeUndefined();
    expect(sp.connectionLost(ANY)).toBeUndefined();
    expect(sp.pipeDataReceived(1, ANY)).toBeUndefined();
    expect(sp.pipeConnectionLost(1, ANY)).toBeUndefined();
    expect(sp.processExited()).toBeUndefined();
    expect(Object.keys(sp)).toEqual([]);
  });
});

describe('test_protocols.FeedDataToBufferedProtoTests', () => {
  const C = 'test_protocols.FeedDataToBufferedProtoTests';

  /** A BufferedProtocol that hands out one `size`-byte buffer and collects what is written into it. */
  function makeProto(size: number): { proto: BufferedProtocol; received: number[] } {
    const received: number[] = [];
    const buf = new Uint8Array(size);
    class P extends BufferedProtocol {
      override getBuffer(_sizeHint: number): Uint8Array {
        return buf;
      }
      override bufferUpdated(nbytes: number): void {
        received.push(...buf.subarray(0, nbytes));
      }
    }
    return { proto: new P(), received };
  }

  test(`${C}.test_large_multi_iteration`, () => {
    const { proto, received } = makeProto(64);
    const data = Buffer.from(Array.from({ length: 256 * 16 }, (_, i) => i % 256));
    feedBufferedProtocol(proto, data);
    expect(Buffer.from(received).equals(data)).toBe(true);
  });

  test(`${C}.test_memoryview_input`, () => {
    const { proto, received } = makeProto(64);
    const payload = Buffer.from('y'.repeat(200));
    // A view into a larger allocation (Python: a memoryview of the bytes).
    const view = Buffer.concat([Buffer.from('zz'), payload]).subarray(2);
    feedBufferedProtocol(proto, view);
    expect(Buffer.from(received).equals(payload)).toBe(true);
  });
});

describe('test_transports.TransportTests', () => {
  const C = 'test_transports.TransportTests';

  /** A transport of a real connection to a server that collects what it receives until the end. */
  async function withTransport(
    body: (t: Transport, received: Promise<string>) => Promise<void>,
  ): Promise<void> {
    let received!: Promise<string>;
    const server = net.createServer((sock) => {
      received = new Promise((resolve) => {
        let text = '';
        sock.on('data', (d) => {
          text += d.toString();
        });
        sock.on('end', () => {
          resolve(text);
          sock.end();
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await onLoop(async (loop) => {
        const port = (server.address() as net.AddressInfo).port;
        const [transport] = await loop.createConnection(() => new Protocol(), '127.0.0.1', port);
        while (received === undefined) await new Promise((resolve) => setImmediate(resolve));
        await body(transport, received);
        transport.close();
      }, REAL);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }

  test(`${C}.test_get_extra_info`, () =>
    withTransport(async (transport) => {
      expect(transport.getExtraInfo('unknown' as never)).toBeUndefined();
      const fallback = {};
      expect(transport.getExtraInfo('unknown' as never, fallback)).toBe(fallback);
      expect(transport.getExtraInfo('sockname')).toEqual(['127.0.0.1', expect.any(Number)]);
    }));

  test(`${C}.test_writelines`, () =>
    withTransport(async (transport, received) => {
      transport.writeLines([Buffer.from('line1'), new Uint8Array(Buffer.from('line2')), 'line3']);
      transport.writeEof();
      expect(await received).toBe('line1line2line3');
    }));
});

describe('test_buffered_proto.BufferedProtocolSelectorTests', () => {
  const C = 'test_buffered_proto.BufferedProtocolSelectorTests';

  test(`${C}.test_buffered_proto_create_connection`, () =>
    onLoop(async (loop) => {
      const NOISE = Buffer.from('12345678+'.repeat(1024));
      const server = await startServer(
        async (reader, writer) => {
          writer.write(NOISE);
          await reader.readExactly(1);
          writer.close();
          await writer.waitClosed();
        },
        { host: '127.0.0.1', port: 0 },
      );
      const [host, port] = server.addresses()[0] as InetAddress;
      const client = async (): Promise<void> => {
        const chunks: Buffer[] = [];
        const connLost = loop.createFuture<void>();
        /** CPython's ReceiveStuffProto: a 100-byte buffer, far smaller than what arrives. */
        class ReceiveStuffProto extends BufferedProtocol {
          readonly buffer = new Uint8Array(100);
          override getBuffer(): Uint8Array {
            return this.buffer;
          }
          override bufferUpdated(nbytes: number): void {
            chunks.push(Buffer.from(this.buffer.subarray(0, nbytes)));
            if (Buffer.concat(chunks).equals(NOISE)) tr.write('1');
          }
          override connectionLost(exc: unknown): void {
            if (exc === undefined || exc === null) connLost.setResult();
            else connLost.setException(exc);
          }
        }
        const [tr] = await loop.createConnection(() => new ReceiveStuffProto(), host, port);
        await connLost;
      };
      await waitFor(client(), 5000);
      server.close();
      await server.waitClosed();
    }, REAL));
});
