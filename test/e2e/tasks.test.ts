// The `tasks` example on a real X11 server: four jobs that are real child processes streaming progress lines
// into progress bars, and one counting primes in a worker thread. xdotool presses one job's Cancel (its child
// process is killed, the others go on), then Quit: the confirmation dialog opens without a nested loop (the
// jobs keep streaming), "Keep running" keeps them; the second Quit and "Cancel jobs and quit" cancel the
// TaskGroup, kill every child, stop the worker job and exit 0.
import { CRASH_PATTERN } from '../qt/run-fixture';
import { type AppState, type E2EApp, launchExample, type Rect } from './harness';

interface JobView {
  name: string;
  kind: 'process' | 'thread';
  status: 'starting' | 'running' | 'done' | 'cancelled' | 'failed';
  step: number;
  steps: number;
  pid: number | null;
  returnCode: number | null;
  primes: number;
  /** What the widgets show: the bar's value, the status label, the Cancel button. */
  bar: number;
  text: string;
  cancel: Rect & { enabled: boolean };
}

interface TasksState extends AppState {
  jobs: JobView[];
  summary: string;
  quit: Rect;
  dialog: { text: string; keep: Rect; stop: Rect } | null;
}

const jobsOf = (s: AppState): JobView[] => (s as TasksState).jobs;
const barOf = (s: AppState, i: number): number => jobsOf(s)[i]?.bar ?? 0;

/** Whether process `pid` exists (signal 0 checks without sending anything). */
function alive(pid: number | null): boolean {
  if (pid === null) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Asks for the state until `predicate` holds (a hang guard only: the harness times each wait out). */
async function pollState(app: E2EApp, predicate: (s: TasksState) => boolean): Promise<TasksState> {
  for (;;) {
    const s = (await app.state()) as TasksState;
    if (predicate(s)) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('tasks: Cancel kills one job’s process; Quit asks in a dialog, then cancels the TaskGroup and exits 0', async () => {
  const app = await launchExample('tasks', { title: 'qtasyncio tasks' });
  try {
    // The short job finishes, the long ones stream progress from their child processes.
    const started = await pollState(app, (s) => {
      const [first, ...rest] = s.jobs;
      return first?.status === 'done' && rest.every((j) => j.status === 'running' && j.step > 0);
    });
    const [thumbs, video, photos, mail, primes] = started.jobs as [
      JobView,
      JobView,
      JobView,
      JobView,
      JobView,
    ];
    expect(thumbs).toMatchObject({ bar: thumbs.steps, text: 'done ✔', returnCode: 0 });
    expect(thumbs.cancel.enabled).toBe(false);
    for (const job of [video, photos, mail]) {
      expect(alive(job.pid)).toBe(true);
      expect(job.text).toMatch(/^step \d+ of \d+ · pid \d+$/);
      expect(job.cancel.enabled).toBe(true);
    }
    // The worker-thread job: its bar counts chunks, its status the primes found so far.
    expect(primes.kind).toBe('thread');
    expect(primes.text).toBe(`${primes.primes.toLocaleString('en-US')} primes · worker thread`);
    expect(started.summary).toBe('4 running · 1 done · 0 cancelled');

    // Cancel "Transcode video": its Task is cancelled at its `for await`, its `finally` kills the child.
    await app.click(video.cancel);
    const cancelled = await app.waitForState((s) => jobsOf(s)[1]?.status === 'cancelled', {
      what: 'the second job cancelled',
    });
    const videoNow = jobsOf(cancelled)[1] as JobView;
    expect(videoNow.returnCode).toBe(-9);
    expect(videoNow.text).toBe('cancelled (killed, -9)');
    expect(videoNow.cancel.enabled).toBe(false);
    expect(alive(video.pid)).toBe(false);
    // The other jobs go on streaming: their bars move on, the cancelled bar stays where it stopped.
    const later = await pollState(
      app,
      (s) => barOf(s, 2) > photos.bar + 2 && barOf(s, 3) > mail.bar + 2 && barOf(s, 4) > primes.bar + 2,
    );
    expect(later.jobs[1]?.bar).toBe(videoNow.bar);
    expect(later.summary).toBe('3 running · 1 done · 1 cancelled');
    await app.screenshot('tasks');

    // Quit while jobs run: the dialog asks; the jobs keep streaming while it is open (no nested loop).
    await app.click(later.quit);
    const asked = (await app.waitForState((s) => s.event === 'dialog', { what: 'the dialog' })) as TasksState;
    expect(asked.dialog?.text).toBe('3 jobs are still running.\nCancel them and quit?');
    const whileAsking = await pollState(app, (s) => barOf(s, 2) > barOf(asked, 2));
    expect(whileAsking.dialog).not.toBeNull();
    await app.screenshot('tasks-dialog');
    const dialog = asked.dialog as NonNullable<TasksState['dialog']>;
    await app.click(dialog.keep);
    const kept = await app.waitForState((s) => s.event === 'dialog-closed', { what: 'the dialog closed' });
    expect(kept.accepted).toBe(false);
    const stillRunning = await app.state();
    expect(jobsOf(stillRunning).map((j) => j.status)).toEqual([
      'done',
      'cancelled',
      'running',
      'running',
      'running',
    ]);

    // Quit again, and this time cancel the jobs: the TaskGroup ends, every child is gone, the app exits 0.
    const from = app.states.length;
    await app.click(later.quit);
    const again = (await app.waitForState((s) => s.event === 'dialog', { from })) as TasksState;
    await app.click((again.dialog as NonNullable<TasksState['dialog']>).stop);
    const quitting = await app.waitForState((s) => s.event === 'quitting', { from, what: 'quitting' });
    const finalJobs = jobsOf(quitting);
    expect(finalJobs.map((j) => j.status)).toEqual([
      'done',
      'cancelled',
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
    expect(finalJobs.map((j) => j.returnCode)).toEqual([0, -9, -9, -9, null]);
    expect(finalJobs[4]?.text).toBe('cancelled (worker job stopped)');
    const result = await app.exited;
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(CRASH_PATTERN);
    for (const job of [thumbs, video, photos, mail]) expect(alive(job.pid)).toBe(false);
  } finally {
    await app.dispose();
  }
});
