/**
 * The shared end-to-end harness: runs an example as a real `node` process on its own real X11 server (Xvfb),
 * drives it with `xdotool` like a person (pointer moves and clicks, key presses, typing) and reads what the app
 * shows through the app's own test hook.
 *
 * ## The test-hook protocol
 * - stdout: one line `STATE {json}` per change worth asserting on. The JSON object has `event` (a string such as
 *   `"shown"`, `"clicked"`, `"results"`) and `window` (its global {@link Rect}), plus whatever the app shows:
 *   widget texts, and the global {@link Rect} of each widget a test clicks or types into (e.g. `trigger: {x, y,
 *   width, height, text}`). Read the values from the widgets themselves (`label.text()`), not from the model.
 * - stdin, one command a line: `state` (print a `STATE` line with event `"state"`), `screenshot PATH [x y width
 *   height]` (grab the window's area, or that one, of the X server's root window — what the server really shows,
 *   dialogs included — save it as PNG, then print a `STATE` line with event `"screenshot"`, `path` and `saved`),
 *   `quit` (`QApplication.instance().exit(0)`).
 *
 * The harness implements both halves: it preloads `test/e2e/harness-hook.js` into the app (`node -r`, with
 * `QTASYNCIO_E2E=1`), so an example only names what it shows and when (a plain run has no hook and prints
 * nothing):
 * ```js
 * const report = globalThis.qtasyncioE2E?.attach(win, (rect) => ({ text: label.text(), trigger: rect(button) }))
 *   ?? (() => {});
 * report('answered');
 * ```
 * An app may also implement the protocol itself (its own stdin reader) and not call `attach`.
 *
 * ## A test
 * ```ts
 * const app = await launchExample('minimal', { title: 'qtasyncio minimal' });
 * try {
 *   const shown = await app.waitForState((s) => s.event === 'shown');
 *   await app.click(shown.trigger as Rect);
 *   await app.waitForState((s) => s.event === 'answered');
 *   await app.screenshot('minimal');           // test-output/e2e/minimal.png, checked not blank
 *   expect((await app.quit()).code).toBe(0);
 * } finally {
 *   await app.dispose();                       // kills the app if still running, stops Xvfb
 * }
 * ```
 * No wall-clock asserts: every wait has a generous limit that only turns a hang into a failure.
 *
 * With `QTASYNCIO_SCREENSHOTS=DIR` in the environment, {@link E2EApp.screenshot} also copies each screenshot to
 * `DIR/NAME.png` (that is how `npm run screenshots` refreshes docs/screenshots/).
 *
 * @packageDocumentation
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HangGuardError, hangGuardMs } from '../helpers/hangGuard';
import { type DecodedPng, decodePng, distinctColours } from '../helpers/png';
import { DEFAULT_KILL_AFTER_MS, ROOT, type RunResult } from '../qt/run-fixture';

/** A rectangle in global (screen) coordinates, as the test hook reports widgets. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One `STATE {json}` line of the app. */
export interface AppState {
  event: string;
  window?: Rect;
  [key: string]: unknown;
}

/** A running Xvfb server. */
export interface XServer {
  /** The `DISPLAY` value, e.g. `:99`. */
  readonly display: string;
  /** Stops the server (idempotent). */
  stop(): Promise<void>;
}

/** The app side of the protocol, preloaded into every app {@link launch} starts. */
export const HOOK = join(__dirname, 'harness-hook.js');

/** Where the harness writes screenshots and logs. */
export const E2E_OUTPUT = join(ROOT, 'test-output', 'e2e');

/**
 * Starts `Xvfb` on a free display (Xvfb picks it and reports it through `-displayfd`, so parallel tests never
 * collide).
 *
 * @example
 * ```ts
 * const x = await startXvfb('800x600x24');
 * try { … DISPLAY: x.display … } finally { await x.stop(); }
 * ```
 */
export function startXvfb(screen = '1024x768x24', startTimeoutMs = hangGuardMs(15_000)): Promise<XServer> {
  return new Promise((resolvePromise, reject) => {
    const server = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', screen, '-nolisten', 'tcp'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    server.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const fail = (why: string): void => {
      clearTimeout(timer);
      server.kill('SIGKILL');
      reject(new Error(`startXvfb(): ${why}\n${stderr}`));
    };
    const timer = setTimeout(() => fail(`no display number within ${startTimeoutMs} ms`), startTimeoutMs);
    server.on('error', (e) => fail(e.message));
    let fdOut = '';
    const fd3 = server.stdio[3] as NodeJS.ReadableStream;
    fd3.setEncoding('utf8');
    fd3.on('data', (chunk: string) => {
      fdOut += chunk;
      if (!fdOut.includes('\n')) return;
      clearTimeout(timer);
      const display = `:${fdOut.trim()}`;
      const exited = new Promise<void>((r) => server.once('exit', () => r()));
      let stopped: Promise<void> | null = null;
      resolvePromise({
        display,
        stop: () => {
          if (stopped === null) {
            if (server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
            stopped = exited;
          }
          return stopped;
        },
      });
    });
  });
}

