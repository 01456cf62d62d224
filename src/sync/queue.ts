/**
 * Queue (asyncio's `queues.Queue`, with Python 3.13's `shutdown()`): a FIFO queue for producer and consumer
 * tasks, async-iterable. PriorityQueue and LifoQueue reuse it with another store (`queueStore.ts`).
 *
 * @packageDocumentation
 */
import { describeValue } from '../core/render';
import { checkInteger, checkOptionKeys } from '../core/validate';
import type { Future } from '../futures/future';
import { Deque } from './deque';
import { OverReleaseError, QueueEmpty, QueueFull, QueueShutDown, SyncArgumentError } from './errors';
import { Event } from './event';
import { LoopBound, SYNC_ERRORS } from './loopBound';
import { fifoStore, type QueueStore } from './queueStore';

/**
 * Options of `new Queue()` (also of LifoQueue and PriorityQueue).
 *
 * @example
 * ```ts
 * import { Queue } from 'qtasyncio';
 * const q = new Queue<string>({ maxSize: 100 }); // same as new Queue<string>(100)
 * ```
 */
export interface QueueOptions {
  /**
   * How many items it holds before `put()` waits, an integer ≥ 0; `0` (the default) means unbounded.
   * asyncio: `maxsize`.
   */
  maxSize?: number;
}

/**
 * @internal The options of a queue constructor `fn` (a number is the maxSize); an unknown key (not in `known`)
 * is a {@link SyncArgumentError} that suggests the near miss (`maxSize` → `maxSize`).
 */
export function parseQueueOptions(fn: string, options: unknown, known: readonly string[]): QueueOptions {
  if (typeof options === 'number') return { maxSize: options };
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null) {
    throw new SyncArgumentError(
      `${fn}(options): expected a maxSize number or an options object, got ${describeValue(options)}`,
    );
  }
  checkOptionKeys(fn, options, known, SyncArgumentError);
  return options as QueueOptions;
}

function wakeupNext(waiters: Deque<Future<void>>): void {
  for (let w = waiters.shift(); w !== undefined; w = waiters.shift()) {
    if (!w.done()) {
      w.setResult(undefined);
      return;
    }
  }
}

/**
 * A first-in first-out queue. `put()` waits while it is full, `get()` while it is empty, both FIFO among the
 * waiting tasks; `taskDone()`/`join()` track processing; `shutdown()` ends it. `for await (const x of queue)`
 * gets items until the queue is shut down and empty. Binds to the running loop on its first wait.
 *
 * Cancellation: a cancelled `get()` never takes an item — if it was woken for one, the item stays queued and the
 * next getter is woken; a cancelled `put()` never adds its item and passes a free slot on likewise.
 *
 * Items that are thenables (Promises, Futures) are adopted by `await queue.get()`, as by any Promise; use
 * `getNowait()` or wrap them (`{ future }`) to pass them through unchanged.
 *
 * @see {@link PriorityQueue}, {@link LifoQueue}
 * @example
 * ```ts
 * import { Queue } from 'qtasyncio';
 * declare function handle(item: string): Promise<void>;
 * const q = new Queue<string>({ maxSize: 10 });
 * loop.createTask(async () => {
 *   for await (const job of q) {
 *     await handle(job);
 *     q.taskDone();
 *   }
 * });
 * await q.put('a');
 * await q.join(); // 'a' handled
 * q.shutdown(); // the consumer's loop ends
 * ```
 */
export class Queue<T> extends LoopBound implements AsyncIterable<T> {
  readonly #maxSize: number;
  /** @internal */ readonly _store: QueueStore<T>;
  readonly #getters = new Deque<Future<void>>();
  readonly #putters = new Deque<Future<void>>();
  #unfinished = 0;
  readonly #finished = new Event();
  #isShutdown = false;

  /** @internal The option keys the constructor accepts (a subclass with more options lists them too). */
  static readonly _optionKeys: readonly string[] = ['maxSize'];

  /**
   * @param options - `maxSize` (a number, or `{ maxSize }`): `0` (default) for unbounded.
   * @throws {@link SyncRangeError} for a negative or fractional `maxSize`; {@link SyncArgumentError} for an
   * options value that is neither a number nor an object, or an unknown option key.
   */
  constructor(options: number | QueueOptions = {}) {
    super();
    const name = new.target.name;
    const opts = parseQueueOptions(name, options, (new.target as typeof Queue)._optionKeys);
    const maxSize = opts.maxSize ?? 0;
    checkInteger(name, 'maxSize', maxSize, 0, SYNC_ERRORS);
    this.#maxSize = maxSize;
    this.#finished.set();
    this._store = this._createStore(opts);
  }

