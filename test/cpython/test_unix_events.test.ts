/**
 * CPython's Lib/test/test_asyncio/test_unix_events.py (its current version: the child watchers went in 3.14),
 * ported case by case: the signal handlers of the loop and its Unix sockets. The signal cases that deliver real
 * signals run in a child program (test/fixtures/cpython/unix-events-signals.js, on the built package), since
 * Jest's sandboxed `process` cannot receive them; CPython's versions check the same through a mock `signal`
 * module. The Unix socket cases use real sockets in a temporary directory. The cases that patch `os`, `signal`
 * or `socket`, the pipe transports, `sock=`, sendfile, `add_reader` and fork are listed in SKIPPED.md.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventLoop } from '../../src';
import {
  FileNotFoundError,
  IoArgumentError,
  IoRangeError,
  OSError,
  openUnixConnection,
  Protocol,
} from '../../src/io';
import { onLoop } from '../../src/testing';
import { assertBuilt } from '../helpers/built';
import { staleUnixSocket } from '../io/helpers';
import { runNode } from '../qt/run-fixture';
import { withSocketDir } from './eventsHelpers';

const REAL = { realTime: true, failOnException: true } as const;
/** `signal.NSIG` on Linux: the signals are 1–64. */
const NSIG = 65;

/**
 * Run one case of the fixture: its RESULT line, after checking that the signal it raised last (whose handler was
 * removed) ended the process by its default action.
 */
async function runSignalCase(name: string, endedBy: NodeJS.Signals): Promise<Record<string, unknown>> {
  const r = await runNode('test/fixtures/cpython/unix-events-signals.js', { args: [name] });
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (line === undefined) {
    throw new Error(`${name}: exited with ${r.code} (${r.signal}), stdout: ${r.stdout} stderr: ${r.stderr}`);
  }
  expect(r.stderr).toBe('');
  expect({ code: r.code, signal: r.signal }).toEqual({ code: null, signal: endedBy });
  return JSON.parse(line.slice('RESULT '.length)) as Record<string, unknown>;
}

const noProtocol = (): Protocol => new Protocol();

beforeAll(() => assertBuilt(join('dist', 'io', 'index.js')));

describe('test_unix_events.SelectorEventLoopSignalTests', () => {
  // CPython calls the private `_check_signal`; here its two public callers, which check before installing.
  test('test_unix_events.SelectorEventLoopSignalTests.test_check_signal', () =>
    onLoop(async (loop: EventLoop) => {
      // asyncio: TypeError for '1' (not an int), ValueError for NSIG + 1.
      for (const call of [
        (sig: NodeJS.Signals | number) => loop.addSignalHandler(sig, () => {}),
        (sig: NodeJS.Signals | number) => loop.removeSignalHandler(sig),
      ]) {
        expect(() => call('1' as never)).toThrow(IoArgumentError);
        expect(() => call(NSIG + 1)).toThrow(IoRangeError);
      }
    }));

  test('test_unix_events.SelectorEventLoopSignalTests.test_add_signal_handler_coroutine_error', () =>
    onLoop(async (loop: EventLoop) => {
      async function simpleCoroutine(): Promise<void> {}
      // A coroutine function, and a coroutine object (here the Promise its call made).
      const coroObj = simpleCoroutine();
      try {
        for (const func of [simpleCoroutine, coroObj]) {
          expect(() => loop.addSignalHandler('SIGINT', func as never)).toThrow(IoArgumentError);
        }
        expect(() => loop.addSignalHandler('SIGINT', simpleCoroutine)).toThrow(
          'addSignalHandler(callback): an async function cannot be a callback',
        );
      } finally {
        // Nothing was installed (were it, this would remove it from Jest's process).
        expect(loop.removeSignalHandler('SIGINT')).toBe(false);
        await coroObj;
      }
    }));

  test('test_unix_events.SelectorEventLoopSignalTests.test_remove_signal_handler', async () => {
    // remove returns true; the signal gets its default action back (asyncio: `signal.signal(SIGHUP, SIG_DFL)`).
    expect(await runSignalCase('test_remove_signal_handler', 'SIGHUP')).toEqual({
      whileSet: [1],
      removed: true,
      after: [0],
    });
  });

  test('test_unix_events.SelectorEventLoopSignalTests.test_remove_signal_handler_2', async () => {
    // SIGINT goes back to its default (asyncio: `default_int_handler`), the other handler keeps working.
    expect(await runSignalCase('test_remove_signal_handler_2', 'SIGINT')).toEqual({
      removed: true,
      hupCaught: true,
      hups: 1,
      after: [0, 1],
    });
  });

  test('test_unix_events.SelectorEventLoopSignalTests.test_close', async () => {
    // close() removes every handler: none left, and SIGHUP has its default action again.
    expect(await runSignalCase('test_close', 'SIGHUP')).toEqual({ whileOpen: [1, 1], afterClose: [0, 0] });
  });
});