/** Options of {@link launchExample} and {@link launch}. */
export interface LaunchOptions {
  /** The window title to wait for (`xdotool search --sync --onlyvisible --name`); omit to not wait. */
  title?: string;
  /** Extra arguments for the program. */
  args?: readonly string[];
  /** Extra environment (on top of `QTASYNCIO_E2E=1`, `DISPLAY` and the test's own environment). */
  env?: NodeJS.ProcessEnv;
  /** Xvfb's screen, `WxHxDEPTH` (default `1024x768x24`). */
  screen?: string;
  /**
   * Kill the app after this many ms, scaled by the machine's load (default 30 000): a hang fails the test with
   * "killed after N ms by the hang guard" and the app's output (not a timing assertion).
   */
  killAfterMs?: number;
}

/** Runs `xdotool args…` on `display`; resolves with its stdout. */
export function xdotool(
  display: string,
  args: readonly string[],
  timeoutMs = hangGuardMs(15_000),
): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      'xdotool',
      [...args],
      { env: { ...process.env, DISPLAY: display }, timeout: timeoutMs },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`xdotool ${args.join(' ')}: ${error.message}\n${stderr}`));
        else resolvePromise(stdout);
      },
    );
  });
}

/** The centre of a rectangle, rounded to whole pixels. */
export function centre(rect: Rect): { x: number; y: number } {
  return { x: Math.round(rect.x + rect.width / 2), y: Math.round(rect.y + rect.height / 2) };
}

/** A running example on its own X server; see the module comment for the protocol. */
export class E2EApp {
  /** Every `STATE` line so far, parsed, in order. */
  readonly states: AppState[] = [];
  /**
   * Resolves when the app has exited; rejects with {@link HangGuardError} ("killed after N ms by the hang
   * guard", with the app's output) when the hang guard killed it.
   */
  readonly exited: Promise<RunResult>;
  #stdout = '';
  #stderr = '';
  #waiters = new Set<() => void>();
  readonly #child: ChildProcess;
  readonly #x: XServer;

