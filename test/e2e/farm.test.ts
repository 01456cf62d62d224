// The `farm` example on a real X11 server, with a real redis-server and 2 real worker processes that it starts
// itself: each job's progress bar follows its remote progress (jobProgress), the worker load lists both workers,
// one job's Cancel stops it on its worker, the others finish; closing the window stops the workers and Redis.
import { assertBuilt } from '../helpers/built';
import { hangGuardMs } from '../helpers/hangGuard';
import { type AppState, type E2EApp, launchExample, type Rect } from './harness';

interface JobView {
  frame: number;
  done: boolean;
  cancelled: boolean;
  bar: number;
  text: string;
  cancel: Rect & { enabled: boolean };
}

interface FarmState extends AppState {
  jobs: JobView[];
  load: string;
  workers: number[];
  redis: number | null;
}

const jobsOf = (s: AppState): JobView[] => (s as FarmState).jobs;

/** Asks for the state until `predicate` holds; the hang guard says what never happened. */
async function pollState(
  app: E2EApp,
  predicate: (s: FarmState) => boolean,
  what: string,
): Promise<FarmState> {
  const deadline = Date.now() + hangGuardMs(40_000);
  for (;;) {
    const s = (await app.state()) as FarmState;
    if (predicate(s)) return s;
    if (Date.now() > deadline)
      throw new Error(`hang guard: ${what} did not happen; last state: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

jest.setTimeout(200_000);

test('farm: progress bars follow remote jobs on 2 workers, Cancel stops one job, the rest finish', async () => {
  assertBuilt('dist/cluster/index.js');
  const app = await launchExample('farm', {
    title: 'qtasyncio farm',
    args: ['--workers', '2', '--jobs', '4', '--steps', '30', '--step-ms', '100'],
    killAfterMs: 90_000,
  });
  let started: number[] = [];
  try {
    const shown = (await app.waitForState((s) => s.event === 'shown', { what: 'the window' })) as FarmState;
    started = [...shown.workers, ...(shown.redis === null ? [] : [shown.redis])];
    expect(shown.workers).toHaveLength(2);
    // Two jobs run at once (one per worker), their bars move with the progress the workers report.
    const running = await pollState(
      app,
      (s) => s.jobs.filter((j) => j.bar > 0 && !j.done).length === 2,
      'two jobs showing progress',
    );
    // Cancel the last job while it waits: it never runs; the others finish.
    const last = jobsOf(running)[3] as JobView;
    expect(last.text).toBe('queued');
    await app.click(last.cancel);
    const third = await pollState(
      app,
      (s) =>
        s.jobs[3]?.text === 'cancelled' &&
        s.jobs.slice(0, 2).every((j) => j.done) &&
        s.jobs[2] !== undefined &&
        s.jobs[2].bar > 0 &&
        !s.jobs[2].done,
      'frames 1 and 2 done, frame 4 cancelled, frame 3 running',
    );
    expect(third.jobs.slice(0, 2).every((j) => j.done && j.bar === 30)).toBe(true);
    expect(third.jobs[3]?.cancel.enabled).toBe(false);
    await app.screenshot('farm');
    // Done, and shown as done (the labels follow the Futures' done callbacks, a loop iteration later).
    const finished = await pollState(
      app,
      (s) => s.jobs.every((j) => j.done && /^(done|cancelled)/.test(j.text)) && !/[1-9] running/.test(s.load),
      'every job ending and shown as ended',
    );
    expect(finished.jobs.map((j) => j.cancelled)).toEqual([false, false, false, true]);
    expect(finished.jobs[3]?.text).toBe('cancelled');
    for (const j of finished.jobs.slice(0, 3)) {
      expect(j.bar).toBe(30);
      expect(j.text).toMatch(/^done ✔ · pid \d+$/);
    }
    expect(finished.load.split('\n')).toHaveLength(2);
    expect(finished.load).toMatch(/^pid \d+: 0 running, \d+ done$/m);
    expect((await app.quit()).code).toBe(0);
    // The app's exit hook kills the workers it started (and its Redis).
    const deadline = Date.now() + hangGuardMs(20_000);
    while (finished.workers.some(alive)) {
      if (Date.now() > deadline)
        throw new Error(`hang guard: workers ${finished.workers} still alive after the app quit`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await app.dispose();
    // A failed run kills the app (SIGKILL: no exit hook), which leaves its workers and Redis behind.
    for (const pid of started) if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
});
