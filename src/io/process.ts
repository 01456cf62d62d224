/**
 * Process (asyncio's `asyncio.subprocess.Process`): a child process with stream pipes — `stdin` a StreamWriter,
 * `stdout`/`stderr` StreamReaders — fed by a SubprocessProtocol, plus `wait()`, `communicate()` and signals.
 *
 * @packageDocumentation
 */
import type { EventLoop } from '../loop/eventLoop';
import { BrokenPipeError, ConnectionResetError } from './errors';
import { FlowControl } from './flowControl';
import { SubprocessProtocol } from './protocols';
import { StreamReader } from './streamReader';
import { StreamWriter } from './streamWriter';
import { type ChildProcessTransport, signalNumber } from './subprocessTransport';
import type { Transport } from './transports';
import { toBuffer } from './validate';

/** @internal Feeds the pipes of a {@link Process} into its streams. */
export class SubprocessStreamProtocol extends SubprocessProtocol {
  readonly flow: FlowControl;
  stdout: StreamReader | null = null;
  stderr: StreamReader | null = null;
  stdin: StreamWriter | null = null;
  constructor(
    readonly loop: EventLoop,
    readonly limit: number | undefined,
  ) {
    super();
    this.flow = new FlowControl(loop);
  }
  /** Set up the streams (called right after spawning, before any data). */
  attach(t: ChildProcessTransport): void {
    const reader = (fd: number): StreamReader | null => {
      const pipe = t.getPipeTransport(fd);
      if (pipe === null) return null;
      const r = new StreamReader(
        this.limit === undefined ? { loop: this.loop } : { loop: this.loop, limit: this.limit },
      );
      r.setTransport(pipe);
      return r;
    };
    this.stdout = reader(1);
    this.stderr = reader(2);
    const stdin: Transport | null = t.getPipeTransport(0);
    if (stdin !== null) {
      const flow = this.flow;
      this.stdin = new StreamWriter(
        stdin,
        { _drainHelper: () => flow.drain(), _closedFuture: () => flow.closed() },
        null,
        this.loop,
      );
    }
  }
  override pipeDataReceived(fd: number, data: Buffer): void {
    (fd === 1 ? this.stdout : this.stderr)?.feedData(data);
  }
  override pipeConnectionLost(fd: number, exc: unknown): void {
    if (fd === 0) {
      this.flow.lost(exc);
      return;
    }
    const r = fd === 1 ? this.stdout : this.stderr;
    if (r === null) return;
    if (exc === null || exc === undefined) r.feedEof();
    else r.setException(exc);
  }
  override pauseWriting(): void {
    this.flow.pause();
  }
  override resumeWriting(): void {
    this.flow.resume();
  }
}

/**
 * A running child process with asyncio's API (made by {@link createSubprocessExec} / {@link createSubprocessShell}).
 *
 * @example
 * ```ts
 * import { createSubprocessExec, PIPE } from 'qtasyncio/io';
 * const proc = await createSubprocessExec('ls', ['-l'], { stdout: PIPE });
 * const [out] = await proc.communicate();
 * console.log(proc.returnCode, out?.toString());
 * ```
 */
export class Process {
  readonly #transport: ChildProcessTransport;
  readonly #protocol: SubprocessStreamProtocol;

  /** @internal */
  constructor(transport: ChildProcessTransport, protocol: SubprocessStreamProtocol) {
    this.#transport = transport;
    this.#protocol = protocol;
  }

  /** The child's stdin writer (`stdin: PIPE`), else `null`. */
  get stdin(): StreamWriter | null {
    return this.#protocol.stdin;
  }

  /** The child's stdout reader (`stdout: PIPE`), else `null`. */
  get stdout(): StreamReader | null {
    return this.#protocol.stdout;
  }

  /** The child's stderr reader (`stderr: PIPE`), else `null`. */
  get stderr(): StreamReader | null {
    return this.#protocol.stderr;
  }

  /** The process id. */
  get pid(): number | undefined {
    return this.#transport.getPid();
  }

  /**
   * `null` while it runs; the exit code, or `-signal` when a signal killed it (`-9` after `kill()`).
   * asyncio: `returncode`.
   */
  get returnCode(): number | null {
    return this.#transport.getReturnCode();
  }

  /**
   * Wait for the child to exit (and its pipes to close); returns the return code. Cancelling the waiting task
   * throws `CancelledError` here and leaves the child running.
   *
   * @example
   * ```ts
   * import { Process } from 'qtasyncio/io';
   * declare const proc: Process;
   * proc.kill();
   * await proc.wait(); // -9
   * ```
   */
  wait(): Promise<number> {
    return this.#transport._wait();
  }

  /**
   * Send `input` to stdin (then close it), read stdout and stderr to EOF, wait for the exit. Resolves with
   * `[stdout, stderr]` (`null` for streams that are not pipes). A child that exits without reading its input
   * does not make it fail (`BrokenPipeError` is ignored, as asyncio).
   *
   * @example
   * ```ts
   * import { createSubprocessExec, PIPE } from 'qtasyncio/io';
   * const proc = await createSubprocessExec('sort', [], { stdin: PIPE, stdout: PIPE });
   * const [out] = await proc.communicate('b\na\n');
   * ```
   */
  async communicate(input?: Uint8Array | string): Promise<[Buffer | null, Buffer | null]> {
    const data = input === undefined ? undefined : toBuffer('Process.communicate', 'input', input);
    const [, out, err] = await Promise.all([
      this.#feedStdin(data),
      this.stdout?.read() ?? null,
      this.stderr?.read() ?? null,
    ]);
    await this.wait();
    return [out, err];
  }

  async #feedStdin(data: Buffer | undefined): Promise<void> {
    const stdin = this.stdin;
    if (stdin === null) return;
    try {
      if (data !== undefined && data.length > 0) {
        stdin.write(data);
        await stdin.drain();
      }
    } catch (e) {
      if (!(e instanceof BrokenPipeError || e instanceof ConnectionResetError)) throw e;
    } finally {
      stdin.close();
    }
  }

  /**
   * Send a signal (`'SIGINT'`, a number…).
   *
   * @throws `ProcessLookupError` if the child already exited; `IoArgumentError` for an unknown signal.
   * @example
   * ```ts
   * import { Process } from 'qtasyncio/io';
   * declare const proc: Process;
   * proc.sendSignal('SIGINT');
   * ```
   */
  sendSignal(signal: NodeJS.Signals | number): void {
    signalNumber('Process.sendSignal', signal);
    this.#transport.sendSignal(signal);
  }

  /**
   * Send SIGTERM.
   *
   * @example
   * ```ts
   * import { Process } from 'qtasyncio/io';
   * declare const proc: Process;
   * proc.terminate();
   * ```
   */
  terminate(): void {
    this.#transport.terminate();
  }

  /**
   * Send SIGKILL.
   *
   * @example
   * ```ts
   * import { Process } from 'qtasyncio/io';
   * declare const proc: Process;
   * proc.kill();
   * ```
   */
  kill(): void {
    this.#transport.kill();
  }

  get [Symbol.toStringTag](): string {
    return 'Process';
  }
}
