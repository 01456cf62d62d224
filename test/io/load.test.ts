/**
 * Load: 1 000 concurrent loopback clients each send 1 MiB in random chunk sizes through a `startServer` echo
 * server; every byte must come back in order, and drain() must keep the buffers bounded. A fixed amount of work:
 * the test ends by itself when all clients saw EOF (Jest's timeout is the backstop).
 */
import { sleep } from '../../src';
import { openConnection, type StreamReader, type StreamWriter, startServer } from '../../src/io';
import { bytes, onLoop, portOf, rng } from './helpers';

const CLIENTS = Number(process.env.QTASYNCIO_LOAD_CLIENTS ?? 1000);
const PER_CLIENT = 1024 * 1024;
const MAX_CHUNK = 64 * 1024;
const PATTERN = bytes(2 * PER_CLIENT, 42);

let serverMaxWriteBuffer = 0;

async function echo(reader: StreamReader, writer: StreamWriter): Promise<void> {
  for (;;) {
    const chunk = await reader.read(MAX_CHUNK);
    if (chunk.length === 0) break;
    writer.write(chunk);
    serverMaxWriteBuffer = Math.max(serverMaxWriteBuffer, writer.transport.getWriteBufferSize());
    await writer.drain();
  }
  writer.close();
}

it(`echo server: ${CLIENTS} clients × 1 MiB in random chunks, in order, bounded buffers`, async () => {
  const t0 = performance.now();
  const stats = { maxWriteBuffer: 0, peakExternal: 0, received: 0, mismatches: 0, shortClients: 0 };
  const baseline = process.memoryUsage();
  await onLoop(async (loop) => {
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

    const clients = Array.from({ length: CLIENTS }, (_, i) => loop.createTask(() => client(i)));
    for (const c of clients) await c;
    done = true;
    await sampler;
    server.close();
    await server.waitClosed();
  });
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(
    `load: ${CLIENTS} clients × 1 MiB echoed in ${seconds.toFixed(1)} s; max write buffer client ${stats.maxWriteBuffer} B / server ${serverMaxWriteBuffer} B; peak extra ArrayBuffer memory ${(stats.peakExternal / 2 ** 20).toFixed(0)} MiB\n`,
  );
  expect(stats.mismatches).toBe(0);
  expect(stats.shortClients).toBe(0);
  expect(stats.received).toBe(CLIENTS * PER_CLIENT);
  // drain() bounds each writer: high-water mark (64 KiB) + the chunk written before drain()
  expect(stats.maxWriteBuffer).toBeLessThanOrEqual(64 * 1024 + MAX_CHUNK);
  expect(serverMaxWriteBuffer).toBeLessThanOrEqual(64 * 1024 + MAX_CHUNK);
  // all data in flight would be 2 GiB without backpressure; with it, buffers stay far below
  expect(stats.peakExternal).toBeLessThan(768 * 2 ** 20);
}, 300_000);