  /** @internal The item store; subclasses return theirs. */
  _createStore(_options: QueueOptions): QueueStore<T> {
    return fifoStore();
  }

  /**
   * How many items it holds before `put()` waits (`0`: unbounded). asyncio: `maxsize`.
   *
   * @example
   * ```ts
   * import { Queue } from 'qtasyncio';
   * new Queue(5).maxSize; // 5
   * ```
   */
  get maxSize(): number {
    return this.#maxSize;
  }

  /**
   * The number of queued items. asyncio: `qsize`.
   *
   * @example
   * ```ts
   * import { Queue } from 'qtasyncio';
   * declare const q: Queue<number>;
   * q.qSize(); // 0
   * ```
   */
  qSize(): number {
    return this._store.length;
  }

  /**
   * Whether no item is queued.
   *
   * @example
   * ```ts
   * import { Queue } from 'qtasyncio';
   * declare const q: Queue<number>;
   * if (q.empty()) console.log('idle');
   * ```
   */
  empty(): boolean {
    return this._store.length === 0;
  }

  /**
   * Whether it holds `maxSize` items (never, when unbounded).
   *
   * @example
   * ```ts
   * import { Queue } from 'qtasyncio';
   * declare const item: string;
   * declare const q: Queue<string>;
   * if (!q.full()) q.putNowait(item);
   * ```
   */
  full(): boolean {
    return this.#maxSize > 0 && this._store.length >= this.#maxSize;
  }

