/**
 * StreamReaderProtocol (asyncio's `StreamReaderProtocol` + `FlowControlMixin`): the protocol between a transport
 * and a StreamReader/StreamWriter pair. It feeds the reader, tracks write flow control for `drain()`, and for
 * servers runs the client-connected callback as a Task.
 *
 * @packageDocumentation
 */
import type { Future } from '../futures/future';
import type { EventLoop } from '../loop/eventLoop';
import { FlowControl } from './flowControl';
import { Protocol } from './protocols';
import type { StreamReader } from './streamReader';
import { StreamWriter } from './streamWriter';
import type { Transport } from './transports';

/**
 * The callback of `startServer`: called with each connection's reader and writer; may be async.
 *
 * @example
 * ```ts
 * import { type ClientConnectedCallback } from 'qtasyncio/io';
 * const handle: ClientConnectedCallback = async (reader, writer) => { writer.write(await reader.readLine()); };
 * ```
 */
export type ClientConnectedCallback = (reader: StreamReader, writer: StreamWriter) => unknown;

/**
 * Adapts a transport to a {@link StreamReader} (and, for servers, calls the client-connected callback).
 *
 * @example
 * ```ts
 * import { StreamReader, StreamReaderProtocol, StreamWriter } from 'qtasyncio/io';
 * declare const port: number;
 * const reader = new StreamReader({ loop });
 * const protocol = new StreamReaderProtocol(reader, null, loop);
 * const [transport] = await loop.createConnection(() => protocol, '127.0.0.1', port);
 * const writer = new StreamWriter(transport, protocol, reader, loop);
 * ```
 */
export class StreamReaderProtocol extends Protocol {
  readonly #reader: StreamReader;
  readonly #clientConnected: ClientConnectedCallback | null;
  readonly #loop: EventLoop;
  #transport: Transport | null = null;
  readonly #flow: FlowControl;
  #task: PromiseLike<unknown> | null = null;

  /**
   * @param reader - fed by this protocol.
   * @param clientConnected - server callback or null.
   * @param loop - the loop.
   */
  constructor(reader: StreamReader, clientConnected: ClientConnectedCallback | null, loop: EventLoop) {
    super();
    this.#reader = reader;
    this.#clientConnected = clientConnected;
    this.#loop = loop;
    this.#flow = new FlowControl(loop);
  }

  override connectionMade(transport: Transport): void {
    this.#transport = transport;
    this.#reader.setTransport(transport);
    const cb = this.#clientConnected;
    if (cb === null) return;
    const writer = new StreamWriter(transport, this, this.#reader, this.#loop);
    const task = this.#loop.createTask(() => cb(this.#reader, writer), { name: 'client-connected' });
    this.#task = task;
    task.addDoneCallback((t) => {
      if (t.cancelled()) {
        transport.close();
        return;
      }
      const exception = t.exception();
      if (exception !== undefined) {
        this.#loop.callExceptionHandler({
          message: 'Unhandled exception in client_connected_cb',
          exception,
          transport,
          task,
        });
        transport.close();
      }
    });
  }

  override connectionLost(exc: unknown): void {
    if (exc === null || exc === undefined) this.#reader.feedEof();
    else this.#reader.setException(exc);
    this.#flow.lost(exc);
    this.#transport = null;
  }

  override dataReceived(data: Buffer): void {
    this.#reader.feedData(data);
  }

  override eofReceived(): boolean {
    this.#reader.feedEof();
    // Over TLS, EOF closes the transport (asyncio: SSL does not support half-closed connections).
    return !(this.#transport?.canWriteEof() === false);
  }

  override pauseWriting(): void {
    this.#flow.pause();
  }

  override resumeWriting(): void {
    this.#flow.resume();
  }

  /** @internal Wait until writing may continue (see `StreamWriter.drain`). */
  _drainHelper(): Promise<void> {
    return this.#flow.drain();
  }

  /** @internal The Future done when the connection is lost. */
  _closedFuture(): Future<void> {
    return this.#flow.closed();
  }

  /** @internal After startTls. */
  _replaceTransport(transport: Transport): void {
    this.#transport = transport;
    this.#flow.reset();
  }

  /** @internal The client-connected task (servers). */
  _clientTask(): PromiseLike<unknown> | null {
    return this.#task;
  }
}
