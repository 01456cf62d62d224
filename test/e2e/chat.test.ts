// The `chat` example as three real processes on one real X11 server: a server (`startServer` on 127.0.0.1,
// port 0) and two clients (`openConnection` to the port it reported). xdotool types into one client's input
// like a person; the test asserts that the line shows up in the other client's message list (a QListWidget
// bound to the stream of the socket's lines), and in the server's log.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodePng, distinctColours } from '../helpers/png';
import { CRASH_PATTERN, ROOT } from '../qt/run-fixture';
import {
  type AppState,
  E2E_OUTPUT,
  E2EApp,
  HOOK,
  launchExample,
  type Rect,
  startXvfb,
  type XServer,
} from './harness';

/** What a client window shows. */
interface ClientFields {
  name: string;
  status: string;
  online: string;
  messages: string[];
  input: Rect & { text: string };
  send: Rect & { enabled: boolean };
}

interface ClientView extends AppState, ClientFields {
  role: 'client';
}

/** What the server window shows. */
interface ServerFields {
  port: number;
  status: string;
  online: string;
  log: string[];
}

interface ServerView extends AppState, ServerFields {
  role: 'server';
}

const SCRIPT = join(ROOT, 'examples', 'chat', 'main.js');

/**
 * Local helper (the shared harness starts one X server per app): runs `node -r HOOK examples/chat/main.js
 * args…` on the shared X server `x` (as the harness's `launch` does), waits until it shows a window titled `title`. Disposing the app leaves `x` running.
 */
