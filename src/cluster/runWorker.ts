/**
 * The worker side: `runWorker(options)` takes jobs of a `ClusterExecutor` from a BullMQ queue and runs them
 * (the same job runner as the process pool's workers). `npx qtasyncio worker` is this function behind a command
 * line. A job function gets one more argument after its own, a {@link JobContext}.
 *
 * @packageDocumentation
 */
import { hostname } from 'node:os';
import type { Job as BullJob, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Outcome } from '../executor/protocol';
import { runJob, uncloneableResult } from '../executor/runJob';
import { type RedisConnection, resolveConnection } from './connection';
import { loadBullmq } from './dependencies';
import { CANCELLED_REASON, cancelChannel, cancelMarker, DEFAULT_PREFIX } from './keys';
import { checkOptions, checkQueueName, optionalInteger, redisClientOptions } from './redisOptions';
import { type ClusterJobData, decodeJob, encodeOutcome, isClusterJobData } from './wire';

/**
 * What a job function of a cluster job gets after its own arguments. Declare it optional
 * (`(n: number, job?: JobContext) => …`): `runInExecutor`'s types then accept the call without it, and the same
 * function runs on a local pool, which passes none.
 */
export interface JobContext {
  /** Aborted when the job is cancelled (by its Future, `destroy()`, or a forced worker shutdown). */
  readonly signal: AbortSignal;
  /**
   * Report progress (JSON-serialisable: a number, a string, an object…); the app sees it through
   * `jobProgress(future)`, in order. Reports are sent in order before the result.
   */
  progress(value: number | string | boolean | object): void;
  /** The job's id in the queue. */
  readonly id: string;
  /** The worker's name (`host:pid` unless given). */
  readonly worker: string;
}

/** Options of {@link runWorker}. */
export interface RunWorkerOptions {
  /** Where Redis is: `redis://host:port[/db]` or `{ host, port, db, username, password }`. */
  connection: RedisConnection;
  /** The queue's name (as given to the `ClusterExecutor`). */
  queue: string;
  /** Jobs run at once by this worker (default 1). */
  concurrency?: number;
  /** BullMQ's key prefix (default `bull`). */
  prefix?: string;
  /** This worker's name (default `host:pid`). */
  name?: string;
  /** How long a job's lock lasts without renewal (ms, default BullMQ's 30 000): a killed worker's job is taken again after that. */
  lockDurationMs?: number;
  /** How often stalled jobs are looked for (ms, default BullMQ's 30 000). */
  stalledIntervalMs?: number;
}

/** A running worker. */
export interface ClusterWorker {
  /** The worker's name. */
  readonly name: string;
  /** Jobs running now. */
  readonly activeCount: number;
  /**
   * Stop taking jobs and wait for the running ones (`force`: abort them now; they are taken again by another
   * worker after the stall interval, unless cancelled).
   */
  close(force?: boolean): Promise<void>;
}

const FN = 'runWorker';
const KEYS = ['connection', 'queue', 'concurrency', 'prefix', 'name', 'lockDurationMs', 'stalledIntervalMs'];

/**
 * Start a worker that runs the jobs of `options.queue`; resolves once it is connected and taking jobs.
 *
 * @example
 * ```ts
 * import { runWorker } from 'qtasyncio/cluster';
 * const worker = await runWorker({ connection: 'redis://127.0.0.1:6379', queue: 'renders', concurrency: 2 });
 * process.once('SIGTERM', () => worker.close());
 * ```
 */
export async function runWorker(options: RunWorkerOptions): Promise<ClusterWorker> {
  checkOptions(FN, options, KEYS);
  const connection = resolveConnection(FN, options.connection);
  const queue = checkQueueName(FN, 'queue', options.queue);
  const prefix = options.prefix === undefined ? DEFAULT_PREFIX : checkQueueName(FN, 'prefix', options.prefix);
  const concurrency = optionalInteger(FN, 'concurrency', options.concurrency, 1) ?? 1;
  const lockDuration = optionalInteger(FN, 'lockDurationMs', options.lockDurationMs, 100);
  const stalledInterval = optionalInteger(FN, 'stalledIntervalMs', options.stalledIntervalMs, 100);
  if (options.name !== undefined) checkQueueName(FN, 'name', options.name);
  const name = options.name ?? `${hostname()}:${process.pid}`;
  const bullmq = loadBullmq(FN);
  const IORedis = require('ioredis') as typeof import('ioredis').default;
  const client: Redis = new IORedis(redisClientOptions(connection, true));
  const subscriber = client.duplicate();
  const logError = errorLogger(`qtasyncio worker ${name} (Redis at ${connection.address})`);
  client.on('error', logError);
  subscriber.on('error', logError);

  const processor = async (
    job: BullJob,
    _token: string | undefined,
    signal?: AbortSignal,
  ): Promise<string> => {
    if (!isClusterJobData(job.data)) throw new bullmq.UnrecoverableError('not a qtasyncio job');
    const id = job.id as string;
    if ((await client.exists(cancelMarker(prefix, queue, id))) === 1 || signal?.aborted) {
      throw new bullmq.UnrecoverableError(CANCELLED_REASON);
    }
    let reports: Promise<unknown> = Promise.resolve();
    const context: JobContext = {
      signal: signal ?? new AbortController().signal,
      id,
      worker: name,
      progress(value) {
        reports = reports.then(() => job.updateProgress(value)).catch(logError);
      },
    };
    const data = job.data as ClusterJobData;
    const outcome: Outcome = await runJob(decodeJob(data, context), false);
    await reports;
    if (signal?.aborted) throw new bullmq.UnrecoverableError(CANCELLED_REASON);
    try {
      return encodeOutcome(outcome);
    } catch (error) {
      return encodeOutcome([false, uncloneableResult(['source', '', data.fn.name, '', []], error)]);
    }
  };

  const worker: Worker = new bullmq.Worker(queue, processor, {
    connection: client,
    prefix,
    concurrency,
    name,
    ...(lockDuration === undefined ? {} : { lockDuration }),
    ...(stalledInterval === undefined ? {} : { stalledInterval }),
  });
  worker.on('error', logError);
  // A job whose lock is lost is no longer this worker's (Redis lost it, or another worker took it after a
  // stall): stop it rather than finish work whose result cannot be delivered.
  worker.on('lockRenewalFailed', (ids: string[]) => {
    for (const id of ids) worker.cancelJob(id, "qtasyncio: the job's lock was lost");
  });
  worker.on('failed', (job, error) => {
    if (error.message !== CANCELLED_REASON) logError(new Error(`job ${job?.id} failed: ${error.message}`));
  });
  await subscriber.subscribe(cancelChannel(prefix, queue));
  subscriber.on('message', (_channel: string, id: string) => worker.cancelJob(id, CANCELLED_REASON));
  await worker.waitUntilReady();
  let active = 0;
  worker.on('active', () => active++);
  const settled = (): void => {
    active--;
  };
  worker.on('completed', settled);
  worker.on('failed', settled);
  return {
    name,
    get activeCount() {
      return active;
    },
    async close(force = false) {
      if (force) worker.cancelAllJobs(CANCELLED_REASON);
      await worker.close(force);
      subscriber.disconnect();
      client.disconnect();
    },
  };
}

/** Print errors to stderr, once per run of equal messages (a reconnecting client repeats itself). */
function errorLogger(where: string): (error: unknown) => void {
  let last = '';
  return (error) => {
    const message = error instanceof Error ? error.message : String(error);
    if (message === last) return;
    last = message;
    process.stderr.write(`${where}: ${message}\n`);
  };
}
