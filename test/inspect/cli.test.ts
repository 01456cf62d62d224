// `npx qtasyncio ps|pstree|where|cancel PID` against real child processes: a qtasyncio app (test/fixtures/inspect)
// reached through Node's inspector opened by SIGUSR1, on a port of its own (--inspect-port) so that parallel tests
// never meet on 9229.

import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { assertBuilt, ROOT } from '../helpers/built';
import { maxHangGuardMs } from '../helpers/hangGuard';
import { type App, cli, freePort, startApp } from './remoteHelpers';

jest.setTimeout(maxHangGuardMs(20_000) * 3);

const APP = 'test/fixtures/inspect/app.js';
const APP_LINES = readFileSync(join(ROOT, APP), 'utf8').split('\n');

/** The 1-based line of the fixture that contains `text`. */
function lineOf(text: string): number {
  return APP_LINES.findIndex((l) => l.includes(text)) + 1;
}

/** Whether something answers HTTP on 127.0.0.1:port (an open inspector does). */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path: '/json/list' }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
  });
}

beforeAll(() => assertBuilt('dist/index.js', 'dist/inspect/remote/cli.js', 'dist/qt/index.js'));

describe('qtasyncio ps|pstree|where|cancel against a running app', () => {
  let app: App;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    app = startApp(APP, [], [`--inspect-port=${port}`], { QTASYNCIO_INSPECT: '1' });
    await app.waitFor('ready');
  });
  afterAll(() => app.stop());

  test('ps: a table of the pending tasks, what each awaits, where, and who awaits it', () => {
    const r = cli('ps', String(app.pid), '--port', String(port));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^task id +task name +state +age +awaiting +where +awaited by$/);
    const row = (name: string) => lines.find((l) => new RegExp(`^\\d+ +${name} `).test(l)) ?? '';
    const parentId = /^(\d+) +Task-1 /.exec(row('Task-1'))?.[1];
    expect(row('Task-1')).toMatch(/pending +\d.* TaskGroup exit \(2 tasks left\) +TaskGroup\.#exit /);
    expect(row('worker-1')).toMatch(
      new RegExp(
        `pending +\\d.* sleep\\(due in \\d+ ms\\) +fetchPage test/fixtures/inspect/app\\.js:${lineOf('await sleep(600_000')} +Task-1 \\(${parentId}\\)$`,
      ),
    );
    expect(row('worker-2')).toContain(`Task-1 (${parentId})`);
    expect(row('saver')).toMatch(/pending +\d.* signal clicked of QPushButton#save$/);
    expect(lines.at(-1)).toBe(`4 pending tasks in process ${app.pid}`);
  });

  test('pstree: who awaits whom, with the frames of each await', () => {
    const r = cli('pstree', String(app.pid), '--port', String(port));
    expect(r.status).toBe(0);
    const tree = r.stdout
      .replace(/\(\d+\)/g, '(N)')
      .replace(/taskGroup\.js:\d+/g, 'taskGroup.js:L')
      .trim();
    expect(tree).toBe(
      [
        '└── (T) Task-1 (N)',
        `    └── main test/fixtures/inspect/app.js:${lineOf('await TaskGroup.run(')}`,
        '        └── TaskGroup.#runBody dist/concurrency/taskGroup.js:L',
        '            └── TaskGroup.#exit dist/concurrency/taskGroup.js:L',
        '                ├── (T) worker-1 (N)',
        `                │   └── worker test/fixtures/inspect/app.js:${lineOf('await fetchPage(n)')}`,
        `                │       └── fetchPage test/fixtures/inspect/app.js:${lineOf('await sleep(600_000')}`,
        '                └── (T) worker-2 (N)',
        `                    └── worker test/fixtures/inspect/app.js:${lineOf('await fetchPage(n)')}`,
        `                        └── fetchPage test/fixtures/inspect/app.js:${lineOf('await sleep(600_000')}`,
        '└── (T) saver (N) — awaiting signal clicked of QPushButton#save',
      ].join('\n'),
    );
  });

  test('where: the call graph of one task, by name', () => {
    const r = cli('where', String(app.pid), 'worker-2', '--port', String(port));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\* Task\(name="worker-2", id=\d+\)\n\+ Call stack:\n/);
    expect(r.stdout).toContain(`app.js", line ${lineOf('await sleep(600_000')}, in fetchPage()`);
    expect(r.stdout).toContain(`app.js", line ${lineOf('await fetchPage(n)')}, in async worker()`);
    expect(r.stdout).toMatch(/\+ Awaited by:\n {4}\* Task\(name="Task-1", id=\d+\)/);
  });

  test('where: an unknown task is an error naming it', () => {
    const r = cli('where', String(app.pid), 'nobody', '--port', String(port));
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `qtasyncio: process ${app.pid}: where(task): no pending task has the id or name "nobody" [ENOTASK]\n`,
    );
  });

  test('cancel: the task ends, its finally block runs in the app, and the inspector is closed again', async () => {
    const r = cli('cancel', String(app.pid), 'worker-1', '--port', String(port));
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(
      new RegExp(`^cancelled task "worker-1" \\(\\d+\\) in process ${app.pid}: it has ended\\n$`),
    );
    await app.waitFor('finally: worker-1\n'); // the CLI ran synchronously: read the app's output now
    expect(app.stdout()).not.toContain('finally: worker-2');
    const afterRun = cli('ps', String(app.pid), '--port', String(port));
    expect(afterRun.stderr).toBe('');
    const after = afterRun.stdout;
    expect(after).not.toMatch(/ worker-1 /);
    expect(after).toMatch(/ worker-2 /);
    // The inspector was opened for each command and closed again before the command returned.
    expect(await listening(port)).toBe(false);
  });
});