async function launchOn(x: XServer, args: string[], title: string): Promise<E2EApp> {
  const env: NodeJS.ProcessEnv = { ...process.env, DISPLAY: x.display, QTASYNCIO_E2E: '1' };
  delete env.QT_QPA_PLATFORM;
  delete env.NODE_OPTIONS;
  delete env.WAYLAND_DISPLAY;
  const child = spawn(process.execPath, ['-r', HOOK, SCRIPT, ...args], {
    cwd: ROOT,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const app = new E2EApp(child, { display: x.display, stop: async () => {} }, 30_000);
  await Promise.race([
    app.xdotool('search', '--sync', '--onlyvisible', '--name', title),
    app.exited.then((r) => {
      throw new Error(`${args.join(' ')} exited (code ${r.code}) before showing "${title}"\n${r.stderr}`);
    }),
  ]);
  return app;
}

/**
 * Local helper: a screenshot of a screen area (the three windows) grabbed from the X server by one app, saved
 * as test-output/e2e/NAME.png (and $QTASYNCIO_SCREENSHOTS/NAME.png), checked not blank.
 */
async function screenshotArea(app: E2EApp, name: string, area: Rect) {
  mkdirSync(E2E_OUTPUT, { recursive: true });
  const path = join(E2E_OUTPUT, `${name}.png`);
  rmSync(path, { force: true });
  const from = app.states.length;
  app.send(`screenshot ${path} ${area.x} ${area.y} ${area.width} ${area.height}`);
  const reply = await app.waitForState((s) => s.event === 'screenshot', { from, what: 'a screenshot' });
  expect(reply.saved).toBe(true);
  const png = decodePng(path);
  const docs = process.env.QTASYNCIO_SCREENSHOTS;
  if (docs) {
    mkdirSync(resolve(ROOT, docs), { recursive: true });
    copyFileSync(path, join(resolve(ROOT, docs), `${name}.png`));
  }
  return { ...png, colours: distinctColours(png) };
}

/** Asks for the state until `predicate` holds (a hang guard only: the harness times each wait out). */
async function pollState(app: E2EApp, predicate: (s: ClientView) => boolean): Promise<ClientView> {
  for (;;) {
    const s = (await app.state()) as ClientView;
    if (predicate(s)) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const has =
  (line: string) =>
  (s: AppState): boolean =>
    ((s as ClientView).messages ?? (s as ServerView).log ?? []).includes(line);

test('chat: a server and two client processes; a line typed in one client shows up in the other', async () => {
  const x = await startXvfb('1600x900x24');
  const apps: E2EApp[] = [];
  try {
    const server = await launchOn(x, ['--server', '--port', '0', '--at', '20,20'], 'qtasyncio chat server');
    apps.push(server);
    const listening = (await server.waitForState((s) => s.event === 'listening')) as ServerView;
    expect(listening.port).toBeGreaterThan(0);
    expect(listening.status).toBe(`Server listening on 127.0.0.1:${listening.port}`);
    const port = String(listening.port);

    const alice = await launchOn(x, ['--connect', port, '--name', 'alice', '--at', '510,20'], 'chat — alice');
    apps.push(alice);
    await alice.waitForState((s) => s.event === 'connected', { what: 'alice connected' });
    const bob = await launchOn(x, ['--connect', port, '--name', 'bob', '--at', '1000,20'], 'chat — bob');
    apps.push(bob);
    await bob.waitForState((s) => s.event === 'connected', { what: 'bob connected' });
    const aliceReady = (await alice.waitForState((s) => (s as ClientView).online === 'Online: alice, bob', {
      what: 'alice sees bob online',
    })) as ClientView;
    expect(aliceReady.status).toBe(`connected to 127.0.0.1:${port} as alice`);
    expect(aliceReady.messages).toEqual(['→ alice joined', '→ bob joined']);
    expect(aliceReady.send.enabled).toBe(false); // nothing typed yet

    // alice types a line and clicks Send; bob's list shows it (relayed by the server process).
    const hello = 'Hello Bob, this came over a real socket!';
    await alice.click(aliceReady.input);
    await alice.type(hello);
    const typed = await pollState(alice, (s) => s.input.text === hello);
    expect(typed.input.text).toBe(hello);
    expect(typed.send.enabled).toBe(true);
    await alice.click(typed.send);
    const bobGot = (await bob.waitForState(has(`alice: ${hello}`), {
      what: 'bob got alice’s line',
    })) as ClientView;
    expect(bobGot.messages.at(-1)).toBe(`alice: ${hello}`);
    const aliceGot = (await alice.waitForState(has(`alice: ${hello}`), {
      what: 'alice’s echo',
    })) as ClientView;
    expect(aliceGot.input.text).toBe(''); // cleared after sending
    await server.waitForState(has(`alice: ${hello}`), { what: 'the server log' });

    // bob answers with the Return key.
    const reply = 'Hi Alice, got it.';
    await bob.click(bobGot.input);
    await bob.type(reply);
    await bob.key('Return');
    await alice.waitForState(has(`bob: ${reply}`), { what: 'alice got bob’s answer' });

    // One picture of the three windows (each process reports its own window's place on screen).
    const windows = [server, alice, bob].map((app) => app.lastState?.window as Rect);
    const area = {
      x: Math.min(...windows.map((w) => w.x)),
      y: Math.min(...windows.map((w) => w.y)),
      width: Math.max(...windows.map((w) => w.x + w.width)) - Math.min(...windows.map((w) => w.x)),
      height: Math.max(...windows.map((w) => w.y + w.height)) - Math.min(...windows.map((w) => w.y)),
    };
    const png = await screenshotArea(server, 'chat', area);
    expect(png.width).toBe(area.width);
    expect(png.colours).toBeGreaterThan(20);

    // bob quits: the server's Task for his connection ends, alice sees him leave.
    const bobExit = await bob.quit();
    expect(bobExit.code).toBe(0);
    expect(bobExit.stderr).not.toMatch(CRASH_PATTERN);
    const left = (await alice.waitForState(
      (s) => has('← bob left')(s) && (s as ClientView).online === 'Online: alice',
      { what: 'bob left' },
    )) as ClientView;
    expect(left.messages.at(-1)).toBe('← bob left');
    // The server quits: alice's stream of lines ends (EOF), her window says so and stops sending.
    const serverExit = await server.quit();
    expect(serverExit.code).toBe(0);
    expect(serverExit.stderr).not.toMatch(CRASH_PATTERN);
    const alone = (await alice.waitForState((s) => s.event === 'disconnected', {
      what: 'alice disconnected',
    })) as ClientView;
    expect(alone.status).toBe('disconnected: the server closed the connection');
    expect(alone.online).toBe('Offline');
    expect(alone.send.enabled).toBe(false);
    const aliceExit = await alice.quit();
    expect(aliceExit.code).toBe(0);
    expect(aliceExit.stderr).not.toMatch(CRASH_PATTERN);
  } finally {
    for (const app of apps) await app.dispose();
    await x.stop();
  }
});

interface AllInOne extends AppState {
  /** The screen area of all three windows. */
  area: Rect;
  server: ServerFields;
  clients: ClientFields[];
}

test('chat without arguments: server and two clients in one process (one loop), talking over loopback', async () => {
  const app = await launchExample('chat', { title: 'chat — bob', screen: '1600x900x24' });
  try {
    const ready = (await app.waitForState(
      (s) => (s as AllInOne).clients?.every((c) => c.online === 'Online: alice, bob') === true,
      { what: 'both clients online' },
    )) as AllInOne;
    expect(ready.server.status).toBe(`Server listening on 127.0.0.1:${ready.server.port}`);
    const [alice, bob] = ready.clients as [ClientFields, ClientFields];
    await app.click(bob.input);
    await app.type('one loop serves them all');
    await app.key('Return');
    const got = (await app.waitForState(
      (s) => (s as AllInOne).clients?.[0]?.messages.includes('bob: one loop serves them all') === true,
      { what: 'alice got bob’s line' },
    )) as AllInOne;
    expect(got.server.log.at(-1)).toBe('bob: one loop serves them all');
    expect(alice.name).toBe('alice');
    const png = await screenshotArea(app, 'chat-one-process', got.area);
    expect(png.width).toBe(got.area.width);
    expect(png.colours).toBeGreaterThan(20);
    const result = await app.quit();
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(CRASH_PATTERN);
  } finally {
    await app.dispose();
  }
});
