/**
 * Write flow control shared by the stream protocols (asyncio's `FlowControlMixin`): remembers whether the
 * transport asked to pause writing, lets `drain()` wait for `resumeWriting()`, and fails the waits once the
 * connection is lost.
 *
 * @packageDocumentation
 */
import { outsideTasks } from '../core/context';
import { CancelledError } from '../core/errors';
import type { Future } from '../futures/future';
import type { EventLoop } from '../loop/eventLoop';
import { ConnectionResetError } from './errors';

const RESOLVED = Promise.resolve();

/**
 * Fairness: `drain()` with room in the buffer returns at once (asyncio's behaviour), but a writer whose socket
 * always has room (loopback, big kernel buffers) would then never give the event loop a turn, and Qt's events
 * would wait for it. So once drains have run without a loop turn for SLICE_MS, the next one yields one iteration.
 */
const SLICE_MS = 10;
let sliceStart = -1;
const endSlice = (): void => {
  sliceStart = -1;
};

function connectionLost(): ConnectionResetError {
  return new ConnectionResetError('Connection lost', { code: 'ECONNRESET' });
}

/** @internal The state behind `StreamWriter.drain()` and `waitClosed()`. */
export class FlowControl {
  readonly #loop: EventLoop;
  #paused = false;
  #lost = false;
  #lostError: unknown = null;
  #waiters: Future<void>[] = [];
  readonly #closed: Future<void>;

  constructor(loop: EventLoop) {
    this.#loop = loop;
    this.#closed = loop.createFuture<void>();
    // waitClosed() may never be called: its exception must not be reported as never retrieved. (Outside any
    // task: a `then` inside a task would record this Future as what the task awaits.)
    outsideTasks(() => this.#closed.then(undefined, () => {}));
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) if (!w.done()) w.setResult();
  }

  /** Reset after the transport was replaced (startTls). */
  reset(): void {
    this.#paused = false;
  }

  lost(exc: unknown): void {
    this.#lost = true;
    this.#lostError = exc ?? null;
    if (!this.#closed.done()) {
      if (exc === null || exc === undefined) this.#closed.setResult();
      else this.#closed.setException(exc);
    }
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) if (!w.done()) w.setException(exc ?? connectionLost());
  }

  isLost(): boolean {
    return this.#lost;
  }

  drain(): Promise<void> {
    if (this.#lost) return Promise.reject(this.#lostError ?? connectionLost());
    if (!this.#paused) {
      const now = performance.now();
      if (sliceStart < 0) {
        sliceStart = now;
        setImmediate(endSlice);
      } else if (now - sliceStart > SLICE_MS) return this.#yield();
      return RESOLVED;
    }
    return this.#wait();
  }

  /** Resolve on the loop's next iteration (a loop Future, so cancelling the awaiting task works here too). */
  async #yield(): Promise<void> {
    const w = this.#loop.createFuture<void>();
    this.#loop.callSoon(() => {
      if (!w.done()) w.setResult();
    });
    await w;
  }

  async #wait(): Promise<void> {
    const w = this.#loop.createFuture<void>();
    this.#waiters.push(w);
    try {
      await w;
    } catch (e) {
      if (e instanceof CancelledError) this.#waiters = this.#waiters.filter((x) => x !== w);
      throw e;
    }
  }

  closed(): Future<void> {
    return this.#closed;
  }
}
