/**
 * Reaching into another Node.js process by PID: check it exists and is Node, open its inspector without flags
 * (`process._debugProcess(pid)`, i.e. SIGUSR1), find it on 127.0.0.1, call qtasyncio's hook there through
 * `Runtime.evaluate`, and close the inspector again if it was not open before.
 *
 * @internal
 * @packageDocumentation
 */
import { readFileSync, readlinkSync } from 'node:fs';
import { get } from 'node:http';
import { basename } from 'node:path';
import { ProcessInspectError } from '../errors';
import { MiniWebSocket } from './webSocket';

/** Options of {@link inspectProcess}. */
export interface AttachOptions {
  /** The inspector port of the target (default 9229, Node's; a target started with `--inspect-port=N` uses N). */
  port?: number;
  /** How long to wait for the target's inspector (ms, default 5000). */
  timeoutMs?: number;
}

interface Target {
  title: string;
  webSocketDebuggerUrl?: string;
}

const NODE_BINARIES = /^(node|nodejs|qode|electron)(\d|$|\.)/i;

/** Throw a {@link ProcessInspectError} unless `pid` is a process this user may signal, running Node.js. */
export function checkProcess(pid: number): void {
  try {
    process.kill(pid, 0);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') throw new ProcessInspectError('ENOPROCESS', `no process with id ${pid}`);
    if (code === 'EPERM') {
      throw new ProcessInspectError(
        'EPERM',
        `not permitted to inspect process ${pid} (it belongs to another user)`,
      );
    }
    throw error;
  }
  if (process.platform !== 'linux') return;
  let exe: string;
  try {
    exe = readlinkSync(`/proc/${pid}/exe`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ProcessInspectError('ENOPROCESS', `no process with id ${pid}`);
    }
    throw new ProcessInspectError(
      'EPERM',
      `not permitted to inspect process ${pid}: ${(error as Error).message}`,
    );
  }
  if (!NODE_BINARIES.test(basename(exe))) {
    const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    throw new ProcessInspectError('ENOTNODE', `process ${pid} (${comm}, ${exe}) is not a Node.js process`);
  }
}

/** GET `/json/list` of an inspector port: its targets, `null` when nothing listens, an error when not an inspector. */
function listTargets(port: number): Promise<Target[] | null> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path: '/json/list', timeout: 2000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        try {
          resolve(JSON.parse(body) as Target[]);
        } catch {
          reject(
            new ProcessInspectError(
              'EPORTBUSY',
              `127.0.0.1:${port} is held by something that is not a Node.js inspector`,
            ),
          );
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') resolve(null);
      else
        reject(
          new ProcessInspectError(
            'EPORTBUSY',
            `127.0.0.1:${port} does not answer as a Node.js inspector (${error.message})`,
          ),
        );
    });
  });
}

const sleepMs = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** How long after the last reply the target closes its inspector (the client is gone by then). */
const CLOSE_DELAY_MS = 500;

/** Wait until nothing listens on the inspector port any more (the target closed the inspector we opened). */
async function waitClosed(pid: number, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await listTargets(port).catch(() => null)) === null) return;
    await sleepMs(20);
  }
  process.stderr.write(`qtasyncio: the inspector of process ${pid} is still open on 127.0.0.1:${port}\n`);
}

/** Connect to the (only) target of an inspector port and ask which process it is. */
async function connectTarget(target: Target, timeoutMs: number): Promise<{ session: Session; pid: number }> {
  if (target.webSocketDebuggerUrl === undefined) {
    throw new ProcessInspectError(
      'EPORTBUSY',
      `the inspector target ${target.title} already has a debugger attached`,
    );
  }
  const session = new Session(await MiniWebSocket.open(target.webSocketDebuggerUrl, timeoutMs));
  return { session, pid: Number(await session.evaluate('process.pid')) };
}

function portBusy(pid: number, port: number, holder: number): ProcessInspectError {
  return new ProcessInspectError(
    'EPORTBUSY',
    `cannot open the inspector of process ${pid}: 127.0.0.1:${port} is held by process ${holder}'s inspector (start the app with --inspect-port=N and pass --port N)`,
  );
}

