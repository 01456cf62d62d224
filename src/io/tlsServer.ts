/**
 * The TLS side of a listening server (`tls.Server`): each connection with the server's `tls.SecureContext`, and
 * a client's failed handshake.
 *
 * @packageDocumentation
 */
import * as tls from 'node:tls';
import type { EventLoop } from '../loop/eventLoop';
import { loopLogger } from '../loop/exceptionHandler';

/**
 * @internal A TLS server that calls `onConnection` with each connection and the server's `tls.SecureContext`: the one
 * Node makes from the options and makes every connection with (its `_sharedCreds`, read at each connection, so
 * a `setSecureContext()` on `server.sockets` is seen), and `onHandshakeFailed` when a client's handshake fails
 * (Node then destroys that socket). `options.allowHalfOpen` holds from the end of the handshake on: a client
 * that goes away during it (a scanner, or one that refused the certificate) gets its socket closed, where a
 * half-open one would stay open forever, unseen, and keep the server's `close()` from completing.
 */
export function tlsServer(
  options: tls.TlsOptions,
  onConnection: (sock: tls.TLSSocket, sslContext: tls.SecureContext | undefined) => void,
  onHandshakeFailed: (error: Error, sock: tls.TLSSocket) => void,
): tls.Server {
  const halfOpen = options.allowHalfOpen === true;
  const srv = tls.createServer({ ...options, allowHalfOpen: false });
  const context = (): tls.SecureContext | undefined =>
    (srv as { _sharedCreds?: tls.SecureContext })._sharedCreds;
  srv.on('tlsClientError', onHandshakeFailed);
  return srv.on('secureConnection', (sock: tls.TLSSocket) => {
    sock.allowHalfOpen = halfOpen; // Node's stream reads it at the peer's EOF
    onConnection(sock, context());
  });
}

/**
 * @internal A client's TLS handshake failed: logged in debug mode, as asyncio's SSLProtocol logs it (an OSError of one
 * connection is a debug message there, not an exception handler report: a scanner or a client with the wrong CA
 * is not the program's error).
 */
export function reportHandshakeFailed(loop: EventLoop, error: Error, sock: tls.TLSSocket): void {
  if (!loop.getDebug()) return;
  loopLogger.warn(`TLS handshake failed with ${sock.remoteAddress}:${sock.remotePort}: ${error.message}`);
}
