/**
 * The pending tasks of a loop, in creation order: a doubly linked list through the tasks themselves, so adding
 * and removing a task costs two field writes and no memory of its own (a `Set` entry and its rehashing cost more
 * with 1e5 tasks in flight).
 *
 * @internal
 * @packageDocumentation
 */

/** @internal What the list links (a Task). */
export interface TaskListNode<N extends TaskListNode<N>> {
  _prevTask: N | null;
  _nextTask: N | null;
}

/** @internal */
export class TaskList<N extends TaskListNode<N>> implements Iterable<N> {
  #head: N | null = null;
  #tail: N | null = null;
  #size = 0;

  /** How many tasks are in the list. */
  get size(): number {
    return this.#size;
  }

  /** Append `node` (not in the list yet). */
  add(node: N): void {
    const tail = this.#tail;
    node._prevTask = tail;
    node._nextTask = null;
    if (tail === null) this.#head = node;
    else tail._nextTask = node;
    this.#tail = node;
    this.#size++;
  }

  /** Whether `node` is in the list. */
  has(node: N): boolean {
    return node._prevTask !== null || this.#head === node;
  }

  /** Remove `node` if it is in the list. */
  delete(node: N): boolean {
    if (!this.has(node)) return false;
    const prev = node._prevTask;
    const next = node._nextTask;
    if (prev === null) this.#head = next;
    else prev._nextTask = next;
    if (next === null) this.#tail = prev;
    else next._prevTask = prev;
    node._prevTask = null;
    node._nextTask = null;
    this.#size--;
    return true;
  }

  *[Symbol.iterator](): Iterator<N> {
    for (let node = this.#head; node !== null; ) {
      const next = node._nextTask;
      yield node;
      node = next;
    }
  }
}
