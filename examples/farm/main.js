// @ts-check
// A render farm: N jobs sent to a ClusterExecutor (qtasyncio/cluster: BullMQ on Redis), one row per job with a
// progress bar bound to the job's remote progress (`jobProgress`), its status and a Cancel button; below, the
// load of each worker (the jobs it runs now and has done).
//
//   node examples/farm/main.js --workers 3 [--jobs 8]        starts a local redis-server and 3 workers itself
//                                                            (the default: 2 workers; or npm run example -- farm)
//   node examples/farm/main.js --connection redis://HOST:PORT --queue farm [--jobs 8]
//                                                            uses workers started elsewhere with
//                                                            `npx qtasyncio worker --connection … --queue farm`
//
// Closing the window cancels the jobs still running (their `finally` runs on the workers), closes the executor,
// and stops the workers and Redis it started. Test hook: see examples/tasks/main.js.

require('qtasyncio/qt'); // before NodeGui: the bridge makes NodeGui run on plain node
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const { parseArgs } = require('node:util');
const {
  Direction,
  QBoxLayout,
  QGridLayout,
  QLabel,
  QMainWindow,
  QProgressBar,
  QPushButton,
  QWidget,
} = require('@nodegui/nodegui');
const { BehaviorSubject, map, merge } = require('rxjs');
const { getRunningLoop, run } = require('qtasyncio');
const { asyncClose, bind } = require('qtasyncio/rx');
const { ClusterExecutor, jobProgress, startLocalRedis } = require('qtasyncio/cluster');

const TITLE = 'qtasyncio farm';
const CLI = join(__dirname, '..', '..', 'scripts', 'cli.mjs');
const RENDER = { module: join(__dirname, 'jobs.js'), export: 'render' };

const { values: opts } = parseArgs({
  options: {
    workers: { type: 'string' },
    jobs: { type: 'string', default: '8' },
    connection: { type: 'string' },
    queue: { type: 'string', default: 'farm' },
    steps: { type: 'string', default: '40' },
    'step-ms': { type: 'string', default: '150' },
  },
});

function label(text, style = '') {
  const l = new QLabel();
  l.setText(text);
  if (style) l.setStyleSheet(style);
  return l;
}

/** Start `count` workers (`qtasyncio worker`) on `url`; resolves once each printed "ready". */
function startWorkers(url, queue, count) {
  return Promise.all(
    Array.from({ length: count }, () => {
      // Its own pipes (not this process's stderr): a worker left behind must not hold this process's output open.
      // The IPC channel ties it to this app: when the app is gone (even killed), the worker stops.
      const child = spawn(process.execPath, [CLI, 'worker', '--connection', url, '--queue', queue], {
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      });
      child.stderr?.on('data', (chunk) => process.stderr.write(chunk));
      return new Promise((resolve, reject) => {
        let out = '';
        child.stdout?.on('data', (chunk) => {
          out += chunk;
          if (/ready/.test(out)) resolve(child);
        });
        child.once('exit', (code) =>
          reject(new Error(`a worker exited (${code}) before it was ready: ${out}`)),
        );
      });
    }),
  );
}

/** The cluster: the one given, or a local Redis with `workers` worker processes. */
async function startCluster() {
  if (opts.connection !== undefined) {
    return { url: opts.connection, queue: opts.queue, children: [], redisPid: null, stop: async () => {} };
  }
  const redis = await startLocalRedis();
  process.stderr.write(`farm: Redis at ${redis.url}\n`);
  const children = await startWorkers(redis.url, opts.queue, Number(opts.workers ?? 2));
  // An exit that skips the window's close (QApplication.exit(), a test's quit) leaves no worker behind.
  process.on('exit', () => {
    for (const c of children) c.kill('SIGKILL');
  });
  const stop = async () => {
    await Promise.all(
      children.map((c) => {
        const exited = new Promise((r) => c.once('exit', r));
        c.kill('SIGTERM');
        return exited;
      }),
    );
    await redis.stop();
  };
  return { url: redis.url, queue: opts.queue, children, redisPid: redis.process.pid ?? null, stop };
}