describe('test_unix_events.SelectorEventLoopUnixSocketTests', () => {
  test('test_unix_events.SelectorEventLoopUnixSocketTests.test_create_unix_server_existing_path_sock', () =>
    withSocketDir((path) =>
      onLoop(async (loop) => {
        // A socket bound and listening at the path, then gone without removing its file.
        staleUnixSocket(path);
        expect(statSync(path).isSocket()).toBe(true);
        const srv = await loop.createUnixServer(noProtocol, path);
        srv.close();
        await srv.waitClosed();
      }, REAL),
    ));

  test('test_unix_events.SelectorEventLoopUnixSocketTests.test_create_unix_connection_pathlike', () =>
    withSocketDir((path) =>
      onLoop(async (loop) => {
        // Nothing at the path (CPython passes it as an os.PathLike; a string here, see SKIPPED.md).
        await expect(loop.createUnixConnection(noProtocol, path)).rejects.toBeInstanceOf(FileNotFoundError);
      }, REAL),
    ));

  test('test_unix_events.SelectorEventLoopUnixSocketTests.test_create_unix_server_existing_path_nonsock', () =>
    withSocketDir((path) =>
      onLoop(async (loop) => {
        writeFileSync(path, ''); // create the file
        const made = loop.createUnixServer(noProtocol, path);
        await expect(made).rejects.toBeInstanceOf(OSError);
        // asyncio: "Address '…' is already in use"; Node's words, with the OS's code.
        await expect(made).rejects.toMatchObject({ code: 'EADDRINUSE', message: /address.*already in use/i });
        expect(existsSync(path)).toBe(true); // not a socket: never removed as a stale one
      }, REAL),
    ));

  test('test_unix_events.SelectorEventLoopUnixSocketTests.test_create_unix_server_ssl_bool', () =>
    onLoop(async (loop) => {
      // asyncio: TypeError "ssl argument must be an SSLContext".
      const made = loop.createUnixServer(noProtocol, 'spam', { ssl: true as never });
      await expect(made).rejects.toBeInstanceOf(IoArgumentError);
      await expect(made).rejects.toThrow('createUnixServer(ssl): expected TLS server options, got true');
    }, REAL));

  test('test_unix_events.SelectorEventLoopUnixSocketTests.test_create_unix_server_nopath_nosock', () =>
    onLoop(async (loop) => {
      // asyncio: ValueError "path was not specified, and no sock"; a missing argument is an argument error here.
      const made = loop.createUnixServer(noProtocol, undefined as never);
      await expect(made).rejects.toBeInstanceOf(IoArgumentError);
      await expect(made).rejects.toThrow(
        'createUnixServer(path): expected a non-empty socket path, got undefined',
      );
    }, REAL));

  test('test_unix_events.SelectorEventLoopUnixSocketTests.test_create_unix_connection_nopath_nosock', () =>
    onLoop(async (loop) => {
      // asyncio: ValueError "no path and sock were specified".
      const made = loop.createUnixConnection(noProtocol, undefined as never);
      await expect(made).rejects.toBeInstanceOf(IoArgumentError);
      await expect(made).rejects.toThrow('createUnixConnection(path): expected a non-empty socket path');
    }, REAL));

  test('test_unix_events.SelectorEventLoopUnixSocketTests.test_create_unix_connection_nossl_serverhost', () =>
    onLoop(async (loop) => {
      // asyncio: ValueError "server_hostname is only meaningful with ssl".
      const made = loop.createUnixConnection(noProtocol, '/dev/null', { serverHostname: 'spam' });
      await expect(made).rejects.toBeInstanceOf(IoArgumentError);
      await expect(made).rejects.toThrow('only meaningful with options.ssl');
    }, REAL));

  test('test_unix_events.SelectorEventLoopUnixSocketTests.test_create_unix_connection_ssl_noserverhost', () =>
    onLoop(async (loop) => {
      // asyncio: ValueError "you have to pass server_hostname when using ssl" (a Unix socket has no host name).
      const made = loop.createUnixConnection(noProtocol, '/dev/null', { ssl: true });
      await expect(made).rejects.toBeInstanceOf(IoArgumentError);
      await expect(made).rejects.toThrow(
        'createUnixConnection(options.serverHostname): required with options.ssl',
      );
      await expect(openUnixConnection({ path: '/dev/null', ssl: true })).rejects.toThrow(
        'createUnixConnection(options.serverHostname): required with options.ssl',
      );
    }, REAL));
});