  /**
   * Add `item`, waiting (FIFO among putters) while the queue is full.
   *
   * @throws {@link QueueShutDown} once shut down; {@link CancelledError} if the task is cancelled meanwhile (the
   * item is then not added).
   * @example
   * ```ts
   * import { Queue } from 'qtasyncio';
   * declare const job: number;
   * declare const q: Queue<number>;
   * await q.put(job);
   * ```
   */
  async put(item: T): Promise<void> {
    while (this.full()) {
      if (this.#isShutdown) throw this.#shutDownError('put');
      const putter = this._getLoop().createFuture<void>();
      this.#putters.push(putter);
      try {
        await putter;
      } catch (e) {
        putter.cancel();
        this.#putters.remove(putter);
        // Woken for a free slot but cannot take it: wake the next putter.
        if (!this.full() && !putter.cancelled()) wakeupNext(this.#putters);
        throw e;
      }
    }
    if (this.#isShutdown) throw this.#shutDownError('put');
    this.putNowait(item);
  }

  /**
   * Add `item` now.
   *
   * @throws {@link QueueFull} if full; {@link QueueShutDown} once shut down.
   * @example
   * ```ts
   * import { Queue } from 'qtasyncio';
   * declare const job: number;
   * declare const q: Queue<number>;
   * q.putNowait(job);
   * ```
   */
  putNowait(item: T): void {
    if (this.#isShutdown) throw this.#shutDownError('putNowait');
    if (this.full()) {
      throw new QueueFull(
        `${this.constructor.name}.putNowait(): the queue is full (maxSize ${this.#maxSize})`,
      );
    }
    this._store.add(item);
    this.#unfinished++;
    this.#finished.clear();
    wakeupNext(this.#getters);
  }

  /**
   * Remove and return the next item, waiting (FIFO among getters) while the queue is empty.
   *
   * @throws {@link QueueShutDown} once shut down and empty; {@link CancelledError} if the task is cancelled
   * meanwhile (no item is then taken).
   * @example
   * ```ts
   * import { Queue } from 'qtasyncio';
   * declare const q: Queue<number>;
   * const job = await q.get();
   * ```
   */
  async get(): Promise<T> {
    while (this.empty()) {
      if (this.#isShutdown) throw this.#shutDownError('get');
      const getter = this._getLoop().createFuture<void>();
      this.#getters.push(getter);
      try {
        await getter;
      } catch (e) {
        getter.cancel();
        this.#getters.remove(getter);
        // Woken for an item but cannot take it: the item stays, wake the next getter.
        if (!this.empty() && !getter.cancelled()) wakeupNext(this.#getters);
        throw e;
      }
    }
    return this.getNowait();
  }

  /**
   * Remove and return the next item now.
   *
   * @throws {@link QueueEmpty} if empty; {@link QueueShutDown} once shut down and empty.
   * @example
   * ```ts
   * import { Queue } from 'qtasyncio';
   * declare const q: Queue<number>;
   * const job = q.getNowait();
   * ```
   */
  getNowait(): T {
    if (this.empty()) {
      if (this.#isShutdown) throw this.#shutDownError('getNowait');
      throw new QueueEmpty(`${this.constructor.name}.getNowait(): the queue is empty`);
    }
    const item = this._store.take();
    wakeupNext(this.#putters);
    return item;
  }

  /**
   * Mark one gotten item as processed; when every item put so far is processed, `join()` returns.
   *
   * @throws {@link OverReleaseError} if called more often than items were put.
   * @example
   * ```ts
   * import { Queue } from 'qtasyncio';
   * declare const q: Queue<number>;
   * declare function handle(item: number): Promise<void>;
   * const job = await q.get();
   * try { await handle(job); } finally { q.taskDone(); }
   * ```
   */
  taskDone(): void {
    if (this.#unfinished <= 0) {
      throw new OverReleaseError(
        `${this.constructor.name}.taskDone(): called more times than items were put`,
      );
    }
    this.#unfinished--;
    if (this.#unfinished === 0) this.#finished.set();
  }

  /**
   * Wait until every item put so far was gotten and marked with `taskDone()`.
   *
   * @example
   * ```ts
   * import { Queue } from 'qtasyncio';
   * declare const q: Queue<number>;
   * await q.join();
   * ```
   */
  async join(): Promise<void> {
    if (this.#unfinished > 0) await this.#finished.wait();
  }

  /**
   * Shut the queue down (Python 3.13): `put()`/`putNowait()` throw {@link QueueShutDown} from now on, and so do
   * `get()`/`getNowait()` once the queue is empty; blocked putters and getters wake up to throw it. With
   * `immediate`, the queued items are dropped (counted as done for `join()`), so gets throw at once.
   *
   * @example
   * ```ts
   * import { Queue } from 'qtasyncio';
   * declare const q: Queue<number>;
   * q.shutdown(); // consumers drain what is queued, then their `for await` ends
   * q.shutdown(true); // drop the rest now
   * ```
   */
  shutdown(immediate = false): void {
    this.#isShutdown = true;
    if (immediate) {
      while (!this.empty()) {
        this._store.take();
        if (this.#unfinished > 0) this.#unfinished--;
      }
      if (this.#unfinished === 0) this.#finished.set();
    }
    // Every blocked caller re-checks and throws QueueShutDown (getters: once empty).
    for (let g = this.#getters.shift(); g !== undefined; g = this.#getters.shift())
      if (!g.done()) g.setResult(undefined);
    for (let p = this.#putters.shift(); p !== undefined; p = this.#putters.shift())
      if (!p.done()) p.setResult(undefined);
  }

  /**
   * Iterate with `for await`: each step is a `get()`; the loop ends when the queue is shut down and empty. It
   * does not call `taskDone()` for you.
   *
   * @example
   * ```ts
   * import { Queue } from 'qtasyncio';
   * declare const q: Queue<number>;
   * for await (const msg of q) console.log(msg);
   * ```
   */
  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    const it: AsyncIterableIterator<T> = {
      next: async (): Promise<IteratorResult<T>> => {
        try {
          return { value: await this.get(), done: false };
        } catch (e) {
          if (e instanceof QueueShutDown) return { value: undefined, done: true };
          throw e;
        }
      },
      [Symbol.asyncIterator]: () => it,
    };
    return it;
  }

  /**
   * A description for logs: maxSize, queued items, blocked getters and putters, unfinished tasks, shutdown.
   *
   * @example
   * ```ts
   * import { Queue } from 'qtasyncio';
   * declare const q: Queue<number>;
   * String(q); // '<Queue maxSize=0 items=[1,2] getters=0 putters=0 unfinished=2>'
   * ```
   */
  override toString(): string {
    const items = this._store.snapshot().map((x) => String(x));
    const shut = this.#isShutdown ? ' shutdown' : '';
    return `<${this.constructor.name} maxSize=${this.#maxSize} items=[${items.join(',')}] getters=${this.#getters.length} putters=${this.#putters.length} unfinished=${this.#unfinished}${shut}>`;
  }

  #shutDownError(fn: string): QueueShutDown {
    return new QueueShutDown(`${this.constructor.name}.${fn}(): the queue is shut down`);
  }
}
