// The declarations use Node's types (Buffer, AbortSignal, NodeJS.*): a program that imports this entry point gets
// them even when its tsconfig lists no `types` (`tsc --init`'s default). @types/node is a peer dependency.
/// <reference types="node" preserve="true" />
/**
 * `qtasyncio/io`: streams, servers, transports and protocols, UDP, subprocesses, OS signals and DNS, on Node's
 * `net`, `tls`, `dgram`, `child_process` and `dns` (asyncio's level-2 API).
 *
 * **Importing `qtasyncio/io` adds methods to `EventLoop`**: `createConnection`, `createUnixConnection`,
 * `createServer`, `createUnixServer`, `createDatagramEndpoint`, `subprocessExec`, `subprocessShell`,
 * `addSignalHandler`, `removeSignalHandler`, `getaddrinfo`, `getnameinfo` (installed on `EventLoop.prototype`
 * and typed by declaration merging).
 *
 * @example
 * ```ts
 * import { run } from 'qtasyncio';
 * import { openConnection } from 'qtasyncio/io';
 * await run(async () => {
 *   const [reader, writer] = await openConnection({ host: '127.0.0.1', port: 8888 });
 *   writer.write('hello\n');
 *   console.log((await reader.readline()).toString());
 *   writer.close();
 *   await writer.waitClosed();
 * }, { keepRunning: false });
 * ```
 *
 * @packageDocumentation
 */
import './loopMethods';

// Addresses
export type { InetAddress, SocketAddress } from './address';
// Connections and servers (transport level)
export {
  type ClientSslOptions,
  type ConnectionOptions,
  createConnection,
  createUnixConnection,
  type UnixConnectionOptions,
} from './connections';
export { createDatagramEndpoint, type DatagramEndpointOptions, UdpTransport } from './datagrams';
// DNS
export {
  type AddrInfo,
  type GetaddrinfoOptions,
  getaddrinfo,
  getnameinfo,
  IPPROTO_TCP,
  IPPROTO_UDP,
  SOCK_DGRAM,
  SOCK_STREAM,
} from './dns';
// Errors
export {
  BrokenPipeError,
  ConnectionAbortedError,
  ConnectionError,
  ConnectionRefusedError,
  ConnectionResetError,
  FileNotFoundError,
  fromNodeError,
  GaiError,
  IncompleteReadError,
  IoArgumentError,
  IoRangeError,
  IoStateError,
  LimitOverrunError,
  OSError,
  ProcessLookupError,
} from './errors';
// Subprocesses
export { Process } from './process';
// Protocols
export {
  BaseProtocol,
  BufferedProtocol,
  DatagramProtocol,
  Protocol,
  SubprocessProtocol,
} from './protocols';
export { createServer, createUnixServer, Server, type ServerOptions } from './servers';
// OS signals
export { addSignalHandler, removeSignalHandler } from './signals';
export { SocketTransport, type StreamProtocol } from './socketTransport';
// Streams
export { type ClientConnectedCallback, StreamReaderProtocol } from './streamProtocol';
export { DEFAULT_LIMIT, StreamReader, type StreamReaderOptions } from './streamReader';
export {
  type OpenConnectionOptions,
  type OpenUnixConnectionOptions,
  openConnection,
  openUnixConnection,
  type StartServerOptions,
  type StartUnixServerOptions,
  startServer,
  startUnixServer,
} from './streams';
export { type StartTlsOptions, StreamWriter, type WriterProtocol } from './streamWriter';
export {
  createSubprocessExec,
  createSubprocessShell,
  DEVNULL,
  PIPE,
  STDOUT,
  type StdioSetting,
  type SubprocessOptions,
  subprocessExec,
  subprocessShell,
} from './subprocess';
export { ChildProcessTransport } from './subprocessTransport';
// Transports
export type {
  BaseTransport,
  DatagramTransport,
  ExtraInfoName,
  ReadTransport,
  SubprocessTransport,
  Transport,
  WriteTransport,
} from './transports';