/** Open the target's inspector (unless it is open already) and connect to it. */
async function openInspector(
  pid: number,
  port: number,
  timeoutMs: number,
): Promise<{ session: Session; wasOpen: boolean }> {
  const before = await listTargets(port);
  if (before !== null && before[0] !== undefined) {
    const found = await connectTarget(before[0], timeoutMs);
    if (found.pid === pid) return { session: found.session, wasOpen: true };
    found.session.ws.close();
    throw portBusy(pid, port, found.pid);
  }
  const signal = (): void => (process as unknown as { _debugProcess(pid: number): void })._debugProcess(pid);
  signal();
  const deadline = Date.now() + timeoutMs;
  for (let round = 1; Date.now() < deadline; round++) {
    await sleepMs(50);
    // A signal that arrives while an earlier inspector is still shutting down is lost: send it again.
    if (round % 20 === 0) signal();
    const target = (await listTargets(port))?.[0];
    if (target === undefined) continue;
    const found = await connectTarget(target, timeoutMs);
    if (found.pid === pid) return { session: found.session, wasOpen: false };
    found.session.ws.close();
    throw portBusy(pid, port, found.pid);
  }
  throw new ProcessInspectError(
    'ETIMEOUT',
    `process ${pid} did not open its inspector on 127.0.0.1:${port} within ${timeoutMs} ms (started with another --inspect-port? pass --port N)`,
  );
}

/** A connected inspector session: `evaluate` an expression to a string. */
class Session {
  #next = 1;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  constructor(readonly ws: MiniWebSocket) {
    ws.onMessage = (text) => {
      const msg = JSON.parse(text) as { id?: number; result?: unknown; error?: { message: string } };
      const waiter = msg.id === undefined ? undefined : this.#pending.get(msg.id);
      if (waiter === undefined) return;
      this.#pending.delete(msg.id as number);
      if (msg.error !== undefined) waiter.reject(new ProcessInspectError('EPROTOCOL', msg.error.message));
      else waiter.resolve(msg.result);
    };
    ws.onClose = (error) => {
      for (const w of this.#pending.values()) {
        w.reject(error ?? new ProcessInspectError('EPROTOCOL', 'the inspector closed the connection'));
      }
      this.#pending.clear();
    };
  }

  async evaluate(expression: string): Promise<unknown> {
    const id = this.#next++;
    const reply = new Promise<unknown>((resolve, reject) => this.#pending.set(id, { resolve, reject }));
    this.ws.send(
      JSON.stringify({ id, method: 'Runtime.evaluate', params: { expression, returnByValue: true } }),
    );
    const result = (await reply) as { result: { value?: unknown }; exceptionDetails?: { text: string } };
    if (result.exceptionDetails !== undefined) {
      throw new ProcessInspectError(
        'EPROTOCOL',
        `evaluation failed in the target: ${result.exceptionDetails.text}`,
      );
    }
    return result.result.value;
  }
}

/** Calls qtasyncio's hook in the inspected process with one request (see `src/inspect/processHook.ts`). */
export type HookCall = (request: object) => Promise<unknown>;

/**
 * Attach to process `pid`, run `body` with a function that calls qtasyncio's hook there, then detach (closing the
 * inspector again if this opened it).
 *
 * @throws {@link ProcessInspectError} with the reason (no such process, not Node, no qtasyncio, permission, port,
 *   no such task).
 */
export async function withProcessHook<T>(
  pid: number,
  options: AttachOptions,
  body: (call: HookCall) => Promise<T>,
): Promise<T> {
  const port = options.port ?? 9229;
  const timeoutMs = options.timeoutMs ?? 5000;
  checkProcess(pid);
  const { session, wasOpen } = await openInspector(pid, port, timeoutMs);
  const call: HookCall = async (request) => {
    const hook = `globalThis[Symbol.for('qtasyncio.inspect')]`;
    const text = await session.evaluate(
      `(() => { const h = ${hook}; if (typeof h !== 'function') return JSON.stringify({ missing: true }); return h(${JSON.stringify(JSON.stringify(request))}); })()`,
    );
    const reply = JSON.parse(String(text)) as {
      missing?: true;
      ok?: boolean;
      value?: unknown;
      error?: string;
    };
    if (reply.missing === true) {
      throw new ProcessInspectError(
        'ENOQTASYNCIO',
        `process ${pid} runs Node.js but has not loaded qtasyncio`,
      );
    }
    if (reply.ok !== true) throw new ProcessInspectError('ENOTASK', `process ${pid}: ${reply.error}`);
    return reply.value;
  };
  try {
    return await body(call);
  } finally {
    // Close the inspector again once this connection is gone (it was opened for this call only). Only once it is
    // gone: when the target's `process._debugEnd()` closes the session while this client closes it too, both
    // close frames cross and Node's inspector thread uses the freed connection (SIGSEGV in
    // `WsHandler::OnCloseFrameWritten`, in any Node 20 process, with or without Qt); this connection ends right
    // after the reply, well before the delay.
    if (!wasOpen) {
      await session
        .evaluate(`setTimeout(() => process._debugEnd(), ${CLOSE_DELAY_MS}), 0`)
        .catch((error: Error) => {
          process.stderr.write(
            `qtasyncio: could not close the inspector of process ${pid}: ${error.message}\n`,
          );
        });
    }
    session.ws.close();
    // Return once the inspector is closed: the next command then opens it afresh instead of meeting it closing.
    if (!wasOpen) await waitClosed(pid, port, timeoutMs);
  }
}
