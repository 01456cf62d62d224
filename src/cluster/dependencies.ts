/**
 * Loading the optional peer dependencies of `qtasyncio/cluster` (`bullmq`, and the Redis client `ioredis` it
 * uses) on first use, with a clear error when they are not installed.
 *
 * @packageDocumentation
 */
import { MissingDependencyError } from './errors';

/**
 * The `bullmq` module.
 *
 * @throws {@link MissingDependencyError} when `bullmq` or `ioredis` cannot be loaded.
 * @example
 * ```ts
 * import { loadBullmq } from './dependencies';
 * const { Queue } = loadBullmq('ClusterExecutor');
 * ```
 */
export function loadBullmq(fn: string): typeof import('bullmq') {
  for (const name of ['ioredis', 'bullmq']) {
    try {
      require.resolve(name);
    } catch {
      throw new MissingDependencyError(
        `${fn}(): qtasyncio/cluster needs the package "${name}" (npm install bullmq ioredis)`,
      );
    }
  }
  return require('bullmq') as typeof import('bullmq');
}
