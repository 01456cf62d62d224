/**
 * Shared helpers of the ports of CPython's test_events.py over real sockets and processes (not a test file): its
 * protocols (MyBaseProto, MyProto, MyDatagramProto), `test_utils.run_until` and `test_utils.unix_socket_path`
 * (also used by the ports of test_server.py and test_unix_events.py).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventLoop, Future } from '../../src';
import {
  DatagramProtocol,
  type DatagramTransport,
  type InetAddress,
  Protocol,
  type Transport,
} from '../../src/io';
import { hangGuardMs } from '../helpers/hangGuard';

/** Thrown by a protocol callback that finds its protocol in the wrong state (reaches the exception handler). */
export class ProtocolStateError extends Error {
  override readonly name = 'ProtocolStateError';
}

function assertState(state: string, expected: readonly string[]): void {
  if (!expected.includes(state))
    throw new ProtocolStateError(`state: ${state}, expected: ${expected.join(' or ')}`);
}

/** CPython's MyBaseProto: counts the bytes it receives and checks the order of the protocol callbacks. */
export class MyBaseProto extends Protocol {
  transport: Transport | null = null;
  state = 'INITIAL';
  nbytes = 0;
  readonly connected: Future<void> | null;
  readonly done: Future<void> | null;

  constructor(loop?: EventLoop) {
    super();
    this.connected = loop === undefined ? null : loop.createFuture<void>();
    this.done = loop === undefined ? null : loop.createFuture<void>();
  }

  override connectionMade(transport: Transport): void {
    this.transport = transport;
    assertState(this.state, ['INITIAL']);
    this.state = 'CONNECTED';
    this.connected?.setResult();
  }

  override dataReceived(data: Buffer): void {
    assertState(this.state, ['CONNECTED']);
    this.nbytes += data.length;
  }

  override eofReceived(): undefined {
    assertState(this.state, ['CONNECTED']);
    this.state = 'EOF';
    return undefined;
  }

  override connectionLost(_exc: unknown): void {
    assertState(this.state, ['CONNECTED', 'EOF']);
    this.state = 'CLOSED';
    this.done?.setResult();
  }
}

/** CPython's MyProto: MyBaseProto that sends an HTTP request once connected. */
export class MyProto extends MyBaseProto {
  override connectionMade(transport: Transport): void {
    super.connectionMade(transport);
    transport.write('GET / HTTP/1.0\r\nHost: example.com\r\n\r\n');
  }
}

/** CPython's MyDatagramProto: counts the bytes of the datagrams it receives. */
export class MyDatagramProto extends DatagramProtocol {
  transport: DatagramTransport | null = null;
  state = 'INITIAL';
  nbytes = 0;
  readonly done: Future<void> | null;

  constructor(loop?: EventLoop) {
    super();
    this.done = loop === undefined ? null : loop.createFuture<void>();
  }

  override connectionMade(transport: DatagramTransport): void {
    this.transport = transport;
    assertState(this.state, ['INITIAL']);
    this.state = 'INITIALIZED';
  }

  override datagramReceived(data: Buffer, _addr: InetAddress): void {
    assertState(this.state, ['INITIALIZED']);
    this.nbytes += data.length;
  }

  override errorReceived(_exc: unknown): void {
    assertState(this.state, ['INITIALIZED']);
  }

  override connectionLost(_exc: unknown): void {
    assertState(this.state, ['INITIALIZED']);
    this.state = 'CLOSED';
    this.done?.setResult();
  }
}

/**
 * CPython's `test_utils.run_until(loop, pred)`: let the running `loop` work until `pred()` holds. Gives up after a
 * hang guard of real time (scaled by load), failing with `why`; it asserts nothing about time.
 */
export async function runUntil(loop: EventLoop, pred: () => unknown, why: string): Promise<void> {
  const limit = loop.time() + hangGuardMs(30_000);
  while (!pred()) {
    if (loop.time() > limit) throw new Error(`runUntil(): hang guard fired: ${why}`);
    await new Promise<void>((resolve) => loop.callLater(1, resolve));
  }
}

/**
 * CPython's `test_utils.unix_socket_path()`: run `body` with a socket path in a fresh temporary directory, removed
 * afterwards with whatever is left in it.
 */
export async function withSocketDir<T>(body: (path: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'qtasyncio-sock-'));
  try {
    return await body(join(dir, 's.sock'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
