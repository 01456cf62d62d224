/**
 * Load: 1 000 concurrent loopback clients each send 1 MiB in random chunks through a `startServer` echo server;
 * every byte must come back in order, and drain() must keep the buffers bounded. Loopback sockets take almost
 * anything at once, so beside them a few "slow" clients make real backpressure: each withholds its reads until
 * both its own writer and the server's writer for it were paused (buffer over the high-water mark), then reads
 * everything back. Both buffers must really grow past the mark, and never past mark + one chunk. A fixed amount
 * of work: the test ends by itself when all clients saw EOF (a hang guard says which ones did not).
 */
import { type Future, sleep, waitFor } from '../../src';
import { openConnection, type StreamReader, type StreamWriter, startServer } from '../../src/io';
import { onLoop } from '../../src/testing';
import { bytes, portOf, rng } from './helpers';

const CLIENTS = Number(process.env.QTASYNCIO_LOAD_CLIENTS ?? 1000);
const SLOW_CLIENTS = 3;
const PER_CLIENT = 1024 * 1024;
const MAX_CHUNK = 64 * 1024;
/** The transports' default high-water mark. */
const HIGH = 64 * 1024;
/** A slow client stops sending here even without backpressure (the test then fails: it saw none). */
const SLOW_CAP = 1024 * 1024 * 1024;
const HANG_GUARD_MS = 240_000;
const PATTERN = bytes(2 * PER_CLIENT, 42);

/** What the server saw on one connection (by the client's id, sent first as 4 bytes). */
interface ServerSide {
  maxWriteBuffer: number;
  /** Done once the server's writer for this connection went over the high-water mark. */
  paused: Future<void>;
}

const serverSides = new Map<number, ServerSide>();
let serverMaxWriteBuffer = 0;

function sideOf(loop: { createFuture<T>(): Future<T> }, id: number): ServerSide {
  let side = serverSides.get(id);
  if (side === undefined) {
    side = { maxWriteBuffer: 0, paused: loop.createFuture<void>() };
    serverSides.set(id, side);
  }
  return side;
}

function header(id: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(id, 0);
  return b;
}

/** Whether `chunk` is the slice of the endless repetition of PATTERN's first PER_CLIENT bytes at `pos`. */
function cyclicMatch(chunk: Buffer, pos: number): boolean {
  for (let off = 0; off < chunk.length; ) {
    const at = (pos + off) % PER_CLIENT;
    const n = Math.min(chunk.length - off, PER_CLIENT - at);
    if (!chunk.subarray(off, off + n).equals(PATTERN.subarray(at, at + n))) return false;
    off += n;
  }
  return true;
}

