/**
 * CPython's Lib/test/test_asyncio/test_events.py, SubprocessTestsMixin: `loop.subprocessExec` /
 * `loop.subprocessShell` with a SubprocessProtocol, on real child processes. CPython's echo.py, echo2.py and
 * echo3.py are test/fixtures/cpython/echo*.js, run by this Node. Each case runs on a real-time loop.
 */
import { constants } from 'node:os';
import { join } from 'node:path';
import { Event, type EventLoop, type Future, LoopArgumentError } from '../../src';
import { STDOUT, SubprocessProtocol, type SubprocessTransport } from '../../src/io';
import { onLoop } from '../../src/testing';
import { ProtocolStateError } from './eventsHelpers';
import { failure } from './taskHelpers';

const REAL = { realTime: true, failOnException: true } as const;
const FIXTURES = join(__dirname, '..', 'fixtures', 'cpython');
const NODE = process.execPath;

/** CPython's MySubprocessProtocol: records what each pipe brings and checks the order of the callbacks. */
class MySubprocessProtocol extends SubprocessProtocol {
  state = 'INITIAL';
  transport: SubprocessTransport | null = null;
  readonly connected: Future<void>;
  readonly completed: Future<void>;
  readonly disconnects: Future<unknown>[];
  readonly data: Record<1 | 2, string> = { 1: '', 2: '' };
  returnCode: number | null = null;
  readonly gotData: Record<1 | 2, Event> = { 1: new Event(), 2: new Event() };

  constructor(loop: EventLoop) {
    super();
    this.connected = loop.createFuture<void>();
    this.completed = loop.createFuture<void>();
    this.disconnects = [0, 1, 2].map(() => loop.createFuture<unknown>());
  }

  #assertState(expected: string): void {
    if (this.state !== expected) throw new ProtocolStateError(`state: ${this.state}, expected: ${expected}`);
  }

  override connectionMade(transport: SubprocessTransport): void {
    this.transport = transport;
    this.#assertState('INITIAL');
    this.state = 'CONNECTED';
    this.connected.setResult();
  }

  override connectionLost(_exc: unknown): void {
    this.#assertState('CONNECTED');
    this.state = 'CLOSED';
    this.completed.setResult();
  }

  override pipeDataReceived(fd: number, data: Buffer): void {
    this.#assertState('CONNECTED');
    this.data[fd as 1 | 2] += data.toString();
    this.gotData[fd as 1 | 2].set();
  }

  override pipeConnectionLost(fd: number, exc: unknown): void {
    this.#assertState('CONNECTED');
    const f = this.disconnects[fd] as Future<unknown>;
    if (exc) f.setException(exc);
    else f.setResult(exc);
  }

  override processExited(): void {
    this.#assertState('CONNECTED');
    this.returnCode = this.transport?.getReturnCode() ?? null;
  }
}

/** `loop.subprocessExec` of `node test/fixtures/cpython/<script>`, with CPython's checks of the connection. */
async function execFixture(
  loop: EventLoop,
  script: string,
  options: { stderr?: number } = {},
): Promise<[SubprocessTransport, MySubprocessProtocol]> {
  const [transp, proto] = await loop.subprocessExec(
    () => new MySubprocessProtocol(loop),
    NODE,
    [join(FIXTURES, script)],
    options,
  );
  expect(proto).toBeInstanceOf(MySubprocessProtocol);
  await proto.connected;
  expect(proto.state).toBe('CONNECTED');
  return [transp, proto];
}

const stdinOf = (t: SubprocessTransport) =>
  t.getPipeTransport(0) as NonNullable<ReturnType<typeof t.getPipeTransport>>;
const KILLED = -(constants.signals.SIGKILL as number);

/** Close the transport and check the child was killed by it (CPython's `check_killed` after `close()`). */
async function closeKilled(transp: SubprocessTransport, proto: MySubprocessProtocol): Promise<void> {
  transp.close();
  await proto.completed;
  expect(proto.returnCode).toBe(KILLED);
}

