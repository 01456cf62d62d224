/**
 * Write-side flow control of a socket transport (asyncio's `_maybe_pause_protocol` / `_maybe_resume_protocol`) on
 * Node's `writableLength`: pause the protocol above the high mark, resume at or under the low mark, checked after
 * each write and on each write callback. Every write has a callback, in write order, so the bytes not yet
 * confirmed are known: when a write fails (Node then empties its buffer), the size stays at the bytes that were
 * lost instead of dropping to 0 as if they had been flushed, and the error goes to the transport.
 *
 * @packageDocumentation
 */
import type { Socket } from 'node:net';
import { checkWaterMarks } from './validate';

const DEFAULT_HIGH = 64 * 1024;

/** @internal */
export class WriteFlow {
  #high = DEFAULT_HIGH;
  #low = DEFAULT_HIGH / 4;
  #paused = false;
  /** Lengths of the writes whose callback has not come yet, oldest first (from `#head`). */
  #lengths: number[] = [];
  #head = 0;
  #unflushed = 0;
  #failed = false;
  #detached = false;
  /** The write callback: Node calls it in write order (on success) or with the error that lost the bytes. */
  readonly #onWritten = (error?: Error | null): void => {
    if (this.#detached || this.#failed) return;
    if (error !== null && error !== undefined) {
      this.#failed = true;
      this.onError(error);
      return;
    }
    this.#unflushed -= this.#lengths[this.#head] ?? 0;
    this.#head++;
    if (this.#head === this.#lengths.length) {
      this.#lengths = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#lengths.length) {
      this.#lengths = this.#lengths.slice(this.#head);
      this.#head = 0;
    }
    this.maybeResume();
  };

  constructor(
    private readonly sock: Socket,
    private readonly pause: () => void,
    private readonly resume: () => void,
    /** Called once, with the first error a write callback reports (the bytes did not reach the OS). */
    private readonly onError: (error: Error) => void,
  ) {}

  /** Write `buf`, then pause the protocol if the buffer went over the high mark. */
  write(buf: Buffer): void {
    this.#lengths.push(buf.length);
    this.#unflushed += buf.length;
    this.sock.write(buf, this.#onWritten);
    this.maybePause();
  }

  /** Bytes buffered, not yet handed to the OS (after a failure: the bytes that were lost). */
  size(): number {
    return this.#failed ? this.#unflushed : this.sock.writableLength;
  }

  maybePause(): void {
    if (!this.#paused && !this.#failed && this.sock.writableLength > this.#high) {
      this.#paused = true;
      this.pause();
    }
  }

  maybeResume(): void {
    if (this.#paused && !this.#failed && this.sock.writableLength <= this.#low) {
      this.#paused = false;
      this.resume();
    }
  }

  /** Stop reporting (the socket was handed over to another transport). */
  detach(): void {
    this.#detached = true;
  }

  limits(): [low: number, high: number] {
    return [this.#low, this.#high];
  }

  setLimits(high: unknown, low: unknown): void {
    [this.#low, this.#high] = checkWaterMarks('Transport.setWriteBufferLimits', high, low, DEFAULT_HIGH);
    this.maybePause();
    this.maybeResume();
  }
}
