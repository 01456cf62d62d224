/**
 * The socket file of a Unix server (asyncio 3.13's clean-up in `create_unix_server` and `_stop_serving`): a stale
 * socket left at the path is removed before binding; closing the server removes the file only if it is still the
 * one the server bound, and never with `cleanupSocket: false`.
 * Node's `net.Server.close()` always unlinks the path it listened on (libuv's pipe close); a file that must stay
 * (replaced by someone else, or kept on request) is moved aside for that instant and moved back.
 *
 * @packageDocumentation
 */
import { renameSync, statSync, unlinkSync } from 'node:fs';
import type * as net from 'node:net';
import type { ServerOptions } from './servers';

/**
 * Options of `loop.createUnixServer()` and `startUnixServer()`.
 *
 * @example
 * ```ts
 * import { Protocol } from 'qtasyncio/io';
 * declare const factory: () => Protocol;
 * await loop.createUnixServer(factory, '/run/app.sock', { cleanupSocket: false });
 * ```
 */
export interface UnixServerOptions extends ServerOptions {
  /**
   * Remove the socket file when the server closes, if it is still the server's own (default true; asyncio:
   * `cleanup_socket`).
   */
  cleanupSocket?: boolean;
}

/** @internal The keys of {@link UnixServerOptions} beyond `ServerOptions`'. */
export const UNIX_SERVER_OPTIONS = ['cleanupSocket'] as const;

/** Files moved aside so far by this process (their names are unique with the pid). */
let asideCount = 0;

/** @internal What identifies a file: its device and inode. */
type FileId = { dev: number; ino: number };

function fileId(path: string): FileId | null {
  try {
    const { dev, ino } = statSync(path);
    return { dev, ino };
  } catch {
    return null; // gone (asyncio: FileNotFoundError) or not reachable: not the server's to remove
  }
}

/** @internal The socket file of one listening Unix socket. */
export class UnixSocketFile {
  readonly #path: string;
  /** Whether the socket has a file at all (a Linux abstract socket, named with a leading NUL, has none). */
  readonly #hasFile: boolean;
  readonly #cleanup: boolean;
  #own: FileId | null = null;
  #bound = false;

  constructor(path: string, cleanup: boolean) {
    this.#path = path;
    this.#hasFile = !path.startsWith('\0');
    this.#cleanup = cleanup && this.#hasFile;
  }

  /**
   * Before binding: remove a socket left at the path by a server that is gone (it died without closing), as
   * asyncio's `create_unix_server` does; anything else there stays (the bind then fails with `EADDRINUSE`).
   * `report` gets an error of looking at or removing it (the bind is still tried, as asyncio logs and goes on).
   */
  removeStale(report: (error: unknown) => void): void {
    if (!this.#hasFile) return;
    try {
      if (statSync(this.#path).isSocket()) unlinkSync(this.#path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') report(e);
    }
  }

  /** The socket is bound: remember which file it made (asyncio records its `st_ino`). */
  bound(): void {
    this.#bound = true;
    if (this.#cleanup && this.#own === null) this.#own = fileId(this.#path);
  }

  /**
   * Close the listening `srv`; the file goes only if it is the one bound. `report` gets an error of moving a file
   * that must stay aside and back.
   */
  close(srv: net.Server, report: (error: unknown) => void): void {
    const path = this.#path;
    // Never bound (a bind that failed): Node has no path to unlink.
    const now = !this.#bound || !this.#hasFile ? null : fileId(path);
    const own = this.#own;
    if (now === null || (own !== null && own.dev === now.dev && own.ino === now.ino)) {
      srv.close(); // nothing there, or the server's own file: Node's close unlinks it
      return;
    }
    const aside = `${path}.${process.pid}-${++asideCount}.keep`;
    try {
      renameSync(path, aside);
    } catch (e) {
      report(e);
      srv.close();
      return;
    }
    try {
      srv.close(); // unlinks `path`, where nothing is now
    } finally {
      try {
        renameSync(aside, path);
      } catch (e) {
        report(e);
      }
    }
  }
}
