// `qtasyncio ps` and `cancel` against the real tasks example (examples/tasks: a TaskGroup of jobs, each a child
// process or a worker-thread job), offscreen. Cancelling a job's task runs its finally block, which kills the
// job's child process: checked from the outside, in /proc.
import { readdirSync, readFileSync } from 'node:fs';
import { assertBuilt } from '../helpers/built';
import { hangGuardMs, maxHangGuardMs } from '../helpers/hangGuard';
import { cli, freePort, startApp } from './remoteHelpers';

jest.setTimeout(maxHangGuardMs(30_000) * 2);

/** The pids of the live child processes of `pid` whose command line contains `arg`. */
function childrenWith(pid: number, arg: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== pid || fields[0] === 'Z') continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(arg)) found.push(Number(entry));
    } catch {
      // the process ended while we looked: not a live child
    }
  }
  return found;
}

beforeAll(() => assertBuilt('dist/index.js', 'dist/inspect/remote/cli.js', 'dist/qt/index.js'));

test('ps lists the jobs under the group task; cancel stops a job and its child process', async () => {
  const port = await freePort();
  const app = startApp('examples/tasks/main.js', [], [`--inspect-port=${port}`]);
  try {
    // The job "Transcode video" runs `node -e WORKER 400 150` (60 s): wait until its child process is there.
    const deadline = Date.now() + hangGuardMs(20_000);
    while (childrenWith(app.pid, '400').length === 0) {
      if (Date.now() > deadline)
        throw new Error(`the tasks example started no job process:\n${app.stderr()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const ps = cli('ps', String(app.pid), '--port', String(port));
    expect(ps.status).toBe(0);
    const row = (name: string) =>
      ps.stdout.split('\n').find((l) => new RegExp(`^\\d+ +${name} `).test(l)) ?? '';
    const jobsId = /^(\d+) +jobs /.exec(row('jobs'))?.[1];
    expect(jobsId).toBeDefined();
    for (const job of ['Transcode video', 'Back up photos', 'Index mailbox']) {
      expect(row(job)).toMatch(new RegExp(`pending .* jobs \\(${jobsId}\\)$`));
    }
    const cancel = cli('cancel', String(app.pid), 'Transcode video', '--port', String(port));
    expect(cancel.stderr).toBe('');
    expect(cancel.stdout).toMatch(
      /^cancelled task "Transcode video" \(\d+\) in process \d+: it has ended\n$/,
    );
    // Its finally block killed its child process; the other jobs run on.
    expect(childrenWith(app.pid, '400')).toEqual([]);
    expect(childrenWith(app.pid, '500').length).toBe(1);
    const after = cli('ps', String(app.pid), '--port', String(port)).stdout;
    expect(after).not.toContain('Transcode video');
    expect(after).toContain('Back up photos');
  } finally {
    // The jobs' child processes would outlive a killed app: end them too.
    const jobs = childrenWith(app.pid, '-e');
    await app.stop();
    for (const pid of jobs) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // it ended with the app already
      }
    }
  }
});