/** One row per job: name, progress bar, status, Cancel. */
function jobRow(grid, row, job) {
  const bar = new QProgressBar();
  bar.setRange(0, job.steps);
  bar.setMinimumSize(220, 22);
  const status = label('queued');
  status.setMinimumSize(190, 22);
  const cancel = new QPushButton();
  cancel.setText('Cancel');
  grid.addWidget(label(`frame ${job.frame}`, 'font-weight: bold;'), row, 0);
  grid.addWidget(bar, row, 1);
  grid.addWidget(status, row, 2);
  grid.addWidget(cancel, row, 3);
  bind(bar, { value: job.progress$.pipe(map((p) => p.step)) });
  bind(status, { text: job.status$ });
  bind(cancel, { enabled: job.status$.pipe(map((s) => !/done|cancelled|failed/.test(s))) });
  cancel.addEventListener('clicked', () => job.future.cancel('cancelled from the window'));
  return { bar, status, cancel };
}

async function main() {
  const loop = getRunningLoop();
  const farm = await startCluster();
  const cluster = new ClusterExecutor({ connection: farm.url, queue: farm.queue });
  const steps = Number(opts.steps);
  const jobs = Array.from({ length: Number(opts.jobs) }, (_, i) => {
    const frame = i + 1;
    const future = loop.runInExecutor(cluster, RENDER, frame, steps, Number(opts['step-ms']));
    const progress$ = jobProgress(future);
    const status$ = new BehaviorSubject('queued');
    progress$.subscribe((p) => status$.next(`step ${p.step} of ${p.steps} · ${p.worker}`));
    future.addDoneCallback((f) => {
      if (f.cancelled()) status$.next('cancelled');
      else if (f.exception() !== undefined) status$.next(`failed: ${String(f.exception())}`);
      else status$.next(`done ✔ · ${f.result().worker}`);
    });
    return { frame, steps, future, progress$, status$, worker: /** @type {string | null} */ (null) };
  });

  // The load of each worker: the jobs it runs now and has finished, from the progress the jobs report.
  /** @type {Map<string, { running: Set<number>, done: number }>} */
  const load = new Map();
  const load$ = new BehaviorSubject('waiting for the first job…');
  const showLoad = () =>
    load$.next(
      [...load]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([w, l]) => `${w}: ${l.running.size} running, ${l.done} done`)
        .join('\n'),
    );
  merge(...jobs.map((job) => job.progress$.pipe(map((p) => ({ job, p }))))).subscribe(({ job, p }) => {
    const entry = load.get(p.worker) ?? { running: new Set(), done: 0 };
    load.set(p.worker, entry);
    job.worker = p.worker;
    entry.running.add(job.frame);
    if (p.step === p.steps) {
      entry.running.delete(job.frame);
      entry.done++;
    }
    showLoad();
  });
  for (const job of jobs) {
    job.future.addDoneCallback(() => {
      if (job.worker !== null) load.get(job.worker)?.running.delete(job.frame);
      showLoad();
    });
  }

  const win = new QMainWindow();
  win.setWindowTitle(TITLE);
  win.resize(720, 120 + jobs.length * 34);
  const root = new QWidget();
  const layout = new QBoxLayout(Direction.TopToBottom);
  root.setLayout(layout);
  const where =
    opts.connection === undefined ? `${farm.children.length} local workers` : 'workers started elsewhere';
  layout.addWidget(
    label(`${jobs.length} jobs on ${where} · Redis at ${cluster.address} · queue "${farm.queue}"`),
  );
  const grid = new QGridLayout();
  grid.setColumnStretch(1, 1);
  const rows = jobs.map((job, i) => jobRow(grid, i, job));
  const gridBox = new QWidget();
  gridBox.setLayout(grid);
  layout.addWidget(gridBox);
  layout.addWidget(label('Workers', 'font-weight: bold;'));
  const loadLabel = label('', 'font-family: monospace;');
  bind(loadLabel, { text: load$ });
  layout.addWidget(loadLabel);
  layout.addStretch(1);
  win.setCentralWidget(root);

  const report =
    /** @type {any} */ (globalThis).qtasyncioE2E?.attach(win, (rect) => ({
      jobs: jobs.map((job, i) => ({
        frame: job.frame,
        done: job.future.done(),
        cancelled: job.future.cancelled(),
        bar: rows[i]?.bar.value(),
        text: rows[i]?.status.text(),
        cancel: { ...rect(rows[i]?.cancel), enabled: rows[i]?.cancel.isEnabled() },
      })),
      load: loadLabel.text(),
      workers: farm.children.map((c) => c.pid),
      redis: farm.redisPid,
    })) ?? (() => {});

  asyncClose(win, async () => {
    for (const job of jobs) job.future.cancel('the window was closed');
    await cluster.close();
    await farm.stop();
    return true;
  });
  win.move(40, 40);
  win.show();
  loop.callSoon(() => report('shown'));
}

// keepRunning (the default): the loop, and the app, live until the window is closed.
run(main, { handleSigint: true });
