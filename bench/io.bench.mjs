// io benchmarks (issue 6): stream echo throughput of startServer/openConnection vs raw `net` sockets, and
// connections per second, both measured in the same run. Imports the built package (dist/): run
// `npx tsc -p tsconfig.build.json` first (npm run bench does).
import * as net from 'node:net';
import { performance } from 'node:perf_hooks';
import { EventLoop } from 'qtasyncio';
import { openConnection, startServer } from 'qtasyncio/io';
import { median, report } from './report.mjs';

const ROUNDS = 5;
const CONNS = 8;
const PER_CONN = 32 * 1024 * 1024;
const CHUNK = 64 * 1024;
const N_CONNECT = 2000;
const CONNECT_CONCURRENCY = 50;
const payload = Buffer.alloc(CHUNK, 7);

// --- qtasyncio streams -------------------------------------------------------------------------------------

async function streamEcho(reader, writer) {
  for (;;) {
    const chunk = await reader.read(CHUNK);
    if (chunk.length === 0) break;
    writer.write(chunk);
    await writer.drain();
  }
  writer.close();
}

/** Bytes/s: CONNS clients each send PER_CONN bytes and read them back through a startServer echo. */
async function oursThroughput(loop) {
  return loop.runUntilComplete(async () => {
    const server = await startServer(streamEcho, { host: '127.0.0.1', port: 0 });
    const port = server.addresses()[0][1];
    const t0 = performance.now();
    const clients = Array.from({ length: CONNS }, () =>
      loop.createTask(async () => {
        const [reader, writer] = await openConnection({ host: '127.0.0.1', port });
        const send = (async () => {
          for (let sent = 0; sent < PER_CONN; sent += CHUNK) {
            writer.write(payload);
            await writer.drain();
          }
          writer.writeEof();
        })();
        let got = 0;
        for (;;) {
          const c = await reader.read(CHUNK);
          if (c.length === 0) break;
          got += c.length;
        }
        await send;
        writer.close();
        if (got !== PER_CONN) throw new Error(`echo lost bytes: ${got}`);
      }),
    );
    for (const c of clients) await c;
    const seconds = (performance.now() - t0) / 1000;
    server.close();
    await server.waitClosed();
    return (2 * CONNS * PER_CONN) / seconds;
  });
}

/** Connections/s: open and close N_CONNECT connections (CONNECT_CONCURRENCY at a time) to a startServer. */
async function oursConnects(loop) {
  return loop.runUntilComplete(async () => {
    const server = await startServer(
      async (reader, writer) => {
        await reader.read();
        writer.close();
      },
      { host: '127.0.0.1', port: 0, backlog: 1024 },
    );
    const port = server.addresses()[0][1];
    let left = N_CONNECT;
    const t0 = performance.now();
    const workers = Array.from({ length: CONNECT_CONCURRENCY }, () =>
      loop.createTask(async () => {
        while (left-- > 0) {
          const [reader, writer] = await openConnection({ host: '127.0.0.1', port });
          writer.writeEof();
          await reader.read();
          writer.close();
          await writer.waitClosed();
        }
      }),
    );
    for (const w of workers) await w;
    const rate = N_CONNECT / ((performance.now() - t0) / 1000);
    server.close();
    await server.waitClosed();
    return rate;
  });
}

// --- raw net ------------------------------------------------------------------------------------------------

function listenRaw(onConn) {
  return new Promise((resolve) => {
    const server = net.createServer({ allowHalfOpen: true }, onConn);
    server.listen({ host: '127.0.0.1', port: 0, backlog: 1024 }, () => resolve(server));
  });
}

function rawEchoConn(sock) {
  sock.on('data', (c) => {
    if (!sock.write(c)) {
      sock.pause();
      sock.once('drain', () => sock.resume());
    }
  });
  sock.on('end', () => sock.end());
}

async function rawThroughput() {
  const server = await listenRaw(rawEchoConn);
  const { port } = server.address();
  const t0 = performance.now();
  await Promise.all(
    Array.from(
      { length: CONNS },
      () =>
        new Promise((resolve, reject) => {
          const sock = net.connect({ host: '127.0.0.1', port, allowHalfOpen: true });
          let got = 0;
          sock.on('data', (c) => {
            got += c.length;
          });
          sock.on('end', () => {
            sock.end();
            if (got !== PER_CONN) reject(new Error(`raw echo lost bytes: ${got}`));
            else resolve();
          });
          sock.on('connect', async () => {
            for (let sent = 0; sent < PER_CONN; sent += CHUNK) {
              if (!sock.write(payload)) await new Promise((r) => sock.once('drain', r));
            }
            sock.end();
          });
        }),
    ),
  );
  const seconds = (performance.now() - t0) / 1000;
  await new Promise((r) => server.close(r));
  return (2 * CONNS * PER_CONN) / seconds;
}

async function rawConnects() {
  const server = await listenRaw((sock) => {
    sock.resume();
    sock.on('end', () => sock.end());
  });
  const { port } = server.address();
  let left = N_CONNECT;
  const t0 = performance.now();
  const one = () =>
    new Promise((resolve) => {
      const sock = net.connect({ host: '127.0.0.1', port, allowHalfOpen: true }, () => sock.end());
      sock.resume();
      sock.on('close', resolve);
    });
  await Promise.all(
    Array.from({ length: CONNECT_CONCURRENCY }, async () => {
      while (left-- > 0) await one();
    }),
  );
  const rate = N_CONNECT / ((performance.now() - t0) / 1000);
  await new Promise((r) => server.close(r));
  return rate;
}

// --- run: rounds alternate between raw and ours, median of each -------------------------------------------

async function compare(ours, raw) {
  await ours();
  await raw();
  const a = [];
  const b = [];
  for (let r = 0; r < ROUNDS; r++) {
    b.push(await raw());
    a.push(await ours());
  }
  return { value: median(a), baseline: median(b) };
}

const loop = new EventLoop();
const tp = await compare(
  () => oursThroughput(loop),
  () => rawThroughput(),
);
report({
  name: `stream echo throughput (${CONNS} conns × ${PER_CONN >> 20} MiB, both ways)`,
  value: tp.value / 2 ** 20,
  baseline: tp.baseline / 2 ** 20,
  unit: 'MiB/s',
  higherIsBetter: true,
  goal: '≥ 0.7×',
});
const cps = await compare(
  () => oursConnects(loop),
  () => rawConnects(),
);
report({
  name: `connections per second (open, EOF, close; ${CONNECT_CONCURRENCY} at a time)`,
  value: cps.value,
  baseline: cps.baseline,
  unit: 'conn/s',
  higherIsBetter: true,
});
loop.close();
