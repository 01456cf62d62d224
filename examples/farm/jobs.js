// The farm's job function, run by the cluster workers (sent as a { module, export } reference): a pretend
// render of `steps` steps of CPU work, reporting { step, steps, worker } after each one, stopping early when
// its job is cancelled (the signal), and always saying so in its `finally`.

/** About `ms` of CPU work. */
function burn(ms) {
  const end = Date.now() + ms;
  let x = 0;
  while (Date.now() < end) x = (x * 31 + 7) % 1000003;
  return x;
}

/**
 * Render frame `frame`: `steps` steps of `stepMs` each; the last argument is the cluster's JobContext.
 * @example await loop.runInExecutor(cluster, { module: require.resolve('./jobs'), export: 'render' }, 1, 20, 100);
 */
async function render(frame, steps, stepMs, job) {
  const worker = `pid ${process.pid}`;
  try {
    for (let step = 1; step <= steps; step++) {
      if (job.signal.aborted) return { frame, worker, steps: step - 1, cancelled: true };
      burn(stepMs);
      job.progress({ step, steps, worker });
      await new Promise((resolve) => setImmediate(resolve)); // let the worker see a cancellation
    }
    return { frame, worker, steps, cancelled: false };
  } finally {
    if (job.signal.aborted) process.stderr.write(`frame ${frame}: cancelled on ${worker}\n`);
  }
}

module.exports = { render };
