/**
 * The argument checks only io has (ports, host names, socket paths, buffers, water marks, environments), and the
 * io classes for the shared checks of `src/core/validate.ts`: each throws an exported error naming the function,
 * the argument and the value received.
 *
 * @packageDocumentation
 */
import { isIP } from 'node:net';
import { describeValue } from '../core/render';
import { type CheckErrors, checkString } from '../core/validate';
import { IoArgumentError, IoRangeError } from './errors';

/** The classes io's argument checks throw. */
export const IO_ERRORS: CheckErrors = { type: IoArgumentError, range: IoRangeError };

/** Throw unless `port` is an integer 0–65535 (a numeric string is accepted, as Node does). */
export function checkPort(fn: string, port: unknown, arg = 'port'): number {
  const n = typeof port === 'string' && /^\d+$/.test(port) ? Number(port) : port;
  if (typeof n !== 'number') {
    throw new IoArgumentError(`${fn}(${arg}): expected an integer 0–65535, got ${describeValue(port)}`);
  }
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new IoRangeError(`${fn}(${arg}): expected an integer 0–65535, got ${describeValue(port)}`);
  }
  return n;
}

/** {@link checkPort} for a port to send to or connect to: 0 (any) is no peer's port. */
export function checkPeerPort(fn: string, port: unknown, arg = 'port'): number {
  const n = checkPort(fn, port, arg);
  if (n === 0) throw new IoRangeError(`${fn}(${arg}): expected an integer 1–65535 (a peer's port), got 0`);
  return n;
}

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,62}))*\.?$/;

/** Throw unless `host` is an IP address or a syntactically valid host name. */
export function checkHost(fn: string, host: unknown, arg = 'host'): string {
  if (typeof host !== 'string') {
    throw new IoArgumentError(
      `${fn}(${arg}): expected a host name or IP address string, got ${describeValue(host)}`,
    );
  }
  if (isIP(host) === 0 && !HOSTNAME.test(host)) {
    throw new IoArgumentError(`${fn}(${arg}): not a valid host name or IP address: ${describeValue(host)}`);
  }
  return host;
}

/** Throw unless `path` is a non-empty string (a Unix socket path). */
export function checkPath(fn: string, path: unknown): string {
  if (typeof path !== 'string' || path === '') {
    throw new IoArgumentError(`${fn}(path): expected a non-empty socket path, got ${describeValue(path)}`);
  }
  return path;
}

/** Bytes from a Buffer, Uint8Array or string (UTF-8); anything else is an {@link IoArgumentError}. */
export function toBuffer(fn: string, arg: string, data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (data instanceof Uint8Array) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  throw new IoArgumentError(
    `${fn}(${arg}): expected a Buffer, Uint8Array or string, got ${describeValue(data)}`,
  );
}

/** Water marks `[low, high]` from asyncio's rules: high default `def`, low default high / 4, 0 ≤ low ≤ high. */
export function checkWaterMarks(fn: string, high: unknown, low: unknown, def: number): [number, number] {
  for (const [name, v] of [
    ['high', high],
    ['low', low],
  ] as const) {
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 0)) {
      throw new IoRangeError(`${fn}(${name}): expected an integer ≥ 0, got ${describeValue(v)}`);
    }
  }
  const h = (high as number | undefined) ?? (low === undefined ? def : 4 * (low as number));
  const l = (low as number | undefined) ?? Math.floor(h / 4);
  if (l > h) throw new IoRangeError(`${fn}(low): expected low ≤ high (${h}), got ${l}`);
  return [l, h];
}

/** Throw unless `env` is an object whose values are strings (or undefined): an environment for a child. */
export function checkEnv(fn: string, env: unknown): void {
  if (typeof env !== 'object' || env === null || Array.isArray(env)) {
    throw new IoArgumentError(`${fn}(options.env): expected an object of strings, got ${describeValue(env)}`);
  }
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined) checkString(fn, `options.env.${key}`, value, IoArgumentError);
  }
}
