/**
 * Where Redis is: the `connection` option of {@link ClusterExecutor} and `runWorker`, a `redis://` URL or a
 * `{ host, port }` object, checked once and turned into the options BullMQ passes to its Redis client, with the
 * `host:port` address that connection errors name.
 *
 * @packageDocumentation
 */
import { describeValue } from '../core/render';
import { checkString } from '../core/validate';
import { ExecutorArgumentError } from '../executor/errors';
import { checkOptions, optionalInteger } from './redisOptions';

/** A Redis server: a `redis://[user:password@]host[:port][/db]` URL, or its parts. */
export type RedisConnection =
  | string
  | {
      /** Default `127.0.0.1`. */
      host?: string;
      /** Default `6379`. */
      port?: number;
      /** The database number (default 0). */
      db?: number;
      /** The user (Redis 6 ACLs). */
      username?: string;
      /** The password (`requirepass` or the user's). */
      password?: string;
    };

/** A checked connection: what to pass to the Redis client, and the address for messages. */
export interface ResolvedConnection {
  readonly address: string;
  readonly options: {
    host: string;
    port: number;
    db: number;
    username?: string;
    password?: string;
  };
}

const KEYS = ['host', 'port', 'db', 'username', 'password'];

function optionalString(fn: string, key: string, value: unknown): string | undefined {
  if (value !== undefined) checkString(fn, `options.connection.${key}`, value, ExecutorArgumentError);
  return value;
}

function fromUrl(fn: string, text: string): ResolvedConnection['options'] {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'redis:') {
    throw new ExecutorArgumentError(
      `${fn}(options.connection): expected a redis://host:port URL or { host, port }, got ${describeValue(text)}`,
    );
  }
  const db = url.pathname.replace(/^\//, '');
  return {
    host: url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: url.port === '' ? 6379 : Number(url.port),
    db: db === '' ? 0 : (optionalInteger(fn, 'connection (database)', Number(db), 0) as number),
    ...(url.username === '' ? {} : { username: decodeURIComponent(url.username) }),
    ...(url.password === '' ? {} : { password: decodeURIComponent(url.password) }),
  };
}

/**
 * Check a `connection` option.
 *
 * @throws `ExecutorArgumentError` naming the function, the option and the value.
 * @example
 * ```ts
 * import { resolveConnection } from './connection';
 * resolveConnection('ClusterExecutor', 'redis://127.0.0.1:6380/2');
 * // { address: '127.0.0.1:6380', options: { host: '127.0.0.1', port: 6380, db: 2 } }
 * ```
 */
export function resolveConnection(fn: string, connection: unknown): ResolvedConnection {
  let options: ResolvedConnection['options'];
  if (typeof connection === 'string') options = fromUrl(fn, connection);
  else if (typeof connection === 'object' && connection !== null) {
    checkOptions(fn, connection, KEYS, 'options.connection');
    const c = connection as Exclude<RedisConnection, string>;
    const username = optionalString(fn, 'username', c.username);
    const password = optionalString(fn, 'password', c.password);
    options = {
      host: optionalString(fn, 'host', c.host) ?? '127.0.0.1',
      port: optionalInteger(fn, 'connection.port', c.port, 1) ?? 6379,
      db: optionalInteger(fn, 'connection.db', c.db, 0) ?? 0,
      ...(username === undefined ? {} : { username }),
      ...(password === undefined ? {} : { password }),
    };
  } else {
    throw new ExecutorArgumentError(
      `${fn}(options.connection): expected a redis://host:port URL or { host, port }, got ${describeValue(connection)}`,
    );
  }
  if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535) {
    throw new ExecutorArgumentError(
      `${fn}(options.connection): expected a port from 1 to 65535, got ${describeValue(options.port)}`,
    );
  }
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return { address: `${host}:${options.port}`, options };
}
