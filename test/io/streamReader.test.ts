/**
 * StreamReader on its own (fed directly, as a protocol feeds it): asyncio's test_streams reader cases.
 */
import { CancelledError, sleep } from '../../src';
import {
  IncompleteReadError,
  IoArgumentError,
  IoRangeError,
  IoStateError,
  LimitOverrunError,
  LineTooLongError,
  StreamReader,
} from '../../src/io';
import { onLoop } from '../../src/testing';

const B = (s: string): Buffer => Buffer.from(s);

describe('StreamReader', () => {
  it('read(n) returns what is buffered up to n, read() reads to EOF, then empty buffers', async () => {
    await onLoop(
      async (loop) => {
        const r = new StreamReader({ loop });
        r.feedData(B('hello '));
        r.feedData(B('world'));
        expect((await r.read(3)).toString()).toBe('hel');
        expect((await r.read(100)).toString()).toBe('lo world');
        loop.callSoon(() => r.feedData(B('late')));
        expect((await r.read(10)).toString()).toBe('late');
        r.feedData(B('rest'));
        loop.callSoon(() => r.feedEof());
        expect((await r.read()).toString()).toBe('rest');
        expect(r.atEof()).toBe(true);
        expect((await r.read(5)).length).toBe(0);
        expect((await r.read(0)).length).toBe(0);
      },
      { realTime: true, failOnException: true },
    );
  });

  it('readLine() reads lines, the last partial line, then empty; async iteration yields lines', async () => {
    await onLoop(
      async (loop) => {
        const r = new StreamReader({ loop });
        r.feedData(B('one\ntw'));
        loop.callSoon(() => r.feedData(B('o\nthree')));
        loop.callLater(1, () => r.feedEof());
        const lines: string[] = [];
        for await (const line of r) lines.push(line.toString());
        expect(lines).toEqual(['one\n', 'two\n', 'three']);
        expect((await r.readLine()).length).toBe(0);
      },
      { realTime: true, failOnException: true },
    );
  });

  it('readExactly(n) waits for n bytes; EOF first raises IncompleteReadError with the partial bytes', async () => {
    await onLoop(
      async (loop) => {
        const r = new StreamReader({ loop });
        loop.callSoon(() => r.feedData(B('ab')));
        loop.callLater(1, () => r.feedData(B('cdef')));
        expect((await r.readExactly(5)).toString()).toBe('abcde');
        r.feedEof();
        const err = await r.readExactly(3).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(IncompleteReadError);
        expect((err as IncompleteReadError).partial.toString()).toBe('f');
        expect((err as IncompleteReadError).expected).toBe(3);
        expect((await r.readExactly(0)).length).toBe(0);
      },
      { realTime: true, failOnException: true },
    );
  });

  it('readUntil(sep) handles separators split across chunks and lists of separators', async () => {
    await onLoop(
      async (loop) => {
        const r = new StreamReader({ loop });
        r.feedData(B('GET / HTTP/1.0\r\n\r'));
        loop.callSoon(() => r.feedData(B('\nbody')));
        expect((await r.readUntil('\r\n\r\n')).toString()).toBe('GET / HTTP/1.0\r\n\r\n');
        r.feedData(B('x;y|'));
        expect((await r.readUntil(['|', ';'])).toString()).toBe('bodyx;');
        r.feedEof();
        const err = await r.readUntil('#').catch((e: unknown) => e);
        expect(err).toBeInstanceOf(IncompleteReadError);
        expect((err as IncompleteReadError).partial.toString()).toBe('y|');
        expect((err as IncompleteReadError).expected).toBeNull();
      },
      { realTime: true, failOnException: true },
    );
  });

  it('readUntil raises LimitOverrunError without consuming; readLine drops the overlong line with LineTooLongError', async () => {
    await onLoop(
      async (loop) => {
        const r = new StreamReader({ loop, limit: 4 });
        r.feedData(B('0123456789\nok\n'));
        const err = await r.readUntil('\n').catch((e: unknown) => e);
        expect(err).toBeInstanceOf(LimitOverrunError);
        expect((err as LimitOverrunError).consumed).toBe(10);
        expect((await r.read(2)).toString()).toBe('01');
        await expect(r.readLine()).rejects.toBeInstanceOf(LineTooLongError);
        expect((await r.readLine()).toString()).toBe('ok\n');
        const r2 = new StreamReader({ loop, limit: 3 });
        r2.feedData(B('abcdefgh'));
        const e2 = await r2.readUntil('\n').catch((e: unknown) => e);
        expect(e2).toBeInstanceOf(LimitOverrunError);
        expect((await r2.read(100)).toString()).toBe('abcdefgh');
      },
      { realTime: true, failOnException: true },
    );
  });

  it('the limit counts the bytes before the separator: a separator starting within it passes (asyncio)', async () => {
    await onLoop(
      async (loop) => {
        const r = new StreamReader({ loop, limit: 4 });
        r.feedData(B('abcd\r\n'));
        expect((await r.readUntil('\r\n')).toString()).toBe('abcd\r\n');
        r.feedData(B('abcd\n'));
        expect((await r.readLine()).toString()).toBe('abcd\n');
        r.feedData(B('abcde\r\n'));
        const err = await r.readUntil('\r\n').catch((e: unknown) => e);
        expect(err).toBeInstanceOf(LimitOverrunError);
        expect((err as LimitOverrunError).consumed).toBe(5);
        const lineErr = await r.readLine().catch((e: unknown) => e);
        expect(lineErr).toBeInstanceOf(LineTooLongError);
        expect((lineErr as Error).message).toBe(
          'StreamReader.readLine(): Separator is found, but chunk is longer than limit',
        );
        expect((lineErr as Error).cause).toBeInstanceOf(LimitOverrunError);
      },
      { realTime: true, failOnException: true },
    );
  });

  it('cancelling a task blocked in read() raises CancelledError there and loses no bytes', async () => {
    await onLoop(
      async (loop) => {
        const r = new StreamReader({ loop });
        const reading = loop.createTask(() => r.readExactly(6));
        await sleep(1);
        r.feedData(B('abc'));
        await sleep(1);
        reading.cancel();
        await expect(reading).rejects.toBeInstanceOf(CancelledError);
        r.feedData(B('def'));
        expect((await r.readExactly(6)).toString()).toBe('abcdef');
        const t2 = loop.createTask(() => r.readLine());
        await sleep(1);
        t2.cancel();
        await expect(t2).rejects.toBeInstanceOf(CancelledError);
        r.feedData(B('line\n'));
        expect((await r.readLine()).toString()).toBe('line\n');
      },
      { realTime: true, failOnException: true },
    );
  });

  it('a pending exception is raised by reads; two concurrent readers are an IoStateError', async () => {
    await onLoop(
      async (loop) => {
        const r = new StreamReader({ loop });
        const first = r.read(1);
        await expect(r.read(1)).rejects.toBeInstanceOf(IoStateError);
        const boom = new Error('boom');
        r.setException(boom);
        await expect(first).rejects.toBe(boom);
        await expect(r.readLine()).rejects.toBe(boom);
        expect(r.exception()).toBe(boom);
      },
      { realTime: true, failOnException: true },
    );
  });

  it('bad input: limits, counts, separators, data, feedData after EOF', async () => {
    await onLoop(
      async (loop) => {
        expect(() => new StreamReader({ loop, limit: 0 })).toThrow(IoRangeError);
        expect(() => new StreamReader({ loop, limit: 0 })).toThrow(
          'StreamReader(limit): expected an integer > 0, got 0',
        );
        const r = new StreamReader({ loop });
        await expect(r.readExactly(-1)).rejects.toThrow(
          'StreamReader.readExactly(n): expected an integer ≥ 0, got -1',
        );
        await expect(r.read(1.5)).rejects.toBeInstanceOf(IoArgumentError);
        // the value's short rendering: a string is quoted, so '5' and 5 read differently
        await expect(r.read('x' as never)).rejects.toThrow(
          'StreamReader.read(n): expected an integer, got "x"',
        );
        await expect(r.readExactly('5' as never)).rejects.toThrow(IoArgumentError);
        await expect(r.readExactly('5' as never)).rejects.toThrow('got "5"');
        expect(() => new StreamReader({ loop, limt: 5 } as never)).toThrow(
          /StreamReader\(options\): unknown option "limt".*did you mean "limit"/,
        );
        await expect(r.readUntil('')).rejects.toBeInstanceOf(IoArgumentError);
        expect(() => r.feedData(42 as never)).toThrow(IoArgumentError);
        r.feedEof();
        expect(() => r.feedData(B('x'))).toThrow(IoStateError);
      },
      { realTime: true, failOnException: true },
    );
  });
});
