// The jobs of the task manager, each run by a Task that publishes its state on a BehaviorSubject (the window
// binds its widgets to it). Two kinds:
// - a child process (`node -e WORKER steps delayMs`) printing one `progress i n` line per step: the Task reads
//   them with `for await` on the child's stdout (a StreamReader). Cancelling the Task (Cancel button, quit
//   dialog) throws CancelledError at that `await`; the `finally` kills the child and waits for it.
// - CPU work in a worker thread: prime counting in chunks, one `toThread` call per chunk. Cancelling the Task
//   cancels the awaited executor Future, which terminates the chunk running in the worker.

const { BehaviorSubject } = require('rxjs');
const { CancelledError, toThread } = require('qtasyncio');
const { createSubprocessExec, PIPE } = require('qtasyncio/io');

/** The child's program: `steps` progress lines, one every `delayMs`, then exit 0. */
const WORKER = `
process.stdout.on('error', () => process.exit(1)); // the parent is gone
const [steps, delay] = process.argv.slice(1).map(Number);
let i = 0;
const tick = () => {
  i += 1;
  process.stdout.write('progress ' + i + ' ' + steps + '\\n');
  if (i < steps) setTimeout(tick, delay);
};
setTimeout(tick, delay);
`;

/** Primes in [lo, hi): runs in a worker thread, so it must be self-contained (no closure). */
function countPrimes(lo, hi) {
  let n = 0;
  for (let k = Math.max(lo, 2); k < hi; k++) {
    let prime = true;
    for (let d = 2; d * d <= k; d++) {
      if (k % d === 0) {
        prime = false;
        break;
      }
    }
    if (prime) n++;
  }
  return n;
}

/** What the window shows: one short job (it finishes while you watch) and four long ones. */
const JOBS = [
  { name: 'Render thumbnails', kind: 'process', steps: 25, delayMs: 80 },
  { name: 'Transcode video', kind: 'process', steps: 400, delayMs: 150 },
  { name: 'Back up photos', kind: 'process', steps: 500, delayMs: 120 },
  { name: 'Index mailbox', kind: 'process', steps: 300, delayMs: 200 },
  { name: 'Count primes', kind: 'thread', steps: 600, chunk: 50_000 },
];

/**
 * @typedef {'starting' | 'running' | 'done' | 'cancelled' | 'failed'} JobStatus
 * @typedef {{ name: string, kind: 'process' | 'thread', step: number, steps: number, status: JobStatus,
 *   pid: number | null, returnCode: number | null, primes: number, detail: string }} JobState
 */

/** Whether a job still runs (its Cancel button is enabled, quitting asks first). */
function isActive(state) {
  return state.status === 'starting' || state.status === 'running';
}

/** The status column's text for a state. */
function statusText(state) {
  const thread = state.kind === 'thread';
  switch (state.status) {
    case 'starting':
      return 'starting…';
    case 'running':
      return thread
        ? `${state.primes.toLocaleString('en-US')} primes · worker thread`
        : `step ${state.step} of ${state.steps} · pid ${state.pid}`;
    case 'done':
      return 'done ✔';
    case 'cancelled':
      return thread ? 'cancelled (worker job stopped)' : `cancelled (killed, ${state.returnCode ?? '?'})`;
    default:
      return `failed: ${state.detail}`;
  }
}

/** A job: its spec, its state stream and (once started) its Task. */
class Job {
  constructor(spec) {
    this.spec = spec;
    /** @type {BehaviorSubject<JobState>} */
    this.state$ = new BehaviorSubject({
      name: spec.name,
      kind: spec.kind,
      step: 0,
      steps: spec.steps,
      status: 'starting',
      pid: null,
      returnCode: null,
      primes: 0,
      detail: '',
    });
    /** @type {import('qtasyncio').Task<void> | null} */
    this.task = null;
  }

  get state() {
    return this.state$.getValue();
  }

  #update(patch) {
    this.state$.next({ ...this.state, ...patch });
  }

  /** Start the job as a child Task of `tg`. */
  start(tg) {
    this.task = tg.createTask(() => this.#run(), { name: this.spec.name });
    return this.task;
  }

  /** Last resort when the app exits without cancelling (e.g. `QApplication.exit()`): kill the child now. */
  killNow() {
    if (this.state.pid === null || !isActive(this.state)) return;
    try {
      process.kill(this.state.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  /** Cancel the job's Task (its `finally` stops the work). */
  cancel() {
    this.task?.cancel(`${this.spec.name} cancelled by the user`);
  }

  async #run() {
    try {
      await (this.spec.kind === 'thread' ? this.#countPrimes() : this.#runProcess());
    } catch (error) {
      if (error instanceof CancelledError) {
        if (this.state.status !== 'cancelled') this.#update({ status: 'cancelled' });
        throw error;
      }
      // A failed job is shown, not raised: it must not cancel its siblings in the TaskGroup.
      this.#update({ status: 'failed', detail: String(error?.message ?? error) });
    }
  }

  async #runProcess() {
    const { steps, delayMs } = this.spec;
    const proc = await createSubprocessExec(
      process.execPath,
      ['-e', WORKER, String(steps), String(delayMs)],
      { stdout: PIPE },
    );
    try {
      this.#update({ status: 'running', pid: proc.pid ?? null });
      for await (const line of proc.stdout) {
        const [word, step] = line.toString().trim().split(' ');
        if (word === 'progress') this.#update({ step: Number(step) });
      }
      const code = await proc.wait();
      if (code === 0) this.#update({ status: 'done', step: steps, returnCode: code });
      else this.#update({ status: 'failed', returnCode: code, detail: `exit code ${code}` });
    } finally {
      if (proc.returnCode === null) {
        try {
          proc.kill();
        } catch {
          // it exited on its own meanwhile (ProcessLookupError)
        }
        this.#update({ status: 'cancelled', returnCode: await proc.wait() });
      }
    }
  }

  async #countPrimes() {
    const { steps, chunk } = this.spec;
    this.#update({ status: 'running' });
    for (let i = 0; i < steps; i++) {
      const primes = await toThread(countPrimes, i * chunk, (i + 1) * chunk);
      this.#update({ step: i + 1, primes: this.state.primes + primes });
    }
    this.#update({ status: 'done' });
  }
}

module.exports = { JOBS, Job, isActive, statusText };
