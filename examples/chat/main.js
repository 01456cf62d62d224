// @ts-check
// A chat over real TCP sockets: a server and clients, messages as streams bound into lists. The server
// is `startServer` (a Task per connection reading lines with `readLine()` / `for await`); a client is
// `openConnection`, whose StreamReader becomes a stream (`from(reader)`) bound into a QListWidget.
//
//   node examples/chat/main.js                       server + two clients (alice, bob) in one process
//   node examples/chat/main.js --server [--port N]   only the server window (port 0: any free port)
//   node examples/chat/main.js --connect PORT [--host 127.0.0.1] [--name NAME]   one client window
//   (any mode) --at X,Y                              where to put the first window
//
// Test hook: under test/e2e/harness.ts (which preloads the hook) `report(event)` prints the process's role,
// what its windows show and where the input and the Send button are; in a plain run it does nothing.

require('qtasyncio/qt'); // before NodeGui: the bridge makes NodeGui run on plain node
const { getRunningLoop, run } = require('qtasyncio');
const { openClient } = require('./client');
const { ChatServer } = require('./server');
const { openServerWindow } = require('./serverWindow');

const HOST = '127.0.0.1';

/** `--key value` options (and bare `--flag`s as `true`). */
function parseArgs(argv) {
  /** @type {Record<string, string | true>} */
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) continue;
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) options[arg.slice(2)] = true;
    else options[arg.slice(2)] = argv[++i] ?? '';
  }
  return options;
}

const items = (list) => Array.from({ length: list.count() }, (_, i) => list.item(i).text());

const describeServer = (ui, port) => ({
  port,
  status: ui.status.text(),
  online: ui.online.text(),
  log: items(ui.list),
});

const describeClient = (ui, name, rect) => ({
  name,
  status: ui.status.text(),
  online: ui.online.text(),
  messages: items(ui.list),
  input: { ...rect(ui.input), text: ui.input.text() },
  send: { ...rect(ui.send), enabled: ui.send.isEnabled() },
});

/** The E2E test hook, present only when test/e2e/harness.ts preloads it: `report(event)` prints a state line. */
function e2eHook(win, describe) {
  return /** @type {any} */ (globalThis).qtasyncioE2E?.attach(win, describe) ?? (() => {});
}

/** The screen area that holds all `rects` (what a screenshot of the whole chat grabs). */
function union(rects) {
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  const width = Math.max(...rects.map((r) => r.x + r.width)) - x;
  const height = Math.max(...rects.map((r) => r.y + r.height)) - y;
  return { x, y, width, height };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const [atX, atY] = String(options.at ?? '20,20')
    .split(',')
    .map(Number);
  const at = { x: atX ?? 20, y: atY ?? 20 };
  const loop = getRunningLoop();
  /** @type {(event: string) => void} */
  let report = () => {};
  const changed = (event) => loop.callSoon(() => report(event));

  if (typeof options.connect === 'string') {
    const name = typeof options.name === 'string' ? options.name : 'guest';
    const host = typeof options.host === 'string' ? options.host : HOST;
    const client = await openClient({ host, port: Number(options.connect), name, onChange: changed });
    client.ui.win.move(at.x, at.y);
    report = e2eHook(client.ui.win, (rect) => ({ role: 'client', ...describeClient(client.ui, name, rect) }));
    changed('shown');
    return;
  }

  const server = new ChatServer();
  const port = await server.listen(HOST, Number(options.port ?? 0));
  const serverUi = openServerWindow(server, HOST, port);
  serverUi.win.move(at.x, at.y);
  server.log$.subscribe(() => changed('log'));
  if (options.server === true) {
    report = e2eHook(serverUi.win, () => ({ role: 'server', ...describeServer(serverUi, port) }));
    changed('listening');
    return;
  }

  // All in one process: the server and two clients share this loop (and talk over loopback sockets).
  const clients = [];
  for (const [i, name] of ['alice', 'bob'].entries()) {
    const client = await openClient({ host: HOST, port, name, onChange: changed });
    client.ui.win.move(at.x + 490 * (i + 1), at.y);
    clients.push({ name, client });
  }
  report = e2eHook(serverUi.win, (rect) => ({
    role: 'all',
    area: union([serverUi.win, ...clients.map((c) => c.client.ui.win)].map(rect)),
    server: describeServer(serverUi, port),
    clients: clients.map((c) => describeClient(c.client.ui, c.name, rect)),
  }));
  changed('listening');
}

// keepRunning (the default): the loop, and the app, live until the last window is closed.
run(main, { handleSigint: true });
