/**
 * CPython's Lib/test/test_asyncio/test_subprocess.py, SubprocessMixin (part 2: broken pipes, cancellation, close)
 * on real child processes; part 1 is test_subprocess.test.ts. Where CPython only checks that nothing escapes a
 * cancelled creation, these ports also check what asyncio's creation does then: the child it started is killed
 * (found by a unique token on its command line).
 */
import { randomUUID } from 'node:crypto';
import { constants } from 'node:os';
import { CancelledError, type EventLoop, sleep } from '../../src';
import {
  BrokenPipeError,
  ConnectionResetError,
  createSubprocessExec,
  PIPE,
  SubprocessProtocol,
  type SubprocessTransport,
} from '../../src/io';
import { hangGuardMs } from '../helpers/hangGuard';
import { NODE, PROGRAM_BLOCKED, pidsWith, portCase } from './subprocessHelpers';
import { failure } from './taskHelpers';

const mixinCase = (
  name: string,
  body: Parameters<typeof portCase>[2],
  options?: Parameters<typeof portCase>[3],
) => portCase('SubprocessMixin', name, body, options);
const [BLOCKED, ...BLOCKED_ARGS] = PROGRAM_BLOCKED;

/** CPython's support.PIPE_MAX_SIZE: more than any pipe buffer holds. */
const PIPE_MAX_SIZE = 4 * 1024 * 1024 + 1;

/** CPython's prepare_broken_pipe_test: a child that ends before its stdin can be fed, and data to feed it. */
async function prepareBrokenPipeTest() {
  const proc = await createSubprocessExec(NODE, ['-e', ''], { stdin: PIPE });
  return { proc, largeData: Buffer.alloc(PIPE_MAX_SIZE, 'x') };
}

/**
 * A blocked child's arguments with a unique token, and a wait until no process carries that token any more: it
 * fails after a hang guard (shorter than the case's own) saying the child still runs, and kills it then.
 */
function blockedWithToken(): { args: string[]; gone: (loop: EventLoop) => Promise<void> } {
  const token = `qtasyncio-test-${randomUUID()}`;
  return {
    args: [...BLOCKED_ARGS, token],
    gone: async (loop) => {
      const ms = hangGuardMs(10_000);
      const limit = loop.time() + ms;
      while (pidsWith(token).length > 0) {
        if (loop.time() > limit) {
          for (const pid of pidsWith(token)) process.kill(pid, 'SIGKILL'); // leave no child behind
          throw new Error(`hang guard fired: the child of the cancelled creation still ran after ${ms} ms`);
        }
        await sleep(10);
      }
    },
  };
}

/** A SubprocessProtocol that records its exit (CPython's case awaits the private `transport._wait()`). */
class ExitProtocol extends SubprocessProtocol {
  transport: SubprocessTransport | null = null;
  returnCode: number | null = null;
  lost: (() => void) | null = null;
  override connectionMade(transport: SubprocessTransport): void {
    this.transport = transport;
  }
  override processExited(): void {
    this.returnCode = this.transport?.getReturnCode() ?? null;
  }
  override connectionLost(): void {
    this.lost?.();
  }
}

describe('test_subprocess.SubprocessMixin (broken pipes, cancellation, close)', () => {
  mixinCase('test_stdin_broken_pipe', async () => {
    const { proc, largeData } = await prepareBrokenPipeTest();
    const writeStdin = async (): Promise<void> => {
      await sleep(500);
      proc.stdin?.write(largeData);
      await proc.stdin?.drain();
    };
    // drain() must raise BrokenPipeError or ConnectionResetError (here write() may already raise it)
    const err = await failure(writeStdin());
    expect(err instanceof BrokenPipeError || err instanceof ConnectionResetError).toBe(true);
    await proc.wait();
  });

  mixinCase(
    'test_communicate_ignore_broken_pipe',
    async () => {
      const { proc, largeData } = await prepareBrokenPipeTest();
      // communicate() must ignore BrokenPipeError when feeding stdin
      await proc.communicate(largeData);
      await proc.wait();
    },
    // CPython sets an exception handler that ignores every call
    { allowHandlerCalls: true },
  );

  mixinCase('test_cancel_process_wait', async (loop) => {
    // Issue #23140: cancel Process.wait()
    const proc = await createSubprocessExec(BLOCKED, BLOCKED_ARGS);
    // Create an internal future waiting on the process exit
    const task = loop.createTask(() => proc.wait());
    loop.callSoon(() => task.cancel());
    expect(await failure(task)).toBeInstanceOf(CancelledError);
    // Cancel the future
    task.cancel();
    // Kill the process and wait until it is done
    proc.kill();
    expect(await proc.wait()).toBe(-(constants.signals.SIGKILL as number));
  });

  mixinCase('test_cancel_make_subprocess_transport_exec', async (loop) => {
    const child = blockedWithToken();
    // CPython's call_soon(task.cancel) finds the task waiting in the creation, which takes asyncio a few
    // iterations; here it may end within the iteration of the task's first step. So that step runs eagerly (now)
    // and the cancel comes right after it, while the task waits in the creation.
    const task = loop.createTask(() => createSubprocessExec(BLOCKED, child.args), { eagerStart: true });
    expect(task.cancel()).toBe(true);
    expect(await failure(task)).toBeInstanceOf(CancelledError);
    await child.gone(loop);
  });

  mixinCase('test_cancel_post_init', async (loop) => {
    const child = blockedWithToken();
    const task = loop.createTask(() =>
      loop.subprocessExec(() => new SubprocessProtocol(), BLOCKED, child.args),
    );
    loop.callSoon(() => task.cancel());
    expect(await failure(task)).toBeInstanceOf(CancelledError);
    await child.gone(loop);
  });

  mixinCase('test_close_kill_running', async (loop) => {
    const [transport, protocol] = await loop.subprocessExec(() => new ExitProtocol(), BLOCKED, BLOCKED_ARGS);
    const lost = loop.createFuture<void>();
    protocol.lost = () => lost.setResult();
    expect(transport.getReturnCode()).toBeNull();
    transport.close();
    await lost;
    // transport.close() must kill the process if it is still running (CPython wraps Popen.kill to see the call)
    expect(protocol.returnCode).toBe(-(constants.signals.SIGKILL as number));
  });
});
