/**
 * What `getExtraInfo()` reads from a Node socket (asyncio's extra-info names): `peername`, `sockname`, and for
 * TLS `peerCert`, `cipher`, `sslObject`. A TLS transport's `sslContext` is not the socket's to tell: whoever makes
 * the TLS socket (`connectSocket`, `Server`, `startTls`) puts its `tls.SecureContext` in the transport's table.
 *
 * @packageDocumentation
 */
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { toSocketAddress } from './address';

/** @internal The value of extra-info `name` for `sock`, or `undefined`. */
export function socketExtraInfo(sock: Socket, name: string): unknown {
  switch (name) {
    case 'peername':
      return sock.remoteAddress !== undefined && sock.remotePort !== undefined
        ? [sock.remoteAddress, sock.remotePort]
        : undefined;
    case 'sockname':
      try {
        return toSocketAddress(sock.address());
      } catch {
        return undefined;
      }
    case 'peerCert': {
      if (!(sock instanceof TLSSocket)) return undefined;
      const cert = sock.getPeerCertificate();
      return cert && Object.keys(cert).length > 0 ? cert : undefined;
    }
    case 'cipher':
      return sock instanceof TLSSocket ? sock.getCipher() : undefined;
    case 'sslObject':
      return sock instanceof TLSSocket ? sock : undefined;
    default:
      return undefined;
  }
}
