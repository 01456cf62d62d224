// The declarations use Node's types (Buffer, AbortSignal, NodeJS.*): a program that imports this entry point gets
// them even when its tsconfig lists no `types` (`tsc --init`'s default). @types/node is a peer dependency.
/// <reference types="node" preserve="true" />
/**
 * `qtasyncio/io`: streams, servers, transports and protocols, UDP, subprocesses, OS signals and DNS, on Node's
 * `net`, `tls`, `dgram`, `child_process` and `dns` (asyncio's level-2 API).
 *
 * The transport-level operations are methods of every `EventLoop` (asyncio's): `loop.createConnection`,
 * `createUnixConnection`, `createServer`, `createUnixServer`, `createDatagramEndpoint`, `subprocessExec`,
 * `subprocessShell`, `addSignalHandler`, `removeSignalHandler`, `getaddrinfo`, `getnameinfo`; this entry point
 * holds their option and result types and the stream-level functions.
 *
 * @example
 * ```ts
 * import { run } from 'qtasyncio';
 * import { openConnection } from 'qtasyncio/io';
 * await run(async () => {
 *   const [reader, writer] = await openConnection({ host: '127.0.0.1', port: 8888 });
 *   writer.write('hello\n');
 *   console.log((await reader.readLine()).toString());
 *   writer.close();
 *   await writer.waitClosed();
 * }, { keepRunning: false });
 * ```
 *
 * @packageDocumentation
 */
// Addresses
export type { InetAddress, SocketAddress } from './address';
// Connections and servers (transport level)
export type { ClientSslOptions, ConnectionOptions, UnixConnectionOptions } from './connections';
export type { DatagramEndpointOptions } from './datagrams';
// DNS
export {
  type AddrInfo,
  type GetaddrinfoOptions,
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
  GaiError,
  IncompleteReadError,
  IoArgumentError,
  IoRangeError,
  IoStateError,
  LimitOverrunError,
  LineTooLongError,
  OSError,
  ProcessLookupError,
} from './errors';
// Subprocesses (a Process is made by createSubprocessExec/createSubprocessShell: a type only)
export type { Process } from './process';
// Protocols
export {
  BaseProtocol,
  BufferedProtocol,
  DatagramProtocol,
  Protocol,
  SubprocessProtocol,
} from './protocols';
// A Server is made by loop.createServer/startServer: a type only
export type { Server, ServerOptions } from './servers';
export type { StreamProtocol } from './socketTransport';
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
} from './subprocess';
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
export type { UnixServerOptions } from './unixSocketFile';
