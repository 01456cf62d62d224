// Every TypeScript example of README.md, read from README.md, compiled as written by `tsc` with `tsc --init`'s
// defaults in a fresh ES-module project (the Install section's), then run with `node` on a real X server. Here
// the project's node_modules link to this checkout (fast, uses dist/); test/packaging/install.test.ts does the
// same from the npm tarball, installed exactly as the README says.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startXvfb, type XServer } from '../e2e/harness';
import { assertBuilt, ROOT } from '../helpers/built';
import { CRASH_PATTERN } from '../qt/run-fixture';
import { runOnDisplay, type WrittenExample, writeExamples } from './readme';

const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');
let project = '';
let examples: WrittenExample[] = [];
let x: XServer | null = null;

function tsc(args: string[]): void {
  const r = spawnSync(TSC, args, { cwd: project, encoding: 'utf8' });
  if (r.status !== 0)
    throw new Error(`tsc ${args.join(' ')} exited with ${r.status}:\n${r.stdout}${r.stderr}`);
}

beforeAll(async () => {
  assertBuilt('dist/index.js', 'dist/qt/index.js', 'native/build/Release/qtasyncio_bridge.node');
  project = mkdtempSync(join(tmpdir(), 'qtasyncio-readme-'));
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'readme', private: true, type: 'module' }),
  );
  for (const [name, target] of [
    ['qtasyncio', ROOT],
    ['@nodegui/nodegui', join(ROOT, 'node_modules', '@nodegui', 'nodegui')],
    ['rxjs', join(ROOT, 'node_modules', 'rxjs')],
    ['@types/node', join(ROOT, 'node_modules', '@types', 'node')],
    ['bullmq', join(ROOT, 'node_modules', 'bullmq')],
    ['ioredis', join(ROOT, 'node_modules', 'ioredis')],
  ] as const) {
    mkdirSync(join(project, 'node_modules', name, '..'), { recursive: true });
    symlinkSync(target, join(project, 'node_modules', name), 'dir');
  }
  tsc(['--init']);
  examples = writeExamples(project);
  x = await startXvfb();
}, 120_000);

afterAll(async () => {
  await x?.stop();
  if (project !== '') rmSync(project, { recursive: true, force: true });
});

test('every TypeScript example compiles as written with tsc --init defaults (strict, nodenext, no types listed)', () => {
  expect(examples.length).toBeGreaterThanOrEqual(7);
  tsc([]); // throws with tsc's diagnostics
});

test('every TypeScript example runs on a real X server and prints what it says', () => {
  const failures: string[] = [];
  for (const { js, stdout } of examples) {
    const r = runOnDisplay(project, js, (x as XServer).display);
    if (r.status !== 0 || r.stdout !== stdout || CRASH_PATTERN.test(r.stderr)) {
      failures.push(
        `${js}: exit ${r.status}\nstdout ${JSON.stringify(r.stdout)}, want ${JSON.stringify(stdout)}\n${r.stderr}`,
      );
    }
  }
  expect(failures).toEqual([]);
}, 300_000);
