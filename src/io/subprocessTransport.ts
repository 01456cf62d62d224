/**
 * The subprocess transport (asyncio's `BaseSubprocessTransport`) on Node's `child_process.spawn`: each pipe is a
 * {@link SocketTransport} whose pipe protocol forwards to the {@link SubprocessProtocol} with its fd. The
 * protocol's `connectionLost` (and `wait()`) come once the child exited and every pipe is closed.
 *
 * @packageDocumentation
 */
import type { ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { constants } from 'node:os';
import { describeValue } from '../core/render';
import type { Future } from '../futures/future';
import type { EventLoop } from '../loop/eventLoop';
import { IoArgumentError, ProcessLookupError } from './errors';
import { fromNodeError } from './nodeErrors';
import { Protocol, type SubprocessProtocol } from './protocols';
import { SocketTransport } from './socketTransport';
import type { ExtraInfoName, SubprocessTransport, Transport } from './transports';

/** Check a signal (name like `'SIGTERM'` or number) and return its number. @internal */
export function signalNumber(fn: string, sig: unknown): number {
  const signals = constants.signals as Record<string, number>;
  if (typeof sig === 'string' && Object.hasOwn(signals, sig)) return signals[sig] as number;
  if (typeof sig === 'number' && Number.isInteger(sig) && Object.values(signals).includes(sig)) return sig;
  throw new IoArgumentError(
    `${fn}(signal): expected a signal name like 'SIGTERM' or its number, got ${describeValue(sig)}`,
  );
}

/** Forwards one pipe's events to the subprocess protocol under its fd. */
class PipeProtocol extends Protocol {
  constructor(
    readonly owner: ChildProcessTransport,
    readonly fd: number,
    readonly realFd: number,
  ) {
    super();
  }
  override dataReceived(data: Buffer): void {
    this.owner._pipeData(this.fd, data);
  }
  override connectionLost(exc: unknown): void {
    this.owner._pipeLost(this.realFd, this.fd, exc);
  }
  override pauseWriting(): void {
    this.owner._protocol.pauseWriting();
  }
  override resumeWriting(): void {
    this.owner._protocol.resumeWriting();
  }
}

/**
 * A {@link SubprocessTransport} on a Node `ChildProcess`. Made by `loop.subprocessExec()` and
 * `createSubprocessExec()`.
 *
 * @example
 * ```ts
 * import { SubprocessProtocol } from 'qtasyncio/io';
 * const [transport, protocol] = await loop.subprocessExec(() => new SubprocessProtocol(), process.execPath, ['-v']);
 * transport.getPid();
 * ```
 */
export class ChildProcessTransport implements SubprocessTransport {
  readonly #loop: EventLoop;
  /** @internal */ _protocol: SubprocessProtocol;
  readonly #child: ChildProcess;
  readonly #pipes = new Map<number, SocketTransport>();
  readonly #open = new Set<number>();
  #returnCode: number | null = null;
  #closed = false;
  #finished = false;
  #done = false;
  /** The first error of the pipes that feed fd 1 (stdout, and stderr when merged into it). */
  #stdoutError: unknown = null;
  #waiters: Future<number>[] = [];
  /**
   * Protocol calls wait here until `connectionMade` ran: the child's events are listened to from its `'spawn'`
   * on (Node does not replay an `'exit'` nobody listened to), but the protocol sees them after it was made.
   * `null` once made.
   */
  #beforeMade: (() => void)[] | null = [];

  /**
   * @internal Made at the child's `'spawn'` event; `connectionMade` runs on the next iteration, then what the child
   * did meanwhile, in order. `merge`: the child's stderr pipe feeds fd 1 (stderr=STDOUT).
   */
  constructor(loop: EventLoop, protocol: SubprocessProtocol, child: ChildProcess, merge: boolean) {
    this.#loop = loop;
    this._protocol = protocol;
    this.#child = child;
    child.on('error', () => {}); // kill() failures are thrown by sendSignal; nothing else is reported here
    const pipes: [number, Socket | null][] = [
      [0, child.stdin as Socket | null],
      [1, child.stdout as Socket | null],
      [2, child.stderr as Socket | null],
    ];
    for (const [fd, sock] of pipes) {
      if (sock === null) continue;
      const as = merge && fd === 2 ? 1 : fd;
      const t = new SocketTransport(loop, sock, new PipeProtocol(this, as, fd), { extra: { pipe: sock } });
      this.#open.add(fd);
      if (!(merge && fd === 2)) this.#pipes.set(fd, t);
      else this.#pipes.set(-2, t);
    }
    child.on('exit', (code, signal) => {
      this.#returnCode = code ?? -(signal === null ? 0 : (constants.signals[signal] ?? 0));
      this.#call(() => this._protocol.processExited());
      this.#tryFinish();
    });
    loop.callSoon(() => {
      const early = this.#beforeMade ?? [];
      this.#beforeMade = null;
      this.#call(() => this._protocol.connectionMade(this));
      for (const fn of early) this.#call(fn);
    });
  }

  #call(fn: () => void): void {
    if (this.#beforeMade !== null) {
      this.#beforeMade.push(fn);
      return;
    }
    try {
      fn();
    } catch (exception) {
      this.#loop.callExceptionHandler({
        message: 'Exception in a SubprocessProtocol callback',
        exception,
        transport: this,
      });
    }
  }

  /** @internal Data from a pipe (fd 1 for a merged stderr). */
  _pipeData(fd: number, data: Buffer): void {
    this.#call(() => this._protocol.pipeDataReceived(fd, data));
  }

  /** @internal A pipe closed; a merged stderr and stdout report one `pipeConnectionLost(1)` when both are. */
  _pipeLost(realFd: number, fd: number, exc: unknown): void {
    this.#open.delete(realFd);
    // Only stdout's own pipes: an error of stdin (a child that closed it early) is not stdout's.
    if (fd === 1) this.#stdoutError ??= exc ?? null;
    const mergedOpen = fd === 1 && (this.#open.has(1) || (this.#pipes.has(-2) && this.#open.has(2)));
    if (!mergedOpen) {
      const e = fd === 1 ? this.#stdoutError : exc;
      this.#call(() => this._protocol.pipeConnectionLost(fd, e ?? null));
    }
    this.#tryFinish();
  }

  #tryFinish(): void {
    if (this.#finished || this.#returnCode === null || this.#open.size > 0) return;
    this.#finished = true;
    this.#loop.callSoon(() => {
      this.#call(() => this._protocol.connectionLost(null));
      this.#call(() => {
        this.#done = true;
        const rc = this.#returnCode as number;
        for (const w of this.#waiters) if (!w.done()) w.setResult(rc);
        this.#waiters = [];
      });
    });
  }

  /** @internal Resolves with the return code once the child exited and its pipes closed. */
  async _wait(): Promise<number> {
    if (this.#done) return this.#returnCode as number;
    const w = this.#loop.createFuture<number>();
    this.#waiters.push(w);
    return await w;
  }

  /**
   * The child's pid.
   *
   * @example
   * ```ts
   * import { type SubprocessTransport } from 'qtasyncio/io';
   * declare const transport: SubprocessTransport;
   * transport.getPid(); // 12345
   * ```
   */
  getPid(): number | undefined {
    return this.#child.pid;
  }

  /**
   * `null` while running; the exit code, or `-signal` when killed by a signal. asyncio: `get_returncode`.
   *
   * @example
   * ```ts
   * import { type SubprocessTransport } from 'qtasyncio/io';
   * declare const transport: SubprocessTransport;
   * transport.getReturnCode(); // -9 after kill()
   * ```
   */
  getReturnCode(): number | null {
    return this.#returnCode;
  }

  /**
   * The transport of pipe `fd` (0, 1, 2), or `null`.
   *
   * @example
   * ```ts
   * import { type SubprocessTransport } from 'qtasyncio/io';
   * declare const transport: SubprocessTransport;
   * transport.getPipeTransport(0)?.write('input');
   * ```
   */
  getPipeTransport(fd: number): Transport | null {
    return this.#pipes.get(fd) ?? null;
  }

  /**
   * Send a signal.
   *
   * @throws {@link ProcessLookupError} if the child already exited; `IoArgumentError` for an unknown signal.
   * @example
   * ```ts
   * import { type SubprocessTransport } from 'qtasyncio/io';
   * declare const transport: SubprocessTransport;
   * transport.sendSignal('SIGINT');
   * ```
   */
  sendSignal(signal: NodeJS.Signals | number): void {
    const n = signalNumber('sendSignal', signal);
    if (this.#returnCode !== null || this.#child.pid === undefined) {
      throw new ProcessLookupError('sendSignal(): the process has already exited', { code: 'ESRCH' });
    }
    try {
      process.kill(this.#child.pid, n);
    } catch (e) {
      throw fromNodeError(e);
    }
  }

  /**
   * Send SIGTERM.
   *
   * @example
   * ```ts
   * import { type SubprocessTransport } from 'qtasyncio/io';
   * declare const transport: SubprocessTransport;
   * transport.terminate();
   * ```
   */
  terminate(): void {
    this.sendSignal('SIGTERM');
  }

  /**
   * Send SIGKILL.
   *
   * @example
   * ```ts
   * import { type SubprocessTransport } from 'qtasyncio/io';
   * declare const transport: SubprocessTransport;
   * transport.kill();
   * ```
   */
  kill(): void {
    this.sendSignal('SIGKILL');
  }

  /**
   * Close the pipes and kill the child if it still runs (asyncio's behaviour). Idempotent.
   *
   * @example
   * ```ts
   * import { type SubprocessTransport } from 'qtasyncio/io';
   * declare const transport: SubprocessTransport;
   * transport.close();
   * ```
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const t of this.#pipes.values()) t.close();
    if (this.#returnCode === null && this.#child.pid !== undefined) {
      try {
        process.kill(this.#child.pid, 'SIGKILL');
      } catch {
        // it exited meanwhile
      }
    }
  }

  /**
   * Whether `close()` was called.
   *
   * @example
   * ```ts
   * import { type SubprocessTransport } from 'qtasyncio/io';
   * declare const transport: SubprocessTransport;
   * transport.isClosing();
   * ```
   */
  isClosing(): boolean {
    return this.#closed;
  }

  /**
   * `'subprocess'` gives the Node ChildProcess.
   *
   * @example
   * ```ts
   * import { type ChildProcess } from 'node:child_process';
   * import { type SubprocessTransport } from 'qtasyncio/io';
   * declare const transport: SubprocessTransport;
   * (transport.getExtraInfo('subprocess') as ChildProcess).pid;
   * ```
   */
  getExtraInfo(name: ExtraInfoName, defaultValue?: unknown): unknown {
    return name === 'subprocess' ? this.#child : defaultValue;
  }

  /**
   * Switch the protocol.
   *
   * @example
   * ```ts
   * import { Protocol, type SubprocessTransport } from 'qtasyncio/io';
   * declare class OtherProtocol extends Protocol {}
   * declare const transport: SubprocessTransport;
   * transport.setProtocol(new OtherProtocol());
   * ```
   */
  setProtocol(protocol: SubprocessProtocol): void {
    this._protocol = protocol;
  }

  /**
   * The current protocol.
   *
   * @example
   * ```ts
   * import { type SubprocessTransport } from 'qtasyncio/io';
   * declare const transport: SubprocessTransport;
   * transport.getProtocol();
   * ```
   */
  getProtocol(): SubprocessProtocol {
    return this._protocol;
  }
}