  /** @internal Use {@link launch} or {@link launchExample}. */
  constructor(child: ChildProcess, x: XServer, killAfterMs: number) {
    this.#child = child;
    this.#x = x;
    const guardMs = hangGuardMs(killAfterMs);
    let guardFired = false;
    const killer = setTimeout(() => {
      guardFired = true;
      child.kill('SIGKILL');
    }, guardMs);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      const start = this.#stdout.lastIndexOf('\n') + 1;
      this.#stdout += chunk;
      const complete = this.#stdout.slice(start, this.#stdout.lastIndexOf('\n') + 1);
      for (const line of complete.split('\n')) {
        if (!line.startsWith('STATE ')) continue;
        try {
          this.states.push(JSON.parse(line.slice(6)) as AppState);
        } catch {
          this.states.push({ event: 'malformed', line }); // visible in a failure's output, never thrown here
        }
      }
      for (const wake of this.#waiters) wake();
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.#stderr += chunk;
    });
    this.exited = new Promise((resolvePromise, reject) => {
      child.on('close', (code, signal) => {
        clearTimeout(killer);
        for (const wake of this.#waiters) wake();
        const output = { stdout: this.#stdout, stderr: this.#stderr };
        if (guardFired) reject(new HangGuardError(`the app ${child.spawnargs.join(' ')}`, guardMs, output));
        else resolvePromise({ code, signal, ...output });
      });
    });
    this.exited.catch(() => {}); // the rejection reaches whoever awaits `exited` (dispose() does, always)
  }

  /** The X display the app runs on. */
  get display(): string {
    return this.#x.display;
  }

  /** Everything the app printed so far. */
  get output(): { stdout: string; stderr: string } {
    return { stdout: this.#stdout, stderr: this.#stderr };
  }

  /** The last `STATE` line so far. */
  get lastState(): AppState | undefined {
    return this.states.at(-1);
  }

  /**
   * Resolves with the first `STATE` (from index `from` on, default: all so far) that matches; rejects when the
   * app exits first or after `timeoutMs` (a hang guard, default 15 000 ms).
   */
  waitForState(
    predicate: (state: AppState) => boolean,
    options: { from?: number; timeoutMs?: number; what?: string } = {},
  ): Promise<AppState> {
    const { from = 0, timeoutMs = hangGuardMs(15_000), what = predicate.toString() } = options;
    return new Promise((resolvePromise, reject) => {
      let done = false;
      const check = (): void => {
        if (done) return;
        const found = this.states.slice(from).find(predicate);
        const exited = this.#child.exitCode !== null || this.#child.signalCode !== null;
        if (found === undefined && !exited) return;
        done = true;
        clearTimeout(timer);
        this.#waiters.delete(check);
        if (found !== undefined) resolvePromise(found);
        else reject(new Error(`the app exited before a STATE matching ${what}\n${this.#describe()}`));
      };
      const timer = setTimeout(() => {
        done = true;
        this.#waiters.delete(check);
        reject(new Error(`no STATE matching ${what} within ${timeoutMs} ms\n${this.#describe()}`));
      }, timeoutMs);
      this.#waiters.add(check);
      check();
    });
  }

  /** Sends one command line (`state`, `screenshot PATH`, `quit`, or one the app defines) on the app's stdin. */
  send(command: string): void {
    this.#child.stdin?.write(`${command}\n`);
  }

  /** Asks the app for its current state (`state` command) and resolves with the reply. */
  async state(): Promise<AppState> {
    const from = this.states.length;
    this.send('state');
    return this.waitForState((s) => s.event === 'state', { from, what: 'event "state"' });
  }

  /** Runs `xdotool args…` on the app's display. */
  xdotool(...args: string[]): Promise<string> {
    return xdotool(this.display, args);
  }

  /** Moves the pointer to the centre of `target` (or to the point) and clicks the left button. */
  async click(target: Rect | { x: number; y: number }): Promise<void> {
    const { x, y } = 'width' in target ? centre(target) : target;
    await this.xdotool('mousemove', '--sync', String(x), String(y), 'click', '1');
  }

  /** Types `text` with the keyboard into the focused widget (`delayMs` between keys, default 40). */
  async type(text: string, delayMs = 40): Promise<void> {
    await this.xdotool('type', '--delay', String(delayMs), '--', text);
  }

  /** Presses keys, e.g. `key('ctrl+a', 'BackSpace')`. */
  async key(...keys: string[]): Promise<void> {
    await this.xdotool('key', '--delay', '40', ...keys);
  }

  /**
   * Has the app grab its window from the X server (`screenshot` command), saves it as
   * `test-output/e2e/NAME.png` (and `$QTASYNCIO_SCREENSHOTS/NAME.png` when set), decodes it and checks that it
   * is not blank (more than `minColours` distinct colours, default 20).
   */
  async screenshot(name: string, minColours = 20): Promise<DecodedPng & { path: string }> {
    mkdirSync(E2E_OUTPUT, { recursive: true });
    const path = join(E2E_OUTPUT, `${name}.png`);
    rmSync(path, { force: true });
    const from = this.states.length;
    this.send(`screenshot ${path}`);
    const reply = await this.waitForState((s) => s.event === 'screenshot', { from, what: 'a screenshot' });
    if (reply.saved !== true) throw new Error(`the app could not save ${path}`);
    const png = decodePng(path);
    const colours = distinctColours(png);
    if (colours <= minColours) throw new Error(`${path} looks blank: ${colours} distinct colours`);
    const docs = process.env.QTASYNCIO_SCREENSHOTS;
    if (docs) {
      mkdirSync(resolve(ROOT, docs), { recursive: true });
      copyFileSync(path, join(resolve(ROOT, docs), `${name}.png`));
    }
    return { ...png, path };
  }

  /** Sends `quit` and resolves when the app exited. */
  quit(): Promise<RunResult> {
    this.send('quit');
    return this.exited;
  }

  /** Kills the app if it still runs, then stops the X server (idempotent; call it in `finally`). */
  async dispose(): Promise<RunResult> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGKILL');
    try {
      return await this.exited;
    } finally {
      await this.#x.stop();
    }
  }

  #describe(): string {
    return `stdout:\n${this.#stdout.slice(-4000)}\nstderr:\n${this.#stderr.slice(-4000)}`;
  }
}

/**
 * Starts Xvfb, then `node script args…` on it with `QTASYNCIO_E2E=1`, and (with `title`) waits until the X server
 * shows a window of that name.
 *
 * @example
 * ```ts
 * const app = await launch('test/fixtures/qt/my-app.js', { title: 'My app' });
 * ```
 */
export async function launch(script: string, options: LaunchOptions = {}): Promise<E2EApp> {
  const x = await startXvfb(options.screen);
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, DISPLAY: x.display, QTASYNCIO_E2E: '1' };
  delete env.QT_QPA_PLATFORM; // the real xcb platform on our X server
  delete env.NODE_OPTIONS;
  delete env.WAYLAND_DISPLAY;
  const child = spawn(process.execPath, ['-r', HOOK, resolve(ROOT, script), ...(options.args ?? [])], {
    cwd: ROOT,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const app = new E2EApp(child, x, options.killAfterMs ?? DEFAULT_KILL_AFTER_MS);
  if (options.title !== undefined) {
    try {
      await Promise.race([
        app.xdotool('search', '--sync', '--onlyvisible', '--name', options.title),
        app.exited.then((r) => {
          throw new Error(`the app exited (code ${r.code}) before showing "${options.title}"\n${r.stderr}`);
        }),
      ]);
    } catch (e) {
      await app.dispose();
      throw e;
    }
  }
  return app;
}

/** {@link launch} for `examples/NAME/main.js`. */
export function launchExample(name: string, options: LaunchOptions = {}): Promise<E2EApp> {
  return launch(join('examples', name, 'main.js'), options);
}
