/**
 * CPython's Lib/test/test_asyncio/test_subprocess.py, SubprocessMixin (part 1: pipes, exit codes, signals):
 * `createSubprocessExec` / `createSubprocessShell` and `Process` on real child processes. CPython's
 * `sys.executable -c` snippets are JavaScript run by this Node (`process.execPath -e`). CPython runs the mixin
 * under each child watcher; it is ported once (see SKIPPED.md). Part 2 (broken pipes, cancellation, close) is
 * test_subprocess.cancel.test.ts.
 */
import { constants } from 'node:os';
import { sleep } from '../../src';
import {
  createSubprocessExec,
  createSubprocessShell,
  DEVNULL,
  IoArgumentError,
  PIPE,
  type StdioSetting,
} from '../../src/io';
import { NODE, PRINT_INPUT_LENGTH, PROGRAM_BLOCKED, PROGRAM_CAT, portCase } from './subprocessHelpers';
import { failure } from './taskHelpers';

const mixinCase = (name: string, body: Parameters<typeof portCase>[2]) =>
  portCase('SubprocessMixin', name, body);
const [CAT, ...CAT_ARGS] = PROGRAM_CAT;
const [BLOCKED, ...BLOCKED_ARGS] = PROGRAM_BLOCKED;

/** Run PRINT_INPUT_LENGTH with the given stdio, `communicate(input)`, then `wait()`. */
async function printInputLength(
  stdio: { stdin: StdioSetting; stdout: StdioSetting; stderr: StdioSetting },
  input?: string,
): Promise<{ stdout: Buffer | null; stderr: Buffer | null; exitCode: number }> {
  // CPython passes close_fds=False too; Node's spawn has no such option (see SKIPPED.md).
  const proc = await createSubprocessExec(NODE, ['-e', PRINT_INPUT_LENGTH], stdio);
  const [stdout, stderr] = await proc.communicate(input);
  const exitCode = await proc.wait();
  return { stdout, stderr, exitCode };
}

