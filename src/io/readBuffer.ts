/**
 * The bytes a {@link StreamReader} holds (asyncio's `StreamReader._buffer`) and the back-pressure they put on
 * the transport (asyncio's `_paused` / `_maybe_resume_transport`): the transport is paused when more than
 * `2 × limit` bytes are buffered and resumed once reads bring them to `limit` or less, or when a reader waits.
 * The bytes are kept as the chunks that came, joined only when a search (`readUntil`) needs them contiguous.
 *
 * @packageDocumentation
 */
import type { ReadTransport } from './transports';

/** @internal An empty Buffer, shared. */
export const EMPTY = Buffer.alloc(0);

/** @internal */
export class ReadBuffer {
  readonly #limit: number;
  #chunks: Buffer[] = [];
  #size = 0;
  #transport: ReadTransport | null = null;
  #paused = false;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** The bytes buffered. */
  get size(): number {
    return this.#size;
  }

  /** The transport to pause and resume, or `null`. */
  get transport(): ReadTransport | null {
    return this.#transport;
  }

  /** Pause and resume `transport` from now on. */
  setTransport(transport: ReadTransport): void {
    this.#transport = transport;
  }

  /** Pause and resume `transport` instead (after startTls): it is not paused. */
  replaceTransport(transport: ReadTransport): void {
    this.#transport = transport;
    this.#paused = false;
  }

  /** Append `buf` (not empty). */
  push(buf: Buffer): void {
    this.#chunks.push(buf);
    this.#size += buf.length;
  }

  /** Pause the transport if more than `2 × limit` bytes are buffered. */
  maybePause(): void {
    const t = this.#transport;
    if (t !== null && !this.#paused && this.#size > 2 * this.#limit) {
      this.#paused = true;
      t.pauseReading();
    }
  }

  /** Resume the transport if it was paused (a reader waits for more: asyncio's `_wait_for_data`). */
  resume(): void {
    if (this.#paused) {
      this.#paused = false;
      this.#transport?.resumeReading();
    }
  }

  /** Remove and return the first `n` bytes (n ≤ size); resume the transport once `limit` or less are left. */
  take(n: number): Buffer {
    if (n === 0) return EMPTY;
    const chunks = this.#chunks;
    const first = chunks[0] as Buffer;
    let out: Buffer;
    if (first.length > n) {
      out = first.subarray(0, n);
      chunks[0] = first.subarray(n);
    } else if (first.length === n) {
      out = first;
      chunks.shift();
    } else {
      out = Buffer.allocUnsafe(n);
      let off = 0;
      while (off < n) {
        const c = chunks[0] as Buffer;
        const k = Math.min(c.length, n - off);
        c.copy(out, off, 0, k);
        off += k;
        if (k === c.length) chunks.shift();
        else chunks[0] = c.subarray(k);
      }
    }
    this.#size -= n;
    if (this.#size <= this.#limit) this.resume();
    return out;
  }

  /** The whole buffer as one Buffer (merging chunks). */
  joined(): Buffer {
    if (this.#chunks.length > 1) this.#chunks = [Buffer.concat(this.#chunks, this.#size)];
    return this.#chunks[0] ?? EMPTY;
  }
}
