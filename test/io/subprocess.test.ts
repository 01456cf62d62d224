/**
 * Subprocesses with real child processes (`process.execPath -e …`).
 */
import { realpathSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { CancelledError, sleep } from '../../src';
import {
  BrokenPipeError,
  createSubprocessExec,
  createSubprocessShell,
  DEVNULL,
  FileNotFoundError,
  IoArgumentError,
  PIPE,
  ProcessLookupError,
  STDOUT,
  SubprocessProtocol,
  type SubprocessTransport,
} from '../../src/io';
import { onLoop } from '../../src/testing';

const node = process.execPath;

describe('createSubprocessExec / Process', () => {
  it('communicate(input) passes stdin through and collects stdout and stderr; returnCode is the exit code', async () => {
    await onLoop(
      async () => {
        const proc = await createSubprocessExec(
          node,
          [
            '-e',
            'process.stdin.pipe(process.stdout); process.stderr.write("err"); process.stdin.on("end", () => process.exitCode = 3)',
          ],
          { stdin: PIPE, stdout: PIPE, stderr: PIPE },
        );
        expect(proc.pid).toBeGreaterThan(0);
        expect(proc.returnCode).toBeNull();
        const [out, err] = await proc.communicate('hello child');
        expect(out?.toString()).toBe('hello child');
        expect(err?.toString()).toBe('err');
        expect(proc.returnCode).toBe(3);
        expect(await proc.wait()).toBe(3);
      },
      { realTime: true, failOnException: true },
    );
  });

  it('communicate() moves 10 MiB each way without deadlock', async () => {
    await onLoop(
      async () => {
        const input = Buffer.alloc(10 * 1024 * 1024);
        for (let i = 0; i < input.length; i += 4096) input.writeUInt32BE(i, i);
        const proc = await createSubprocessExec(node, ['-e', 'process.stdin.pipe(process.stdout)'], {
          stdin: PIPE,
          stdout: PIPE,
        });
        const [out, err] = await proc.communicate(input);
        expect(err).toBeNull();
        expect(out?.length).toBe(input.length);
        expect(out?.equals(input)).toBe(true);
        expect(proc.returnCode).toBe(0);
      },
      { realTime: true, failOnException: true },
    );
  });

  it('kill() on a running child resolves wait() with -SIGKILL; terminate() with -SIGTERM', async () => {
    await onLoop(
      async () => {
        const proc = await createSubprocessExec(node, ['-e', 'setInterval(() => {}, 1000)']);
        proc.kill();
        expect(await proc.wait()).toBe(-constants.signals.SIGKILL);
        expect(proc.returnCode).toBe(-9);
        expect(() => proc.kill()).toThrow(ProcessLookupError);
        const p2 = await createSubprocessExec(node, ['-e', 'setInterval(() => {}, 1000)']);
        p2.terminate();
        expect(await p2.wait()).toBe(-constants.signals.SIGTERM);
        const p3 = await createSubprocessExec(
          node,
          [
            '-e',
            'process.on("SIGUSR2", () => process.exit(7)); setInterval(() => {}, 1000); process.stdout.write("ready")',
          ],
          { stdout: PIPE },
        );
        await p3.stdout?.readExactly(5);
        p3.sendSignal('SIGUSR2');
        expect(await p3.wait()).toBe(7);
      },
      { realTime: true, failOnException: true },
    );
  });

  it('cancelling a task blocked in wait() raises CancelledError there; the child keeps running', async () => {
    await onLoop(
      async (loop) => {
        const proc = await createSubprocessExec(node, ['-e', 'setInterval(() => {}, 1000)']);
        const waiting = loop.createTask(() => proc.wait());
        await sleep(10);
        waiting.cancel();
        await expect(waiting).rejects.toBeInstanceOf(CancelledError);
        expect(proc.returnCode).toBeNull();
        proc.kill();
        expect(await proc.wait()).toBe(-9);
      },
      { realTime: true, failOnException: true },
    );
  });

  it('streams: stdout lines by async iteration, stderr=STDOUT merges, DEVNULL discards', async () => {
    await onLoop(
      async () => {
        const proc = await createSubprocessExec(
          node,
          ['-e', 'for (let i = 0; i < 3; i++) console.log("line " + i)'],
          {
            stdout: PIPE,
          },
        );
        const lines: string[] = [];
        if (proc.stdout) for await (const l of proc.stdout) lines.push(l.toString());
        expect(lines).toEqual(['line 0\n', 'line 1\n', 'line 2\n']);
        expect(await proc.wait()).toBe(0);
        const merged = await createSubprocessExec(
          node,
          ['-e', 'process.stdout.write("out;", () => process.stderr.write("err"))'],
          { stdout: PIPE, stderr: STDOUT },
        );
        expect(merged.stderr).toBeNull();
        const [out] = await merged.communicate();
        expect(out?.toString()).toBe('out;err');
        const quiet = await createSubprocessExec(node, ['-e', 'console.log("x")'], {
          stdout: DEVNULL,
          stdin: DEVNULL,
        });
        expect(quiet.stdout).toBeNull();
        expect(quiet.stdin).toBeNull();
        expect(await quiet.communicate()).toEqual([null, null]);
      },
      { realTime: true, failOnException: true },
    );
  });

  it('stdin writer: drain, and a child that exits early does not break communicate()', async () => {
    await onLoop(
      async () => {
        const proc = await createSubprocessExec(node, ['-e', 'process.exit(0)'], { stdin: PIPE });
        await proc.wait();
        const [out] = await proc.communicate(Buffer.alloc(1024 * 1024));
        expect(out).toBeNull();
        const reader = await createSubprocessExec(
          node,
          ['-e', 'process.stdin.once("data", (d) => { process.stdout.write(d); process.exit(0); })'],
          {
            stdin: PIPE,
            stdout: PIPE,
          },
        );
        reader.stdin?.write('ping');
        await reader.stdin?.drain();
        expect((await reader.stdout?.read(4))?.toString()).toBe('ping');
        await reader.wait();
      },
      { realTime: true, failOnException: true },
    );
  });

  it('writing to the stdin of a child that exited surfaces as BrokenPipeError', async () => {
    await onLoop(
      async () => {
        const proc = await createSubprocessExec(node, ['-e', 'process.exit(0)'], { stdin: PIPE });
        await proc.wait();
        const stdin = proc.stdin;
        if (stdin === null) throw new Error('no stdin');
        const err = await (async () => {
          stdin.write(Buffer.alloc(1024 * 1024));
          await stdin.drain();
        })().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(BrokenPipeError);
      },
      { realTime: true, failOnException: true },
    );
  });

  it('createSubprocessShell runs through the shell', async () => {
    await onLoop(
      async () => {
        const proc = await createSubprocessShell('echo hello | tr a-z A-Z; exit 4', { stdout: PIPE });
        const [out] = await proc.communicate();
        expect(out?.toString()).toBe('HELLO\n');
        expect(proc.returnCode).toBe(4);
      },
      { realTime: true, failOnException: true },
    );
  });

  it('loop.subprocessExec with a SubprocessProtocol', async () => {
    await onLoop(
      async (loop) => {
        const events: string[] = [];
        const exited = loop.createFuture<void>();
        class Collect extends SubprocessProtocol {
          out: Buffer[] = [];
          transport!: SubprocessTransport;
          override connectionMade(t: SubprocessTransport) {
            this.transport = t;
            events.push('made');
          }
          override pipeDataReceived(fd: number, data: Buffer) {
            events.push(`data${fd}`);
            if (fd === 1) this.out.push(data);
          }
          override pipeConnectionLost(fd: number) {
            events.push(`lost${fd}`);
          }
          override processExited() {
            events.push('exited');
          }
          override connectionLost() {
            events.push('connectionLost');
            if (!exited.done()) exited.setResult();
          }
        }
        const [transport, protocol] = await loop.subprocessExec(
          () => new Collect(),
          node,
          ['-e', 'process.stdin.pipe(process.stdout)'],
          { stdin: PIPE, stdout: PIPE, stderr: null }, // null: inherited (the default here is a pipe, as asyncio)
        );
        expect(events).toEqual(['made']);
        expect(transport.getPid()).toBeGreaterThan(0);
        expect(transport.getPipeTransport(2)).toBeNull();
        transport.getPipeTransport(0)?.write('via protocol');
        transport.getPipeTransport(0)?.close();
        await exited;
        expect(Buffer.concat(protocol.out).toString()).toBe('via protocol');
        expect(transport.getReturnCode()).toBe(0);
        expect(events[events.length - 1]).toBe('connectionLost');
        expect(events).toContain('exited');
        expect(events).toContain('lost0');
        expect(events).toContain('lost1');
        const [shellT, shellP] = await loop.subprocessShell(() => new Collect(), 'printf shell', {
          stdout: PIPE,
        });
        while (shellT.getReturnCode() === null || events.filter((e) => e === 'connectionLost').length < 2)
          await sleep(1);
        expect(Buffer.concat(shellP.out).toString()).toBe('shell');
      },
      { realTime: true, failOnException: true },
    );
  });

  it('a child that writes and exits before the spawn wait resumes: nothing it did is lost, made comes first', async () => {
    await onLoop(
      async (loop) => {
        for (let i = 0; i < 20; i++) {
          const events: string[] = [];
          let out = '';
          const lost = loop.createFuture<void>();
          class Record extends SubprocessProtocol {
            override connectionMade() {
              events.push('made');
            }
            override pipeDataReceived(_fd: number, data: Buffer) {
              out += data.toString();
            }
            override processExited() {
              events.push('exited');
            }
            override connectionLost() {
              events.push('connectionLost');
              lost.setResult();
            }
          }
          const [t] = await loop.subprocessShell(() => new Record(), `printf run${i}`, { stdout: PIPE });
          await lost;
          expect(events[0]).toBe('made');
          expect(events).toContain('exited');
          expect(out).toBe(`run${i}`);
          expect(t.getReturnCode()).toBe(0);
        }
      },
      { realTime: true, failOnException: true },
    );
  });

  it('bad input: missing program, unknown stdio option, bad signal, bad args', async () => {
    await onLoop(
      async () => {
        await expect(createSubprocessExec('/no/such/program-qtasyncio')).rejects.toBeInstanceOf(
          FileNotFoundError,
        );
        await expect(createSubprocessExec(node, [], { stdout: 'pipe' as never })).rejects.toThrow(
          'createSubprocessExec(options.stdout): expected PIPE, DEVNULL, a file descriptor ≥ 0 or null, got "pipe"',
        );
        await expect(createSubprocessExec(node, [], { stdin: STDOUT })).rejects.toBeInstanceOf(
          IoArgumentError,
        );
        await expect(createSubprocessExec(node, [1] as never)).rejects.toBeInstanceOf(IoArgumentError);
        await expect(createSubprocessShell('')).rejects.toThrow(
          'createSubprocessShell(cmd): expected a non-empty string, got ""',
        );
        const proc = await createSubprocessExec(node, ['-e', 'setInterval(() => {}, 1000)']);
        expect(() => proc.sendSignal('SIGNOPE' as never)).toThrow(
          `Process.sendSignal(signal): expected a signal name like 'SIGTERM' or its number, got "SIGNOPE"`,
        );
        proc.kill();
        await proc.wait();
      },
      { realTime: true, failOnException: true },
    );
  });
});

describe('createSubprocessExec options', () => {
  it('runs the child in options.cwd with exactly options.env', () =>
    onLoop(
      async () => {
        const dir = realpathSync(tmpdir());
        const proc = await createSubprocessExec(
          node,
          [
            '-e',
            'process.stdout.write(JSON.stringify([process.cwd(), process.env.QTASYNCIO_T, process.env.HOME]))',
          ],
          { stdout: PIPE, cwd: dir, env: { QTASYNCIO_T: 'from-options', PATH: process.env.PATH } },
        );
        const [out] = await proc.communicate();
        expect(JSON.parse(String(out))).toEqual([dir, 'from-options', null]);
        expect(proc.returnCode).toBe(0);
      },
      { realTime: true, failOnException: true },
    ));

  it('refuses a typo in an option, a bad env and a missing cwd, naming the option and the value', () =>
    onLoop(
      async () => {
        await expect(createSubprocessExec(node, ['-e', ''], { stdOut: PIPE } as never)).rejects.toThrow(
          new IoArgumentError(
            'createSubprocessExec(options): unknown option "stdOut" (did you mean "stdout"? known: stdin, stdout, stderr, cwd, env, limit, startNewSession)',
          ),
        );
        await expect(createSubprocessExec(node, ['-e', ''], { env: 5 } as never)).rejects.toThrow(
          new IoArgumentError('createSubprocessExec(options.env): expected an object of strings, got 5'),
        );
        await expect(createSubprocessExec(node, ['-e', ''], { env: { N: 1 } } as never)).rejects.toThrow(
          new IoArgumentError('createSubprocessExec(options.env.N): expected a string, got 1'),
        );
        await expect(createSubprocessExec(node, ['-e', ''], { cwd: '/no/such/dir' })).rejects.toThrow(
          new IoArgumentError('createSubprocessExec(options.cwd): not a directory: "/no/such/dir"'),
        );
        await expect(createSubprocessExec(node, ['-e', ''], { startNewSession: 1 } as never)).rejects.toThrow(
          new IoArgumentError('createSubprocessExec(options.startNewSession): expected a boolean, got 1'),
        );
      },
      { realTime: true, failOnException: true },
    ));

  it('startNewSession runs the child as the leader of a new session (asyncio start_new_session)', () =>
    onLoop(
      async () => {
        // The session id is field 6 of /proc/self/stat, counted after the command name in parentheses.
        const code =
          'const s = require("fs").readFileSync("/proc/self/stat", "utf8");' +
          'process.stdout.write(String(s.slice(s.lastIndexOf(")") + 2).split(" ")[3] === String(process.pid)))';
        const leader = async (options: { startNewSession?: boolean }) => {
          const proc = await createSubprocessExec(node, ['-e', code], { stdout: PIPE, ...options });
          const [out] = await proc.communicate();
          expect(proc.returnCode).toBe(0);
          return String(out);
        };
        expect(await leader({ startNewSession: true })).toBe('true');
        expect(await leader({ startNewSession: false })).toBe('false');
        expect(await leader({})).toBe('false');
      },
      { realTime: true, failOnException: true },
    ));
});