describe('test_subprocess.SubprocessMixin', () => {
  mixinCase('test_stdin_stdout', async () => {
    const proc = await createSubprocessExec(CAT, CAT_ARGS, { stdin: PIPE, stdout: PIPE });
    const stdin = proc.stdin;
    const stdout = proc.stdout;
    if (stdin === null || stdout === null) throw new Error('stdin and stdout must be pipes');
    // feed data
    stdin.write('some data');
    await stdin.drain();
    stdin.close();
    // get output and exit code
    const data = await stdout.read();
    const exitCode = await proc.wait();
    expect(exitCode).toBe(0);
    expect(data.toString()).toBe('some data');
  });

  mixinCase('test_communicate', async () => {
    const proc = await createSubprocessExec(CAT, CAT_ARGS, { stdin: PIPE, stdout: PIPE });
    const [stdout] = await proc.communicate('some data');
    expect(proc.returnCode).toBe(0);
    expect(stdout?.toString()).toBe('some data');
  });

  mixinCase('test_shell', async () => {
    const proc = await createSubprocessShell('exit 7');
    expect(await proc.wait()).toBe(7);
  });

  mixinCase('test_start_new_session', async () => {
    // start the new process in a new session
    const proc = await createSubprocessShell('exit 8', { startNewSession: true });
    expect(await proc.wait()).toBe(8);
  });

  mixinCase('test_kill', async () => {
    const proc = await createSubprocessExec(BLOCKED, BLOCKED_ARGS);
    proc.kill();
    expect(await proc.wait()).toBe(-(constants.signals.SIGKILL as number));
  });

  mixinCase('test_terminate', async () => {
    const proc = await createSubprocessExec(BLOCKED, BLOCKED_ARGS);
    proc.terminate();
    expect(await proc.wait()).toBe(-(constants.signals.SIGTERM as number));
  });

  mixinCase('test_send_signal', async () => {
    // CPython resets its own SIGHUP to SIG_DFL first (dispositions are inherited); libuv resets every signal of a
    // child it spawns to SIG_DFL, so the child gets the default handler (the process is killed) either way.
    const proc = await createSubprocessExec(
      NODE,
      ['-e', 'console.log("sleeping"); setTimeout(() => {}, 3600e3)'],
      { stdout: PIPE },
    );
    // basic synchronization to wait until the program is sleeping
    const line = await proc.stdout?.readLine();
    expect(line?.toString()).toBe('sleeping\n');
    proc.sendSignal('SIGHUP');
    expect(await proc.wait()).toBe(-(constants.signals.SIGHUP as number));
  });

  mixinCase('test_pause_reading', async () => {
    const limit = 10;
    const size = limit * 2 + 1;
    const proc = await createSubprocessExec(NODE, ['-e', `process.stdout.write("x".repeat(${size}))`], {
      stdin: PIPE,
      stdout: PIPE,
      limit,
    });
    // CPython also replaces the stdout pipe transport's pause_reading/resume_reading with mocks and checks they
    // were called: Process exposes no transport (see SKIPPED.md).
    const [stdout] = await proc.communicate();
    expect(stdout?.toString()).toBe('x'.repeat(size));
  });

  mixinCase('test_stdin_not_inheritable', async () => {
    // asyncio issue #209: stdin must not be inheritable, otherwise Process.communicate() hangs
    const { stdout, exitCode } = await printInputLength({ stdin: PIPE, stdout: PIPE, stderr: PIPE }, 'abc');
    expect(stdout?.toString().trimEnd()).toBe('3');
    expect(exitCode).toBe(0);
  });

  mixinCase('test_empty_input', async () => {
    const { stdout, exitCode } = await printInputLength({ stdin: PIPE, stdout: PIPE, stderr: PIPE }, '');
    expect(stdout?.toString().trimEnd()).toBe('0');
    expect(exitCode).toBe(0);
  });

  mixinCase('test_devnull_input', async () => {
    const { stdout, exitCode } = await printInputLength({ stdin: DEVNULL, stdout: PIPE, stderr: PIPE });
    expect(stdout?.toString().trimEnd()).toBe('0');
    expect(exitCode).toBe(0);
  });

  mixinCase('test_devnull_output', async () => {
    const { stdout, exitCode } = await printInputLength(
      { stdin: PIPE, stdout: DEVNULL, stderr: PIPE },
      'abc',
    );
    expect(stdout).toBeNull();
    expect(exitCode).toBe(0);
  });

  mixinCase('test_devnull_error', async () => {
    const { stderr, exitCode } = await printInputLength(
      { stdin: PIPE, stdout: PIPE, stderr: DEVNULL },
      'abc',
    );
    expect(stderr).toBeNull();
    expect(exitCode).toBe(0);
  });

  mixinCase('test_read_stdout_after_process_exit', async () => {
    const code = 'for (let i = 0; i < 64; i++) process.stdout.write("x".repeat(4096)); process.exitCode = 1';
    const proc = await createSubprocessExec(NODE, ['-e', code], { stdout: PIPE });
    let total = 0;
    for (;;) {
      const data = (await proc.stdout?.read(65536)) ?? Buffer.alloc(0);
      if (data.length === 0) break;
      total += data.length;
      // the child has written everything and may have exited meanwhile: what it wrote is still read
      await sleep(300);
    }
    expect(total).toBe(64 * 4096);
    expect(await proc.wait()).toBe(1);
  });

  mixinCase('test_create_subprocess_exec_text_mode_fails', async () => {
    // asyncio: ValueError (streams are bytes); here an unknown option key is an argument error
    for (const options of [{ text: true }, { encoding: 'utf-8' }, { errors: 'strict' }]) {
      expect(await failure(createSubprocessExec(NODE, [], options as never))).toBeInstanceOf(IoArgumentError);
    }
  });

  mixinCase('test_create_subprocess_shell_text_mode_fails', async () => {
    for (const options of [{ text: true }, { encoding: 'utf-8' }, { errors: 'strict' }]) {
      expect(await failure(createSubprocessShell(NODE, options as never))).toBeInstanceOf(IoArgumentError);
    }
  });
});
