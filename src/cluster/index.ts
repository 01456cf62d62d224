// The declarations use Node's types (AbortSignal, NodeJS.*): see src/index.ts.
/// <reference types="node" preserve="true" />
/**
 * `qtasyncio/cluster`: an executor whose workers take jobs from a BullMQ queue in Redis, on this machine or any
 * other. Needs the optional peer dependencies `bullmq` and `ioredis` (and `rxjs` for {@link jobProgress}).
 *
 * @packageDocumentation
 */

// --- The executor and its workers ---------------------------------------------------------------------------

export { ClusterExecutor, type ClusterExecutorOptions } from './clusterExecutor';
export type { RedisConnection } from './connection';
export { jobProgress } from './jobProgress';
export { type ClusterWorker, type JobContext, type RunWorkerOptions, runWorker } from './runWorker';

// --- A Redis server for tests, examples and one-machine farms -------------------------------------------------

export { type LocalRedis, type LocalRedisOptions, startLocalRedis } from './localRedis';

// --- Errors -------------------------------------------------------------------------------------------------

export { ExecutorConnectionError, MissingDependencyError, RedisStartError } from './errors';
