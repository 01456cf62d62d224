/**
 * CPython's Lib/test/test_asyncio/test_streams.py, ported case by case (StreamReader reading, limits, errors;
 * the connection cases over real loopback sockets). `stream._buffer` is not public here: what is left in the
 * buffer is checked by reading it (`rest()`), or by the next read returning exactly what was fed after it.
 * Cases without a JS meaning are listed in SKIPPED.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventLoop } from '../../src';
import {
  BrokenPipeError,
  ConnectionAbortedError,
  ConnectionResetError,
  IncompleteReadError,
  IoArgumentError,
  IoRangeError,
  LimitOverrunError,
  LineTooLongError,
  openConnection,
  openUnixConnection,
  type StreamReader as Reader,
  StreamReader,
  type StreamWriter,
  startServer,
  startUnixServer,
} from '../../src/io';
import { onLoop } from '../../src/testing';
import { portOf } from '../io/helpers';

const DATA = Buffer.from('line1\nline2\nline3\n');
const B = (s: string): Buffer => Buffer.from(s);

/** What is left in the buffer: feeds EOF and reads it all (the end of that stream's use). */
async function rest(stream: Reader): Promise<string> {
  stream.feedEof();
  return (await stream.read()).toString();
}

/** Run `cb` on the next loop iteration (asyncio's `loop.call_soon(cb)`). */
function soon(loop: EventLoop, cb: () => void): void {
  loop.callSoon(cb);
}

