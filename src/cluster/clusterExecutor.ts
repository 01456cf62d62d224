/**
 * `ClusterExecutor`: jobs on a BullMQ queue in Redis, run by workers on any machine that reaches it (`runWorker`,
 * `npx qtasyncio worker`). The same `Executor` as the pools, so `loop.runInExecutor(cluster, fn, ...args)` and
 * `loop.setDefaultExecutor(cluster)` work unchanged; functions travel as with the process pool (source or a
 * `{ module, export }` reference), values in the format of `wire.ts`.
 *
 * Results, failures and progress come back through one BullMQ `QueueEvents` stream per executor, read from the
 * point where the executor started, so each job settles its Promise once. Cancelling marks the job, tells every
 * worker (pub/sub), and removes it if it still waits; the Promise rejects at once.
 *
 * @packageDocumentation
 */
import { randomUUID } from 'node:crypto';
import type { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { BaseExecutor, type InternalSubmitOptions, type JobSettler } from '../executor/baseExecutor';
import { WorkerExitedError } from '../executor/errors';
import type { JobAbort } from '../executor/jobAbort';
import type { FunctionPayload, Job, Outcome } from '../executor/protocol';
import { reportPoolError } from '../executor/reportStray';
import type { ExecutorFunction } from '../executor/serializeFunction';
import { type RedisConnection, type ResolvedConnection, resolveConnection } from './connection';
import { loadBullmq } from './dependencies';
import { ExecutorConnectionError } from './errors';
import { CANCEL_MARKER_TTL_MS, CANCELLED_REASON, cancelChannel, cancelMarker, DEFAULT_PREFIX } from './keys';
import { ProgressChannel, registerProgress } from './progressChannel';
import { checkOptions, checkQueueName, redisClientOptions } from './redisOptions';
import { decodeOutcome, encodeJob } from './wire';

/** Options of {@link ClusterExecutor}. */
export interface ClusterExecutorOptions {
  /** Where Redis is: `redis://host:port[/db]` or `{ host, port, db, username, password }`. */
  connection: RedisConnection;
  /** The BullMQ queue's name (workers started with the same name run the jobs). */
  queue: string;
  /** BullMQ's key prefix (default `bull`); workers must use the same. */
  prefix?: string;
}

interface Pending {
  readonly id: string;
  readonly name: string;
  readonly resolve: (outcome: Outcome) => void;
  readonly reject: (error: unknown) => void;
  readonly abort: JobAbort | undefined;
  readonly onAbort: () => void;
  readonly progress: ProgressChannel;
  /** Whether Redis took the job (`queue.add` resolved). */
  sent: boolean;
}

const FN = 'ClusterExecutor';

function payloadOf(job: Job): FunctionPayload {
  const [kind, target, name, exportName] = job;
  return kind === 'source'
    ? { kind, source: target, name }
    : { kind, module: target, export: exportName, name };
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs functions on workers that take jobs from a BullMQ queue in Redis (dask's `Client.get_executor()` for
 * qtasyncio): the same code as with a local pool, spread over machines. The job function gets one more
 * argument after `args`, a `JobContext` (`signal`, `progress(value)`); {@link jobProgress} streams the progress.
 * The connections stay open (and keep Node running) until `close()` or `destroy()`.
 *
 * @example
 * ```ts
 * import { ClusterExecutor, jobProgress } from 'qtasyncio/cluster';
 * await using cluster = new ClusterExecutor({ connection: 'redis://127.0.0.1:6379', queue: 'renders' });
 * const frame = loop.runInExecutor(cluster, { module: require.resolve('./render'), export: 'frame' }, 42);
 * jobProgress(frame).subscribe((p) => console.log('frame 42:', p));
 * await frame;
 * ```
 */
export class ClusterExecutor extends BaseExecutor {
  readonly #connection: ResolvedConnection;
  readonly #queueName: string;
  readonly #prefix: string;
  readonly #idPrefix = randomUUID();
  readonly #client: Redis;
  readonly #queue: Queue;
  #events: QueueEvents | null = null;
  readonly #ready: Promise<void>;
  readonly #pending = new Map<string, Pending>();
  #nextId = 0;
  #nextProgress: ProgressChannel | null = null;
  /** Why Redis cannot be reached now, or `null` while connected (or still connecting for the first time). */
  #down: Error | null = null;
  #reported = false;
  #stopped = false;

  /** @param options - where Redis is and which queue to use. */
  constructor(options: ClusterExecutorOptions) {
    super();
    checkOptions(FN, options, ['connection', 'queue', 'prefix']);
    this.#connection = resolveConnection(FN, options.connection);
    this.#queueName = checkQueueName(FN, 'queue', options.queue);
    this.#prefix =
      options.prefix === undefined ? DEFAULT_PREFIX : checkQueueName(FN, 'prefix', options.prefix);
    const bullmq = loadBullmq(FN);
    const IORedis = require('ioredis') as typeof import('ioredis').default;
    this.#client = new IORedis(redisClientOptions(this.#connection, false));
    this.#client.on('ready', () => this.#up());
    this.#client.on('error', (error: Error) => this.#lost(error));
    this.#client.on('close', () => this.#lost(new Error('connection closed')));
    this.#queue = new bullmq.Queue(this.#queueName, { connection: this.#client, prefix: this.#prefix });
    this.#queue.on('error', (error: Error) => this.#lost(error));
    this.#ready = this.#start(bullmq);
    this.#ready.catch(() => {}); // a failed start is reported through #lost and each job
  }

  /**
   * The `host:port` of Redis.
   *
   * @example
   * ```ts
   * import type { ClusterExecutor } from 'qtasyncio/cluster';
   * declare const cluster: ClusterExecutor;
   * cluster.address; // '127.0.0.1:6379'
   * ```
   */
  get address(): string {
    return this.#connection.address;
  }

  /**
   * The BullMQ queue's name.
   *
   * @example
   * ```ts
   * import type { ClusterExecutor } from 'qtasyncio/cluster';
   * declare const cluster: ClusterExecutor;
   * cluster.queueName; // 'renders'
   * ```
   */
  get queueName(): string {
    return this.#queueName;
  }

  /**
   * The number of jobs sent and not settled yet.
   *
   * @example
   * ```ts
   * import type { ClusterExecutor } from 'qtasyncio/cluster';
   * declare const cluster: ClusterExecutor;
   * cluster.pendingCount; // 0 when idle
   * ```
   */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /** The events stream, read from its end as of now (so no event of a job sent later can be missed). */
  async #start(bullmq: typeof import('bullmq')): Promise<void> {
    await this.#queue.waitUntilReady();
    const key = this.#queue.keys.events as string;
    const last = (await this.#client.xrevrange(key, '+', '-', 'COUNT', 1))[0]?.[0] ?? '0-0';
    if (this.#stopped) return;
    const events = new bullmq.QueueEvents(this.#queueName, {
      connection: redisClientOptions(this.#connection, true),
      prefix: this.#prefix,
      lastEventId: last,
    });
    this.#events = events;
    events.on('error', (error: Error) => this.#lost(error));
    events.on('completed', ({ jobId, returnvalue }) => this.#completed(jobId, returnvalue));
    events.on('failed', ({ jobId, failedReason }) => this.#failed(jobId, failedReason));
    events.on('progress', ({ jobId, data }) => this.#pending.get(jobId)?.progress.next(data));
    await events.waitUntilReady();
  }

  /** @internal Take the progress channel of the job being started (see {@link jobProgress}). */
  override _start(
    fn: ExecutorFunction,
    args: unknown[],
    options: InternalSubmitOptions,
    settle: JobSettler,
    promise?: Promise<unknown>,
  ): void {
    const progress = new ProgressChannel();
    this.#nextProgress = progress;
    try {
      super._start(fn, args, options, settle, promise);
    } finally {
      if (this.#nextProgress === progress) progress.complete(); // never sent
      this.#nextProgress = null;
    }
    if (promise !== undefined) registerProgress(promise, progress);
    if (options.abort !== undefined) registerProgress(options.abort, progress);
  }

  protected override _run(job: Job, abort: JobAbort | undefined): Promise<Outcome> {
    const progress = this.#nextProgress ?? new ProgressChannel();
    this.#nextProgress = null;
    return new Promise<Outcome>((resolve, reject) => {
      const fail = (error: unknown): void => {
        progress.complete();
        reject(error);
      };
      if (this.#down !== null) {
        fail(this.#connectionError('submit(): cannot reach Redis', this.#down));
        return;
      }
      let data: ReturnType<typeof encodeJob>;
      try {
        data = encodeJob('submit', payloadOf(job), job[4]);
      } catch (error) {
        fail(error);
        return;
      }
      const id = `${this.#idPrefix}-${this.#nextId++}`;
      const pending: Pending = {
        id,
        name: job[2],
        resolve,
        reject,
        abort,
        onAbort: () => this.#cancel(pending),
        progress,
        sent: false,
      };
      this.#pending.set(id, pending);
      abort?.once('abort', pending.onAbort);
      this.#ready
        .then(() => {
          if (!this.#pending.has(id)) return undefined; // cancelled meanwhile: never sent
          return this.#queue
            .add(job[2], data, { jobId: id, removeOnComplete: true, removeOnFail: true })
            .then(() => {
              pending.sent = true;
            });
        })
        .catch((error: unknown) => {
          const p = this.#take(id);
          p?.reject(this.#connectionError(`submit(): could not queue job ${p.name}`, error));
        });
    });
  }

  /** Forget a pending job; it, if it was still pending. */
  #take(id: string): Pending | undefined {
    const pending = this.#pending.get(id);
    if (pending === undefined) return undefined;
    this.#pending.delete(id);
    pending.abort?.off('abort', pending.onAbort);
    pending.progress.complete();
    return pending;
  }

  #completed(id: string, returnvalue: unknown): void {
    const pending = this.#take(id);
    if (pending === undefined) return;
    try {
      pending.resolve(decodeOutcome(returnvalue as string));
    } catch (error) {
      pending.reject(
        new WorkerExitedError(
          `submit(): the result of job ${pending.name} could not be read (${reason(error)})`,
        ),
      );
    }
  }

  #failed(id: string, failedReason: string): void {
    const pending = this.#take(id);
    if (pending === undefined || failedReason === CANCELLED_REASON) return;
    pending.reject(
      new WorkerExitedError(`submit(): job ${pending.name} failed on its worker: ${failedReason}`),
    );
  }

  /** Cancel: reject now; mark the job, tell the workers, remove it if it still waits. */
  #cancel(pending: Pending): void {
    if (this.#take(pending.id) === undefined) return;
    pending.reject(pending.abort?.reason);
    this.#cancelRemote([pending.id]);
  }

  #cancelRemote(ids: readonly string[]): Promise<unknown> {
    if (ids.length === 0 || this.#down !== null) return Promise.resolve();
    const client = this.#client;
    const multi = client.multi();
    for (const id of ids) {
      multi.set(cancelMarker(this.#prefix, this.#queueName, id), '1', 'PX', CANCEL_MARKER_TTL_MS);
      multi.publish(cancelChannel(this.#prefix, this.#queueName), id);
    }
    const sent = multi.exec().then(() => Promise.all(ids.map((id) => this.#queue.remove(id))));
    sent.catch((error: unknown) =>
      reportPoolError(
        `a ClusterExecutor (cancelling ${ids.length} job(s) on ${this.address})`,
        this.#connectionError('cancel: could not reach Redis; a worker may still run the job', error),
      ),
    );
    return sent.catch(() => {});
  }

  #up(): void {
    this.#down = null;
    this.#reported = false;
  }

  /** Redis went away: fail every job in flight (their outcome is unknown) and the next submits until it is back. */
  #lost(error: Error): void {
    if (this.#stopped) return;
    const wasUp = this.#down === null;
    this.#down = error;
    const lost = [...this.#pending.keys()];
    for (const id of lost) {
      const pending = this.#take(id) as Pending;
      const what = pending.sent
        ? `submit(): lost the connection to Redis while job ${pending.name} was queued or running; its outcome is unknown`
        : `submit(): cannot reach Redis to queue job ${pending.name}`;
      pending.reject(this.#connectionError(what, error));
    }
    if (lost.length === 0 && (wasUp || !this.#reported)) {
      this.#reported = true;
      reportPoolError('a ClusterExecutor', this.#connectionError('cannot reach Redis', error));
    }
  }

  #connectionError(what: string, cause: unknown): ExecutorConnectionError {
    const address = this.#connection.address;
    return new ExecutorConnectionError(`${what} at ${address} (${reason(cause)})`, address, { cause });
  }

  protected override async _stop(force: boolean): Promise<void> {
    const cancelled = force ? this.#cancelRemote([...this.#pending.keys()]) : Promise.resolve();
    this.#stopped = true;
    for (const id of [...this.#pending.keys()]) this.#take(id);
    await cancelled; // sent before the connection closes
    await Promise.allSettled([this.#events?.close(), this.#queue.close()]);
    this.#client.disconnect();
  }
}
