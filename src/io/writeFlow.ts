/**
 * Write-side flow control of a socket transport (asyncio's `_maybe_pause_protocol` / `_maybe_resume_protocol`)
 * on Node's `writableLength`: pause the protocol above the high mark, resume at or under the low mark, checked
 * after each write, on write callbacks while over the mark, and on `'drain'`.
 *
 * @internal
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
  /** Pass as the write callback / `'drain'` listener. */
  readonly onFlushed = (): void => this.maybeResume();

  constructor(
    private readonly sock: Socket,
    private readonly pause: () => void,
    private readonly resume: () => void,
  ) {}

  /** Write `buf`, then pause the protocol if the buffer went over the high mark. */
  write(buf: Buffer): void {
    const sock = this.sock;
    if (this.#paused || sock.writableLength + buf.length > this.#high) sock.write(buf, this.onFlushed);
    else sock.write(buf);
    this.maybePause();
  }

  maybePause(): void {
    if (!this.#paused && this.sock.writableLength > this.#high) {
      this.#paused = true;
      this.pause();
    }
  }

  maybeResume(): void {
    if (this.#paused && this.sock.writableLength <= this.#low) {
      this.#paused = false;
      this.resume();
    }
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
