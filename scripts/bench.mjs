#!/usr/bin/env node
// `npm run bench`: builds dist/, runs every bench/*.bench.mjs in its own process (so one benchmark's heap and
// timers cannot disturb the next) and prints one table: each figure beside its raw-Node baseline measured in
// the same run, the ratio (>1 means qtasyncio is better) and the goal.
//
// `npm run bench -- loop` runs only the files whose name contains "loop".

import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildDistOrExit, root } from './build-dist.mjs';

const filter = process.argv[2] ?? '';
buildDistOrExit();

const files = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.mjs') && f.includes(filter))
  .sort();
const rows = [];
/** One line per bench file that did not exit with code 0. */
const failures = [];

function runOne(file, index) {
  return new Promise((resolve) => {
    process.stderr.write(`[${'#'.repeat(index)}${'.'.repeat(files.length - index)}] ${file}…\n`);
    const child = spawn(process.execPath, ['--expose-gc', join(root, 'bench', file)], {
      cwd: root,
      env: { ...process.env, QT_QPA_PLATFORM: process.env.QT_QPA_PLATFORM ?? 'offscreen' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      let nl = buffer.indexOf('\n');
      while (nl >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.startsWith('BENCH ')) {
          const row = JSON.parse(line.slice(6));
          rows.push({ file, ...row });
          process.stderr.write(
            `    ${row.name}: ${fmt(row.value)} ${row.unit}${goalOf(row) ? ` (${goalOf(row)})` : ''}\n`,
          );
        } else process.stderr.write(`    ${line}\n`);
        nl = buffer.indexOf('\n');
      }
    });
    let startFailed = false;
    child.on('error', (error) => {
      startFailed = true;
      failures.push(`${file}: could not be started (${error.message})`);
      resolve();
    });
    child.on('close', (code, signal) => {
      if (code !== 0 && !startFailed) {
        failures.push(`${file}: ${howItEnded(code, signal)}`);
        process.stderr.write(`    FAILED: ${failures[failures.length - 1]}\n`);
      }
      resolve();
    });
  });
}

/** Why a bench file's process ended badly, in words (exit code 13 is Node's unsettled top-level await). */
function howItEnded(code, signal) {
  if (code === null) return `killed by ${signal}`;
  if (code === 13) {
    return 'exited with code 13: a top-level await never settled (the program ran out of work while it waited)';
  }
  return `exited with code ${code}`;
}

/** The goal column: the goal, and whether it is met when the row says so. */
function goalOf(r) {
  if (r.met === undefined) return r.goal ?? '';
  return `${r.goal ?? ''} — ${r.met ? 'met' : 'NOT met'}`;
}

function fmt(n) {
  if (n === undefined || n === null) return '';
  if (Math.abs(n) >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (Math.abs(n) >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return Number.isInteger(n) ? String(n) : n.toFixed(Math.abs(n) < 1 ? 3 : 2);
}

for (const [i, f] of files.entries()) await runOne(f, i);
process.stderr.write(`[${'#'.repeat(files.length)}] done\n\n`);

const table = [
  ['benchmark', 'qtasyncio', 'raw Node', 'unit', 'ratio', 'goal'],
  ...rows.map((r) => [
    r.name,
    fmt(r.value),
    fmt(r.baseline),
    r.unit,
    r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`,
    goalOf(r),
  ]),
];
const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
const line = (row) => `| ${row.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
process.stdout.write(`${line(table[0])}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n`);
for (const row of table.slice(1)) process.stdout.write(`${line(row)}\n`);
process.stdout.write(`\nnode ${process.version}, ${new Date().toISOString()}\n`);
if (failures.length > 0) {
  process.stderr.write(`\n${failures.length} bench file(s) failed (their figures above may be missing):\n`);
  for (const f of failures) process.stderr.write(`  ${f}\n`);
}
process.exit(failures.length > 0 ? 1 : 0);
