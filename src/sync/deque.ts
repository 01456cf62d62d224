/**
 * A growable ring buffer: O(1) push/shift/pop at both ends, for queue items and FIFO waiter lists.
 *
 * @packageDocumentation
 */

/** @internal A double-ended queue on a power-of-two ring buffer. */
export class Deque<T> {
  #buf: (T | undefined)[] = new Array(8);
  #head = 0;
  #size = 0;

  /** Number of items. */
  get length(): number {
    return this.#size;
  }

  /** Append at the back. */
  push(item: T): void {
    if (this.#size === this.#buf.length) this.#grow();
    this.#buf[(this.#head + this.#size) & (this.#buf.length - 1)] = item;
    this.#size++;
  }

  /** Remove from the front (`undefined` when empty). */
  shift(): T | undefined {
    if (this.#size === 0) return undefined;
    const item = this.#buf[this.#head];
    this.#buf[this.#head] = undefined;
    this.#head = (this.#head + 1) & (this.#buf.length - 1);
    this.#size--;
    return item;
  }

  /** Remove from the back (`undefined` when empty). */
  pop(): T | undefined {
    if (this.#size === 0) return undefined;
    this.#size--;
    const i = (this.#head + this.#size) & (this.#buf.length - 1);
    const item = this.#buf[i];
    this.#buf[i] = undefined;
    return item;
  }

  /** The `i`-th item from the front. */
  at(i: number): T | undefined {
    return i >= 0 && i < this.#size ? this.#buf[(this.#head + i) & (this.#buf.length - 1)] : undefined;
  }

  /** Remove the first occurrence of `item`; `false` if absent. */
  remove(item: T): boolean {
    const mask = this.#buf.length - 1;
    for (let i = 0; i < this.#size; i++) {
      if (this.#buf[(this.#head + i) & mask] !== item) continue;
      for (let j = i; j < this.#size - 1; j++) {
        this.#buf[(this.#head + j) & mask] = this.#buf[(this.#head + j + 1) & mask];
      }
      this.#buf[(this.#head + this.#size - 1) & mask] = undefined;
      this.#size--;
      return true;
    }
    return false;
  }

  /** The items, front to back. */
  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this.#size; i++) yield this.#buf[(this.#head + i) & (this.#buf.length - 1)] as T;
  }

  #grow(): void {
    const old = this.#buf;
    const next: (T | undefined)[] = new Array(old.length * 2);
    for (let i = 0; i < this.#size; i++) next[i] = old[(this.#head + i) & (old.length - 1)];
    this.#buf = next;
    this.#head = 0;
  }
}
