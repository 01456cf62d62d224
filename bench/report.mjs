// Shared reporting for `npm run bench`: every benchmark reports rows through here so that
// scripts/bench.mjs can print one table (figure, raw-Node baseline from the same run, ratio, goal).

/**
 * Report one benchmark row. `met` says whether the goal is met (the table prints it beside the goal); a row with
 * no figure (`value` undefined) says why in its goal column, e.g. `skipped: PySide6 not found`.
 * @param {{ name: string, value?: number, unit: string, baseline?: number, higherIsBetter?: boolean, goal?: string, met?: boolean }} row
 * @example report({ name: 'callSoon throughput', value: 2.1e6, unit: 'ops/s', baseline: 9e5, higherIsBetter: true, goal: '≥ 2.0×', met: true })
 */
export function report(row) {
  const ratio =
    row.baseline === undefined || row.value === undefined
      ? undefined
      : row.higherIsBetter === false
        ? row.baseline / row.value
        : row.value / row.baseline;
  const line = { ...row, ratio };
  // One JSON line per row: scripts/bench.mjs collects them; a human running a file directly still reads it.
  process.stdout.write(`BENCH ${JSON.stringify(line)}\n`);
}

/** Median of a list of numbers. @example median([3, 1, 2]) // 2 */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A percentile (0–100) of a list of numbers. @example percentile([1, 2, 3, 4], 50) */
export function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i];
}

/** Milliseconds of CPU time used by this process (user + system). @example const t0 = cpuNow(); */
export function cpuNow() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Operations per second of `ours(n)` and `raw(n)` (each resolves after n operations). Rounds alternate between
 * the two so both run under the same conditions (GC state, machine load); the median of `rounds` each, after a
 * warm-up of `warmup` operations. `clock` is wall time (`performance.now`) by default; pass {@link cpuNow} to
 * measure this process's CPU time, which other load on the machine does not skew.
 * @example const { value, baseline } = await compareRates(ours, raw, 100_000, { rounds: 7 });
 */
export async function compareRates(ours, raw, n, { rounds = 5, warmup = Math.min(n, 20_000), clock } = {}) {
  const now = clock ?? (() => performance.now());
  await ours(warmup);
  await raw(warmup);
  const a = [];
  const b = [];
  for (let r = 0; r < rounds; r++) {
    for (const [fn, rates] of [
      [raw, b],
      [ours, a],
    ]) {
      const t0 = now();
      await fn(n);
      rates.push(n / ((now() - t0) / 1000));
    }
  }
  return { value: median(a), baseline: median(b) };
}