it(`echo server: ${CLIENTS} clients × 1 MiB in random chunks + ${SLOW_CLIENTS} slow readers, in order, buffers grow past the mark and stay bounded`, async () => {
  const t0 = performance.now();
  const stats = { maxWriteBuffer: 0, peakExternal: 0, received: 0, mismatches: 0, shortClients: 0 };
  const slow: { id: number; sent: number; got: number; clientMax: number; serverMax: number }[] = [];
  const unfinished = new Set<number>();
  const baseline = process.memoryUsage();
  await onLoop(
    async (loop) => {
      async function echo(reader: StreamReader, writer: StreamWriter): Promise<void> {
        const side = sideOf(loop, (await reader.readExactly(4)).readUInt32BE(0));
        for (;;) {
          const chunk = await reader.read(MAX_CHUNK);
          if (chunk.length === 0) break;
          writer.write(chunk);
          const size = writer.transport.getWriteBufferSize();
          side.maxWriteBuffer = Math.max(side.maxWriteBuffer, size);
          serverMaxWriteBuffer = Math.max(serverMaxWriteBuffer, size);
          if (size > HIGH && !side.paused.done()) side.paused.setResult();
          await writer.drain();
        }
        writer.close();
      }

      const server = await startServer(echo, { host: '127.0.0.1', port: 0, backlog: 2048 });
      const port = portOf(server);
      let done = false;
      const sampler = loop.createTask(async () => {
        while (!done) {
          const m = process.memoryUsage();
          stats.peakExternal = Math.max(stats.peakExternal, m.arrayBuffers - baseline.arrayBuffers);
          await sleep(50);
        }
      });

      async function client(id: number): Promise<void> {
        const r = rng(id + 1);
        const start = (id * 7919) % PER_CLIENT;
        const expected = PATTERN.subarray(start, start + PER_CLIENT);
        const [reader, writer] = await openConnection({ host: '127.0.0.1', port });
        writer.write(header(id));
        const send = (async () => {
          for (let off = 0; off < PER_CLIENT; ) {
            const n = Math.min(PER_CLIENT - off, 1 + Math.floor(r() * MAX_CHUNK));
            writer.write(expected.subarray(off, off + n));
            stats.maxWriteBuffer = Math.max(stats.maxWriteBuffer, writer.transport.getWriteBufferSize());
            off += n;
            await writer.drain();
          }
          writer.writeEof();
        })();
        let got = 0;
        for (;;) {
          const chunk = await reader.read(1 + Math.floor(r() * MAX_CHUNK));
          if (chunk.length === 0) break;
          if (!chunk.equals(expected.subarray(got, got + chunk.length))) stats.mismatches++;
          got += chunk.length;
        }
        await send;
        stats.received += got;
        if (got !== PER_CLIENT) stats.shortClients++;
        writer.close();
        await writer.waitClosed();
      }

      /** Sends until both writers were paused, reading nothing until then; then reads all of it back. */
      async function slowClient(id: number): Promise<void> {
        const side = sideOf(loop, id);
        const [reader, writer] = await openConnection({ host: '127.0.0.1', port });
        writer.write(header(id));
        let clientMax = 0;
        let sent = 0;
        const clientPaused = loop.createFuture<void>();
        const backpressure = loop.createTask(async () => {
          await clientPaused;
          await side.paused;
        });
        const send = (async () => {
          while (!backpressure.done() && sent < SLOW_CAP) {
            writer.write(PATTERN.subarray(sent % PER_CLIENT, (sent % PER_CLIENT) + MAX_CHUNK));
            sent += MAX_CHUNK;
            const size = writer.transport.getWriteBufferSize();
            clientMax = Math.max(clientMax, size);
            stats.maxWriteBuffer = Math.max(stats.maxWriteBuffer, size);
            if (size > HIGH && !clientPaused.done()) clientPaused.setResult();
            await writer.drain();
          }
          writer.writeEof();
        })();
        // no reads before both sides pushed back (or the cap was hit: then the assertions below fail)
        await Promise.race([backpressure, send]);
        let got = 0;
        for (;;) {
          const chunk = await reader.read(MAX_CHUNK);
          if (chunk.length === 0) break;
          if (!cyclicMatch(chunk, got)) stats.mismatches++;
          got += chunk.length;
        }
        await send;
        if (!backpressure.done()) backpressure.cancel();
        slow.push({ id, sent, got, clientMax, serverMax: side.maxWriteBuffer });
        writer.close();
        await writer.waitClosed();
      }

      const ids = Array.from({ length: CLIENTS + SLOW_CLIENTS }, (_, i) => i);
      for (const id of ids) unfinished.add(id);
      const all = loop.createTask(async () => {
        const tasks = ids.map((id) =>
          loop.createTask(async () => {
            await (id < CLIENTS ? client(id) : slowClient(id));
            unfinished.delete(id);
          }),
        );
        for (const t of tasks) await t;
      });
      try {
        await waitFor(all, HANG_GUARD_MS);
      } catch (e) {
        const left = [...unfinished];
        throw new Error(
          `load test hang guard fired after ${HANG_GUARD_MS} ms: ${left.length} clients unfinished (ids ${left.slice(0, 10).join(', ')}${left.length > 10 ? ', …' : ''}; ids ≥ ${CLIENTS} are slow readers)`,
          { cause: e },
        );
      }
      done = true;
      await sampler;
      server.close();
      await server.waitClosed();
    },
    { realTime: true, failOnException: true },
  );
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(
    `load: ${CLIENTS} clients × 1 MiB echoed in ${seconds.toFixed(1)} s; max write buffer client ${stats.maxWriteBuffer} B / server ${serverMaxWriteBuffer} B; slow readers sent ${slow.map((s) => `${(s.sent / 2 ** 20).toFixed(0)} MiB`).join(', ')}; peak extra ArrayBuffer memory ${(stats.peakExternal / 2 ** 20).toFixed(0)} MiB\n`,
  );
  expect(stats.mismatches).toBe(0);
  expect(stats.shortClients).toBe(0);
  expect(stats.received).toBe(CLIENTS * PER_CLIENT);
  expect(slow).toHaveLength(SLOW_CLIENTS);
  for (const s of slow) {
    // every byte a slow reader sent came back; both writers really were over the mark, and bounded
    expect(s.got).toBe(s.sent);
    expect(s.clientMax).toBeGreaterThan(HIGH);
    expect(s.serverMax).toBeGreaterThan(HIGH);
  }
  // drain() bounds each writer: high-water mark + the chunk written before drain()
  expect(stats.maxWriteBuffer).toBeLessThanOrEqual(HIGH + MAX_CHUNK);
  expect(serverMaxWriteBuffer).toBeLessThanOrEqual(HIGH + MAX_CHUNK);
  // all data in flight would be 2 GiB without backpressure; with it, buffers stay far below
  expect(stats.peakExternal).toBeLessThan(768 * 2 ** 20);
}, 300_000);