describe('test_streams.StreamTests (StreamReader)', () => {
  test('test_streams.StreamTests.test_feed_empty_data', () =>
    onLoop(
      async (loop) => {
        const stream = new StreamReader({ loop });
        stream.feedData(B(''));
        expect(await rest(stream)).toBe('');
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_feed_nonempty_data', () =>
    onLoop(
      async (loop) => {
        const stream = new StreamReader({ loop });
        stream.feedData(DATA);
        expect(await rest(stream)).toBe(DATA.toString());
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_read_zero', () =>
    onLoop(
      async (loop) => {
        const stream = new StreamReader({ loop });
        stream.feedData(DATA);
        expect((await stream.read(0)).toString()).toBe('');
        expect(await rest(stream)).toBe(DATA.toString());
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_read', () =>
    onLoop(
      async (loop) => {
        const stream = new StreamReader({ loop });
        const readTask = loop.createTask(() => stream.read(30));
        soon(loop, () => stream.feedData(DATA));
        expect((await readTask).toString()).toBe(DATA.toString());
        expect(await rest(stream)).toBe('');
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_read_line_breaks', () =>
    onLoop(
      async (loop) => {
        const stream = new StreamReader({ loop });
        stream.feedData(B('line1'));
        stream.feedData(B('line2'));
        expect((await stream.read(5)).toString()).toBe('line1');
        expect(await rest(stream)).toBe('line2');
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_read_eof', () =>
    onLoop(
      async (loop) => {
        const stream = new StreamReader({ loop });
        const readTask = loop.createTask(() => stream.read(1024));
        soon(loop, () => stream.feedEof());
        expect((await readTask).toString()).toBe('');
        expect((await stream.read()).toString()).toBe('');
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_read_until_eof', () =>
    onLoop(
      async (loop) => {
        const stream = new StreamReader({ loop });
        const readTask = loop.createTask(() => stream.read(-1));
        soon(loop, () => {
          stream.feedData(B('chunk1\n'));
          stream.feedData(B('chunk2'));
          stream.feedEof();
        });
        expect((await readTask).toString()).toBe('chunk1\nchunk2');
        expect((await stream.read()).toString()).toBe('');
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_read_exception', () =>
    onLoop(
      async (loop) => {
        const stream = new StreamReader({ loop });
        stream.feedData(B('line\n'));
        expect((await stream.read(2)).toString()).toBe('li');
        const exc = new RangeError('boom');
        stream.setException(exc);
        await expect(stream.read(2)).rejects.toBe(exc);
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_invalid_limit', () =>
    onLoop(
      async (loop) => {
        expect(() => new StreamReader({ loop, limit: 0 })).toThrow(IoRangeError);
        expect(() => new StreamReader({ loop, limit: 0 })).toThrow(/limit/);
        expect(() => new StreamReader({ loop, limit: -1 })).toThrow(/limit/);
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_read_limit', () =>
    onLoop(
      async (loop) => {
        const stream = new StreamReader({ loop, limit: 3 });
        stream.feedData(B('chunk'));
        expect((await stream.read(5)).toString()).toBe('chunk');
        expect(await rest(stream)).toBe('');
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_readline', () =>
    onLoop(
      async (loop) => {
        const stream = new StreamReader({ loop });
        stream.feedData(B('chunk1 '));
        const readTask = loop.createTask(() => stream.readLine());
        soon(loop, () => {
          stream.feedData(B('chunk2 '));
          stream.feedData(B('chunk3 '));
          stream.feedData(B('\n chunk4'));
        });
        expect((await readTask).toString()).toBe('chunk1 chunk2 chunk3 \n');
        expect(await rest(stream)).toBe(' chunk4');
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_readline_limit_with_existing_data', () =>
    onLoop(
      async (loop) => {
        let stream = new StreamReader({ loop, limit: 3 });
        stream.feedData(B('li'));
        stream.feedData(B('ne1\nline2\n'));
        await expect(stream.readLine()).rejects.toBeInstanceOf(LineTooLongError);
        // the remaining data stays after the error
        expect(await rest(stream)).toBe('line2\n');

        stream = new StreamReader({ loop, limit: 3 });
        stream.feedData(B('li'));
        stream.feedData(B('ne1'));
        stream.feedData(B('li'));
        await expect(stream.readLine()).rejects.toBeInstanceOf(LineTooLongError);
        // no '\n' yet and over the limit: the whole buffer is dropped
        expect(await rest(stream)).toBe('');
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_at_eof', () =>
    onLoop(
      async (loop) => {
        const stream = new StreamReader({ loop });
        expect(stream.atEof()).toBe(false);
        stream.feedData(B('some data\n'));
        expect(stream.atEof()).toBe(false);
        await stream.readLine();
        expect(stream.atEof()).toBe(false);
        stream.feedData(B('some data\n'));
        stream.feedEof();
        await stream.readLine();
        expect(stream.atEof()).toBe(true);
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_readline_limit', () =>
    onLoop(
      async (loop) => {
        let stream = new StreamReader({ loop, limit: 7 });
        soon(loop, () => {
          stream.feedData(B('chunk1'));
          stream.feedData(B('chunk2'));
          stream.feedData(B('chunk3\n'));
          stream.feedEof();
        });
        await expect(stream.readLine()).rejects.toBeInstanceOf(LineTooLongError);
        // the buffer had just one line; after the error it is empty
        expect((await stream.read()).toString()).toBe('');

        stream = new StreamReader({ loop, limit: 7 });
        soon(loop, () => {
          stream.feedData(B('chunk1'));
          stream.feedData(B('chunk2\n'));
          stream.feedData(B('chunk3\n'));
          stream.feedEof();
        });
        await expect(stream.readLine()).rejects.toBeInstanceOf(LineTooLongError);
        expect((await stream.read()).toString()).toBe('chunk3\n');

        // the strictness of the limit: 7 bytes before the '\n' pass, 8 do not
        stream = new StreamReader({ loop, limit: 7 });
        stream.feedData(B('1234567\n'));
        expect((await stream.readLine()).toString()).toBe('1234567\n');
        stream.feedData(B('12345678\n'));
        await expect(stream.readLine()).rejects.toBeInstanceOf(LineTooLongError);
        stream.feedData(B('12345678'));
        await expect(stream.readLine()).rejects.toBeInstanceOf(LineTooLongError);
        // both overlong lines were dropped entirely
        expect(await rest(stream)).toBe('');
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_readline_nolimit_nowait', () =>
    onLoop(
      async (loop) => {
        const stream = new StreamReader({ loop });
        stream.feedData(DATA.subarray(0, 6));
        stream.feedData(DATA.subarray(6));
        expect((await stream.readLine()).toString()).toBe('line1\n');
        expect(await rest(stream)).toBe('line2\nline3\n');
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_readline_eof', () =>
    onLoop(
      async (loop) => {
        const stream = new StreamReader({ loop });
        stream.feedData(B('some data'));
        stream.feedEof();
        expect((await stream.readLine()).toString()).toBe('some data');
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_readline_empty_eof', () =>
    onLoop(
      async (loop) => {
        const stream = new StreamReader({ loop });
        stream.feedEof();
        expect((await stream.readLine()).toString()).toBe('');
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_readline_read_byte_count', () =>
    onLoop(
      async (loop) => {
        const stream = new StreamReader({ loop });
        stream.feedData(DATA);
        await stream.readLine();
        expect((await stream.read(7)).toString()).toBe('line2\nl');
        expect(await rest(stream)).toBe('ine3\n');
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_readline_exception', () =>
    onLoop(
      async (loop) => {
        const stream = new StreamReader({ loop });
        stream.feedData(B('line\n'));
        expect((await stream.readLine()).toString()).toBe('line\n');
        const exc = new RangeError('boom');
        stream.setException(exc);
        await expect(stream.readLine()).rejects.toBe(exc);
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_readuntil_separator', () =>
    onLoop(
      async (loop) => {
        const stream = new StreamReader({ loop });
        await expect(stream.readUntil(B(''))).rejects.toBeInstanceOf(IoArgumentError);
        await expect(stream.readUntil('')).rejects.toThrow(/separator/);
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_readuntil_multi_chunks', () =>
    onLoop(
      async (loop) => {
        const stream = new StreamReader({ loop });
        stream.feedData(B('lineAAA'));
        expect((await stream.readUntil(B('AAA'))).toString()).toBe('lineAAA');
        stream.feedData(B('lineAAA'));
        expect((await stream.readUntil('AAA')).toString()).toBe('lineAAA');
        stream.feedData(B('lineAAAxxx'));
        expect((await stream.readUntil('AAA')).toString()).toBe('lineAAA');
        expect(await rest(stream)).toBe('xxx');
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_readuntil_multi_chunks_1', () =>
    onLoop(
      async (loop) => {
        const stream = new StreamReader({ loop });
        const feeds: [string[], string][] = [
          [['QWEaa', 'XYaa', 'a'], 'QWEaaXYaaa'],
          [['QWEaa', 'XYa', 'aa'], 'QWEaaXYaaa'],
          [['aaa'], 'aaa'],
          [['Xaaa'], 'Xaaa'],
          [['XXX', 'a', 'a', 'a'], 'XXXaaa'],
        ];
        for (const [chunks, line] of feeds) {
          for (const c of chunks) stream.feedData(B(c));
          expect((await stream.readUntil('aaa')).toString()).toBe(line);
        }
        expect(await rest(stream)).toBe('');
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_readuntil_eof', () =>
    onLoop(
      async (loop) => {
        const stream = new StreamReader({ loop });
        const data = B('some dataAA');
        stream.feedData(data);
        stream.feedEof();
        const err = await stream.readUntil('AAA').catch((e: unknown) => e);
        expect(err).toBeInstanceOf(IncompleteReadError);
        expect((err as Error).message).toMatch(/undefined expected bytes/);
        expect((err as IncompleteReadError).partial.equals(data)).toBe(true);
        expect((err as IncompleteReadError).expected).toBeNull();
        expect((await stream.read()).toString()).toBe('');
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_readuntil_limit_found_sep', () =>
    onLoop(
      async (loop) => {
        const stream = new StreamReader({ loop, limit: 3 });
        stream.feedData(B('some dataAA'));
        const e1 = await stream.readUntil('AAA').catch((e: unknown) => e);
        expect(e1).toBeInstanceOf(LimitOverrunError);
        expect((e1 as Error).message).toMatch(/not found/);
        // nothing consumed: the next read sees the same bytes (checked below, with the separator completed)
        stream.feedData(B('A'));
        const e2 = await stream.readUntil('AAA').catch((e: unknown) => e);
        expect(e2).toBeInstanceOf(LimitOverrunError);
        expect((e2 as Error).message).toMatch(/is found/);
        expect(await rest(stream)).toBe('some dataAAA');
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_readexactly_zero_or_less', () =>
    onLoop(
      async (loop) => {
        const stream = new StreamReader({ loop });
        stream.feedData(DATA);
        expect((await stream.readExactly(0)).toString()).toBe('');
        await expect(stream.readExactly(-1)).rejects.toBeInstanceOf(IoRangeError);
        await expect(stream.readExactly(-1)).rejects.toThrow(/≥ 0, got -1/);
        expect(await rest(stream)).toBe(DATA.toString());
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_readexactly', () =>
    onLoop(
      async (loop) => {
        const stream = new StreamReader({ loop });
        const n = 2 * DATA.length;
        const readTask = loop.createTask(() => stream.readExactly(n));
        soon(loop, () => {
          stream.feedData(DATA);
          stream.feedData(DATA);
          stream.feedData(DATA);
        });
        expect((await readTask).toString()).toBe(DATA.toString() + DATA.toString());
        expect(await rest(stream)).toBe(DATA.toString());
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_readexactly_limit', () =>
    onLoop(
      async (loop) => {
        const stream = new StreamReader({ loop, limit: 3 });
        stream.feedData(B('chunk'));
        expect((await stream.readExactly(5)).toString()).toBe('chunk');
        expect(await rest(stream)).toBe('');
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_readexactly_eof', () =>
    onLoop(
      async (loop) => {
        const stream = new StreamReader({ loop });
        const n = 2 * DATA.length;
        const readTask = loop.createTask(() => stream.readExactly(n));
        soon(loop, () => {
          stream.feedData(DATA);
          stream.feedEof();
        });
        const err = await readTask.then(
          () => null,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(IncompleteReadError);
        expect((err as IncompleteReadError).partial.equals(DATA)).toBe(true);
        expect((err as IncompleteReadError).expected).toBe(n);
        expect((err as Error).message).toBe('18 bytes read on a total of 36 expected bytes');
        expect((await stream.read()).toString()).toBe('');
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_readexactly_exception', () =>
    onLoop(
      async (loop) => {
        const stream = new StreamReader({ loop });
        stream.feedData(B('line\n'));
        expect((await stream.readExactly(2)).toString()).toBe('li');
        const exc = new RangeError('boom');
        stream.setException(exc);
        await expect(stream.readExactly(2)).rejects.toBe(exc);
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_exception', () =>
    onLoop(
      async (loop) => {
        const stream = new StreamReader({ loop });
        expect(stream.exception()).toBeNull();
        const exc = new RangeError('boom');
        stream.setException(exc);
        expect(stream.exception()).toBe(exc);
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_exception_waiter', () =>
    onLoop(
      async (loop) => {
        const stream = new StreamReader({ loop });
        const exc = new RangeError('boom');
        const t1 = loop.createTask(() => stream.readLine());
        const t2 = loop.createTask(async () => stream.setException(exc));
        await t2;
        await expect(t1).rejects.toBe(exc);
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_exception_cancel', () =>
    onLoop(
      async (loop) => {
        const stream = new StreamReader({ loop });
        const t = loop.createTask(() => stream.readLine());
        await new Promise((r) => setImmediate(r));
        t.cancel();
        await t.then(
          () => null,
          () => null,
        );
        // must not fail although the cancelled read's waiter is gone
        stream.setException(new RangeError('message'));
        // the waiter was released: a new read fails with the exception, not "another task is waiting"
        await expect(stream.readLine()).rejects.toThrow('message');
      },
      { realTime: true, failOnException: true },
    ));
});

/** The test server of CPython's test_utils.run_test_server: answers any request with a fixed HTTP reply. */
async function httpServerHandler(reader: Reader, writer: StreamWriter): Promise<void> {
  try {
    await reader.readUntil('\r\n\r\n');
  } catch (e) {
    if (!(e instanceof IncompleteReadError)) throw e;
    writer.close(); // the client left without a request
    return;
  }
  writer.write('HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nTest message');
  await writer.drain();
  writer.close();
}

async function echoLine(reader: Reader, writer: StreamWriter): Promise<void> {
  const data = await reader.readLine();
  writer.write(data);
  await writer.drain();
  writer.close();
  await writer.waitClosed();
}

describe('test_streams.StreamTests (connections)', () => {
  test('test_streams.StreamTests.test_open_connection', () =>
    onLoop(
      async () => {
        const server = await startServer(httpServerHandler, { host: '127.0.0.1', port: 0 });
        const [reader, writer] = await openConnection({ host: '127.0.0.1', port: portOf(server) });
        writer.write('GET / HTTP/1.0\r\n\r\n');
        expect((await reader.readLine()).toString()).toBe('HTTP/1.0 200 OK\r\n');
        expect((await reader.read()).toString().endsWith('\r\n\r\nTest message')).toBe(true);
        writer.close();
        await writer.waitClosed();
        server.close();
        await server.waitClosed();
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_open_unix_connection', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qtasyncio-streams-'));
    const path = join(dir, 's.sock');
    try {
      await onLoop(
        async () => {
          const server = await startUnixServer(httpServerHandler, { path });
          const [reader, writer] = await openUnixConnection({ path });
          writer.write('GET / HTTP/1.0\r\n\r\n');
          expect((await reader.readLine()).toString()).toBe('HTTP/1.0 200 OK\r\n');
          expect((await reader.read()).toString().endsWith('\r\n\r\nTest message')).toBe(true);
          writer.close();
          await writer.waitClosed();
          server.close();
          await server.waitClosed();
        },
        { realTime: true, failOnException: true },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('test_streams.StreamTests.test_start_server', () =>
    onLoop(
      async (loop) => {
        async function client(port: number): Promise<string> {
          const [reader, writer] = await openConnection({ host: '127.0.0.1', port });
          writer.write('hello world!\n');
          const back = await reader.readLine();
          writer.close();
          await writer.waitClosed();
          return back.toString();
        }
        // a coroutine as client handler
        let server = await startServer(echoLine, { host: '127.0.0.1', port: 0 });
        expect(await client(portOf(server))).toBe('hello world!\n');
        server.close();
        await server.waitClosed();
        // a plain callback that starts a task
        server = await startServer(
          (r, w) => {
            loop.createTask(() => echoLine(r, w));
          },
          { host: '127.0.0.1', port: 0 },
        );
        expect(await client(portOf(server))).toBe('hello world!\n');
        server.close();
        await server.waitClosed();
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_start_unix_server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qtasyncio-streams-'));
    try {
      await onLoop(
        async (loop) => {
          async function client(path: string): Promise<string> {
            const [reader, writer] = await openUnixConnection({ path });
            writer.write('hello world!\n');
            const back = await reader.readLine();
            writer.close();
            await writer.waitClosed();
            return back.toString();
          }
          const handlers = [
            echoLine,
            (r: Reader, w: StreamWriter) => void loop.createTask(() => echoLine(r, w)),
          ];
          for (const [i, handler] of handlers.entries()) {
            const path = join(dir, `s${i}.sock`);
            const server = await startUnixServer(handler, { path });
            expect(await client(path)).toBe('hello world!\n');
            server.close();
            await server.waitClosed();
          }
        },
        { realTime: true, failOnException: true },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('test_streams.StreamTests.test_wait_closed_on_close', () =>
    onLoop(
      async () => {
        const server = await startServer(httpServerHandler, { host: '127.0.0.1', port: 0 });
        const [reader, writer] = await openConnection({ host: '127.0.0.1', port: portOf(server) });
        writer.write('GET / HTTP/1.0\r\n\r\n');
        expect((await reader.readLine()).toString()).toBe('HTTP/1.0 200 OK\r\n');
        expect((await reader.read()).toString().endsWith('\r\n\r\nTest message')).toBe(true);
        expect(writer.isClosing()).toBe(false);
        writer.close();
        expect(writer.isClosing()).toBe(true);
        await writer.waitClosed();
        server.close();
        await server.waitClosed();
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_wait_closed_on_close_with_unread_data', () =>
    onLoop(
      async () => {
        const server = await startServer(httpServerHandler, { host: '127.0.0.1', port: 0 });
        const [reader, writer] = await openConnection({ host: '127.0.0.1', port: portOf(server) });
        writer.write('GET / HTTP/1.0\r\n\r\n');
        expect((await reader.readLine()).toString()).toBe('HTTP/1.0 200 OK\r\n');
        writer.close();
        await writer.waitClosed();
        server.close();
        await server.waitClosed();
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_async_writer_api', () =>
    onLoop(
      async () => {
        const server = await startServer(httpServerHandler, { host: '127.0.0.1', port: 0 });
        const [reader, writer] = await openConnection({ host: '127.0.0.1', port: portOf(server) });
        writer.write('GET / HTTP/1.0\r\n\r\n');
        expect((await reader.readLine()).toString()).toBe('HTTP/1.0 200 OK\r\n');
        expect((await reader.read()).toString().endsWith('\r\n\r\nTest message')).toBe(true);
        writer.close();
        await writer.waitClosed();
        server.close();
        await server.waitClosed();
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_drain_raises', () =>
    onLoop(
      async () => {
        // a raw server that accepts and closes at once; the client writes forever and must get an error
        const raw = net.createServer((s) => s.destroy());
        await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
        const [, writer] = await openConnection({
          host: '127.0.0.1',
          port: (raw.address() as net.AddressInfo).port,
        });
        const err = await (async () => {
          for (;;) {
            writer.write('foo\n');
            await writer.drain();
          }
        })().catch((e: unknown) => e);
        expect(
          err instanceof ConnectionResetError ||
            err instanceof ConnectionAbortedError ||
            err instanceof BrokenPipeError,
        ).toBe(true);
        await new Promise((r) => raw.close(r));
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_async_writer_api_exception_after_close', () =>
    onLoop(
      async () => {
        const server = await startServer(httpServerHandler, { host: '127.0.0.1', port: 0 });
        const [reader, writer] = await openConnection({ host: '127.0.0.1', port: portOf(server) });
        writer.write('GET / HTTP/1.0\r\n\r\n');
        expect((await reader.readLine()).toString()).toBe('HTTP/1.0 200 OK\r\n');
        expect((await reader.read()).toString().endsWith('\r\n\r\nTest message')).toBe(true);
        writer.close();
        // asyncio: ConnectionResetError from write()+drain() after close(); here write() already refuses
        expect(() => writer.write('data')).toThrow();
        await expect(writer.drain()).rejects.toBeInstanceOf(ConnectionResetError);
        server.close();
        await server.waitClosed();
      },
      { realTime: true, failOnException: true },
    ));

  test('test_streams.StreamTests.test_eof_feed_when_closing_writer', () =>
    onLoop(
      async () => {
        const server = await startServer(httpServerHandler, { host: '127.0.0.1', port: 0 });
        const [reader, writer] = await openConnection({ host: '127.0.0.1', port: portOf(server) });
        writer.close();
        await writer.waitClosed();
        expect(reader.atEof()).toBe(true);
        expect((await reader.read()).toString()).toBe('');
        server.close();
        await server.waitClosed();
      },
      { realTime: true, failOnException: true },
    ));
});