describe('qtasyncio pstree reports await cycles like asyncio', () => {
  test('two tasks awaiting each other: exit 1 and the cycle by name', async () => {
    const port = await freePort();
    const app = startApp(APP, ['cycle'], [`--inspect-port=${port}`]);
    try {
      await app.waitFor('ready');
      const r = cli('pstree', String(app.pid), '--port', String(port));
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(
        /^ERROR: await-graph contains cycles - cannot print a tree!\n\ncycle: (ping → pong → ping|pong → ping → pong)\n$/,
      );
      // Without QTASYNCIO_INSPECT ages and sites are unknown, and ps says how to get them.
      const ps = cli('ps', String(app.pid), '--port', String(port)).stdout;
      expect(ps).toMatch(/ ping +pending +- +Task "pong" /);
      expect(ps).toContain('start the app with QTASYNCIO_INSPECT=1 to see them');
    } finally {
      await app.stop();
    }
  });
});

describe('qtasyncio ps: clear errors', () => {
  test('no such process', async () => {
    const gone = startApp(APP, [], []);
    const pid = gone.pid;
    await gone.stop();
    const r = cli('ps', String(pid));
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`qtasyncio: no process with id ${pid} [ENOPROCESS]\n`);
  });

  test('not a Node.js process (and it is not signalled)', async () => {
    const { spawn } = await import('node:child_process');
    const sleeper = spawn('sleep', ['60']);
    try {
      const r = cli('ps', String(sleeper.pid));
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(
        new RegExp(
          `^qtasyncio: process ${sleeper.pid} \\(sleep, .*\\) is not a Node.js process \\[ENOTNODE\\]\\n$`,
        ),
      );
      expect(sleeper.exitCode).toBeNull();
      expect(sleeper.signalCode).toBeNull();
    } finally {
      sleeper.kill();
    }
  });

  test('a Node.js process without qtasyncio', async () => {
    const port = await freePort();
    const plain = startApp('test/fixtures/inspect/plain.js', [], [`--inspect-port=${port}`]);
    try {
      await plain.waitFor('ready');
      const r = cli('ps', String(plain.pid), '--port', String(port));
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(
        `qtasyncio: process ${plain.pid} runs Node.js but has not loaded qtasyncio [ENOQTASYNCIO]\n`,
      );
    } finally {
      await plain.stop();
    }
  });

  test("the inspector port is held by another process's inspector", async () => {
    const port = await freePort();
    const holder = startApp('test/fixtures/inspect/plain.js', [], [`--inspect=127.0.0.1:${port}`]);
    const app = startApp(APP, [], [`--inspect-port=${port}`]);
    try {
      await holder.waitFor('ready');
      await app.waitFor('ready');
      const r = cli('ps', String(app.pid), '--port', String(port));
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(
        `qtasyncio: cannot open the inspector of process ${app.pid}: 127.0.0.1:${port} is held by process ${holder.pid}'s inspector (start the app with --inspect-port=N and pass --port N) [EPORTBUSY]\n`,
      );
      expect(app.stderr()).not.toContain('Debugger listening'); // it was never signalled
    } finally {
      await app.stop();
      await holder.stop();
    }
  });

  test('usage errors exit with 2', () => {
    expect(cli('where', '123')).toEqual({
      status: 2,
      stdout: '',
      stderr: 'qtasyncio: usage: qtasyncio where PID TASK [--port N] [EUSAGE]\n',
    });
    expect(cli('ps', 'abc').stderr).toBe(
      'qtasyncio: qtasyncio ps: PID must be a process id, got "abc" [EUSAGE]\n',
    );
  });
});
