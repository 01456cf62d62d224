/**
 * Bytes never vanish: writes into a connection the peer reset fail (write() raises, drain() rejects) instead of
 * "succeeding", the write buffer size never counts lost bytes as flushed, and communicate() keeps the child's
 * output when the child closes its stdin early. Real loopback sockets and real child processes.
 */
import * as net from 'node:net';
import { type Future, waitFor } from '../../src';
import {
  BrokenPipeError,
  ConnectionError,
  ConnectionResetError,
  createSubprocessExec,
  PIPE,
  type StreamWriter,
  startServer,
} from '../../src/io';
import { onLoop } from '../../src/testing';
import { portOf } from './helpers';

const node = process.execPath;
const TOTAL = 64 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 0x61);
const RESET_AFTER = 256 * 1024;
const CONNECTIONS = 20;
/** The transports' default high-water mark. */
const HIGH = 64 * 1024;
/** Hang guard only (a correct run takes well under a second per connection, even on a busy machine). */
const GUARD_MS = 120_000;

interface Outcome {
  /** 'finished' means 64 MiB "went out" into a reset connection: the bug. */
  kind: 'finished' | 'error';
  error?: unknown;
  /** Where the error surfaced. */
  where?: 'write' | 'drain';
  /** The write buffer size right before the drain() that rejected. */
  bufferBeforeDrain?: number;
  /** The write buffer size after the error. */
  bufferAfter?: number;
  /** What a write() after the error threw (must be the connection's error, never nothing). */
  writeAfter?: unknown;
}

async function writeUntilError(writer: StreamWriter): Promise<Outcome> {
  let where: 'write' | 'drain' = 'write';
  let before = 0;
  try {
    for (let written = 0; written < TOTAL; written += CHUNK.length) {
      where = 'write';
      writer.write(CHUNK);
      before = writer.transport.getWriteBufferSize();
      where = 'drain';
      await writer.drain();
    }
    return { kind: 'finished' };
  } catch (error) {
    let writeAfter: unknown = null;
    try {
      writer.write('more');
    } catch (e) {
      writeAfter = e;
    }
    return {
      kind: 'error',
      error,
      where,
      bufferBeforeDrain: before,
      bufferAfter: writer.transport.getWriteBufferSize(),
      writeAfter,
    };
  }
}

it('a server writing 64 MiB with write() + drain() to clients that reset after 256 KiB always ends in an error', async () => {
  const outcomes = await onLoop(
    async (loop) => {
      const results: Outcome[] = [];
      const finished: Future<void>[] = [];
      let next = 0;
      const server = await startServer(
        async (_reader, writer) => {
          const done = finished[next++];
          results.push(await writeUntilError(writer));
          writer.close();
          done?.setResult();
        },
        { host: '127.0.0.1', port: 0 },
      );
      const port = portOf(server);
      for (let i = 0; i < CONNECTIONS; i++) finished.push(loop.createFuture<void>());
      const clients = Array.from(
        { length: CONNECTIONS },
        () =>
          new Promise<void>((resolve) => {
            let got = 0;
            const sock = net.connect(port, '127.0.0.1');
            sock.on('data', (d: Buffer) => {
              got += d.length;
              if (got >= RESET_AFTER && !sock.destroyed) sock.resetAndDestroy();
            });
            sock.on('error', () => {});
            sock.on('close', () => resolve());
          }),
      );
      const all = loop.createTask(async () => {
        await Promise.all(clients);
        for (const f of finished) await f;
      });
      try {
        await waitFor(all, GUARD_MS);
      } catch (e) {
        throw new Error(
          `hang guard: after ${GUARD_MS} ms only ${results.length} of ${CONNECTIONS} server writers had ended (a drain() that never settles?)`,
          { cause: e },
        );
      }
      server.close();
      await server.waitClosed();
      return results;
    },
    { realTime: true, failOnException: true },
  );
  expect(outcomes).toHaveLength(CONNECTIONS);
  const clean = outcomes.filter((o) => o.kind === 'finished');
  expect(`${clean.length} of ${CONNECTIONS} writers finished without an error`).toBe(
    `0 of ${CONNECTIONS} writers finished without an error`,
  );
  for (const o of outcomes) {
    // ECONNRESET or EPIPE, whichever the kernel reported first
    expect(o.error).toBeInstanceOf(ConnectionError);
    expect(o.error instanceof ConnectionResetError || o.error instanceof BrokenPipeError).toBe(true);
    expect(o.writeAfter).toBeInstanceOf(ConnectionError);
    // A drain() that waited (buffer over the high mark) and then failed lost the buffered bytes: the buffer
    // size must still count them, never 0 as if they had been flushed.
    if (o.where === 'drain' && (o.bufferBeforeDrain ?? 0) > HIGH) expect(o.bufferAfter).toBeGreaterThan(0);
  }
  // The scenario really exercises a blocked drain() (the reset comes while the server waits for the client).
  expect(outcomes.some((o) => o.where === 'drain' && (o.bufferBeforeDrain ?? 0) > HIGH)).toBe(true);
}, 180_000);

it('communicate() returns the output of a child that closed its stdin early (8 MiB of input), run after run', async () => {
  const script = 'process.stdin.destroy(); setTimeout(() => process.stdout.write("hello"), 100)';
  const RUNS = 6;
  const results = await onLoop(
    async (loop) => {
      const runs = Array.from({ length: RUNS }, () =>
        loop.createTask(async () => {
          const proc = await createSubprocessExec(node, ['-e', script], { stdin: PIPE, stdout: PIPE });
          const [out] = await proc.communicate(Buffer.alloc(8 * 1024 * 1024, 0x62));
          return [out?.toString() ?? null, proc.returnCode] as const;
        }),
      );
      const out: (readonly [string | null, number | null])[] = [];
      for (const r of runs) out.push(await r);
      return out;
    },
    { realTime: true, failOnException: true },
  );
  expect(results).toEqual(Array.from({ length: RUNS }, () => ['hello', 0]));
}, 120_000);