describe('test_events.SubprocessTestsMixin', () => {
  test('test_events.SubprocessTestsMixin.test_subprocess_exec', () =>
    onLoop(async (loop) => {
      const [transp, proto] = await execFixture(loop, 'echo.js');
      stdinOf(transp).write('Python The Winner');
      await proto.gotData[1].wait();
      await closeKilled(transp, proto);
      expect(proto.data[1]).toBe('Python The Winner');
    }, REAL));

  test('test_events.SubprocessTestsMixin.test_subprocess_interactive', () =>
    onLoop(async (loop) => {
      const [transp, proto] = await execFixture(loop, 'echo.js');
      const stdin = stdinOf(transp);
      stdin.write('Python ');
      await proto.gotData[1].wait();
      proto.gotData[1].clear();
      expect(proto.data[1]).toBe('Python ');

      stdin.write('The Winner');
      await proto.gotData[1].wait();
      expect(proto.data[1]).toBe('Python The Winner');

      await closeKilled(transp, proto);
    }, REAL));

  test('test_events.SubprocessTestsMixin.test_subprocess_shell', () =>
    onLoop(async (loop) => {
      const [transp, proto] = await loop.subprocessShell(() => new MySubprocessProtocol(loop), 'echo Python');
      expect(proto).toBeInstanceOf(MySubprocessProtocol);
      await proto.connected;

      stdinOf(transp).close();
      await proto.completed;
      expect(proto.returnCode).toBe(0);
      expect(proto.disconnects.every((f) => f.done())).toBe(true);
      expect(proto.data[1].replace(/[\r\n]+$/, '')).toBe('Python');
      expect(proto.data[2]).toBe('');
      transp.close();
    }, REAL));

  test('test_events.SubprocessTestsMixin.test_subprocess_exitcode', () =>
    onLoop(async (loop) => {
      const [transp, proto] = await loop.subprocessShell(() => new MySubprocessProtocol(loop), 'exit 7', {
        stdin: null,
        stdout: null,
        stderr: null,
      });
      expect(proto).toBeInstanceOf(MySubprocessProtocol);
      await proto.completed;
      expect(proto.returnCode).toBe(7);
      transp.close();
    }, REAL));

  test('test_events.SubprocessTestsMixin.test_subprocess_close_after_finish', () =>
    onLoop(async (loop) => {
      const [transp, proto] = await loop.subprocessShell(() => new MySubprocessProtocol(loop), 'exit 7', {
        stdin: null,
        stdout: null,
        stderr: null,
      });
      expect(proto).toBeInstanceOf(MySubprocessProtocol);
      expect(transp.getPipeTransport(0)).toBeNull();
      expect(transp.getPipeTransport(1)).toBeNull();
      expect(transp.getPipeTransport(2)).toBeNull();
      await proto.completed;
      expect(proto.returnCode).toBe(7);
      expect(transp.close()).toBeUndefined();
    }, REAL));

  test('test_events.SubprocessTestsMixin.test_subprocess_kill', () =>
    onLoop(async (loop) => {
      const [transp, proto] = await execFixture(loop, 'echo.js');
      transp.kill();
      await proto.completed;
      expect(proto.returnCode).toBe(KILLED);
      transp.close();
    }, REAL));

  test('test_events.SubprocessTestsMixin.test_subprocess_terminate', () =>
    onLoop(async (loop) => {
      const [transp, proto] = await execFixture(loop, 'echo.js');
      transp.terminate();
      await proto.completed;
      expect(proto.returnCode).toBe(-(constants.signals.SIGTERM as number));
      transp.close();
    }, REAL));

  test('test_events.SubprocessTestsMixin.test_subprocess_send_signal', () =>
    onLoop(async (loop) => {
      const [transp, proto] = await execFixture(loop, 'echo.js');
      transp.sendSignal('SIGHUP');
      await proto.completed;
      expect(proto.returnCode).toBe(-(constants.signals.SIGHUP as number));
      transp.close();
    }, REAL));

  test('test_events.SubprocessTestsMixin.test_subprocess_stderr', () =>
    onLoop(async (loop) => {
      const [transp, proto] = await execFixture(loop, 'echo2.js');
      stdinOf(transp).write('test');
      await proto.completed;
      transp.close();
      expect(proto.data[1]).toBe('OUT:test');
      expect(proto.data[2].startsWith('ERR:test')).toBe(true);
      expect(proto.returnCode).toBe(0);
    }, REAL));

  test('test_events.SubprocessTestsMixin.test_subprocess_stderr_redirect_to_stdout', () =>
    onLoop(async (loop) => {
      const [transp, proto] = await execFixture(loop, 'echo2.js', { stderr: STDOUT });
      const stdin = stdinOf(transp);
      expect(transp.getPipeTransport(1)).not.toBeNull();
      expect(transp.getPipeTransport(2)).toBeNull();
      stdin.write('test');
      await proto.completed;
      expect(proto.data[1].startsWith('OUT:testERR:test')).toBe(true);
      expect(proto.data[2]).toBe('');
      transp.close();
      expect(proto.returnCode).toBe(0);
    }, REAL));

  test('test_events.SubprocessTestsMixin.test_subprocess_close_client_stream', () =>
    onLoop(async (loop) => {
      const [transp, proto] = await execFixture(loop, 'echo3.js');
      const stdin = stdinOf(transp);
      const stdout = transp.getPipeTransport(1);
      stdin.write('test');
      await proto.gotData[1].wait();
      expect(proto.data[1]).toBe('OUT:test');

      stdout?.close();
      await proto.disconnects[1];
      stdin.write('xxx');
      await proto.gotData[2].wait();
      // asyncio's echo3.py writes the exception's class name (BrokenPipeError); Node's error code is EPIPE.
      expect(proto.data[2]).toBe('ERR:EPIPE');
      await closeKilled(transp, proto);
    }, REAL));

  test('test_events.SubprocessTestsMixin.test_subprocess_exec_invalid_args', () =>
    onLoop(async (loop) => {
      const connect = (options: Record<string, unknown>) =>
        loop.subprocessExec(() => new SubprocessProtocol(), 'pwd', [], options as never);
      // asyncio: ValueError; here an unknown option key is an argument error.
      expect(await failure(connect({ universalNewlines: true }))).toBeInstanceOf(LoopArgumentError);
      expect(await failure(connect({ bufsize: 4096 }))).toBeInstanceOf(LoopArgumentError);
      expect(await failure(connect({ shell: true }))).toBeInstanceOf(LoopArgumentError);
    }, REAL));

  test('test_events.SubprocessTestsMixin.test_subprocess_shell_invalid_args', () =>
    onLoop(async (loop) => {
      const connect = (cmd: unknown, options: Record<string, unknown> = {}) =>
        loop.subprocessShell(() => new SubprocessProtocol(), (cmd ?? 'pwd') as string, options as never);
      // asyncio: ValueError; here a command that is not a string and an unknown option key are argument errors.
      expect(await failure(connect(['ls', '-l']))).toBeInstanceOf(LoopArgumentError);
      expect(await failure(connect(null, { universalNewlines: true }))).toBeInstanceOf(LoopArgumentError);
      expect(await failure(connect(null, { bufsize: 4096 }))).toBeInstanceOf(LoopArgumentError);
      expect(await failure(connect(null, { shell: false }))).toBeInstanceOf(LoopArgumentError);
    }, REAL));
});
