// The package as a user gets it: `npm pack`, installed into a fresh project outside this repository with
// `npm install --ignore-scripts <tarball> @nodegui/nodegui rxjs`, set up with the one documented command
// (`npx qtasyncio setup`), then an example copied there runs on plain `node` against real Qt (offscreen).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CRASH_PATTERN, offscreenEnv, ROOT, runNode } from '../qt/run-fixture';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  devDependencies: Record<string, string>;
};

function sh(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_yes: 'true' } });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

let work = '';
let tarball = '';
let files: string[] = [];

beforeAll(() => {
  sh(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], ROOT);
  work = mkdtempSync(join(tmpdir(), 'qtasyncio-pack-'));
  const packed = JSON.parse(sh('npm', ['pack', '--json', '--pack-destination', work], ROOT)) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  const first = packed[0];
  if (first === undefined) throw new Error('npm pack printed no package');
  tarball = join(work, first.filename);
  files = first.files.map((f) => f.path);
});

afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

test('the tarball holds dist with types, the bridge sources, the set-up and the docs — nothing else', () => {
  for (const f of [
    'package.json',
    'README.md',
    'CHANGELOG.md',
    'LICENSE',
    'dist/index.js',
    'dist/index.d.ts',
    'dist/qt/index.js',
    'dist/qt/index.d.ts',
    'dist/rx/index.d.ts',
    'dist/io/index.d.ts',
    'native/CMakeLists.txt',
    'native/src/addon.cc',
    'scripts/setup.mjs',
    'scripts/cli.mjs',
  ]) {
    expect(files).toContain(f);
  }
  const junk = files.filter((f) =>
    /^(test|src|bench|examples|node_modules|test-output|\.ci)\/|native\/build\//.test(f),
  );
  expect(junk).toEqual([]);
});

test('a fresh project installs the tarball, runs `npx qtasyncio setup`, and an example runs on plain node', async () => {
  const app = join(work, 'app');
  sh('mkdir', ['-p', app], work);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'qtasyncio-user-app', private: true }));
  sh(
    'npm',
    [
      'install',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      tarball,
      `@nodegui/nodegui@${pkg.devDependencies['@nodegui/nodegui']}`,
      `rxjs@${pkg.devDependencies.rxjs}`,
    ],
    app,
  );
  const setup = spawnSync('npx', ['qtasyncio', 'setup'], { cwd: app, encoding: 'utf8' });
  expect(setup.stderr).toMatch(/\[setup\] ready/);
  expect(setup.status).toBe(0);
  expect(
    existsSync(join(app, 'node_modules', 'qtasyncio', 'native', 'build', 'Release', 'qtasyncio_bridge.node')),
  ).toBe(true);
  expect(
    existsSync(join(app, 'node_modules', '@nodegui', 'nodegui', 'build', 'Release', 'nodegui_core.node')),
  ).toBe(true);

  copyFileSync(join(ROOT, 'examples', 'showcase', 'main.js'), join(app, 'main.js'));
  const shot = join(app, 'shot.png');
  const run = await runNode(join(app, 'main.js'), {
    args: ['--tour', shot],
    env: offscreenEnv(),
    killAfterMs: 60_000,
  });
  expect(run.stderr).not.toMatch(CRASH_PATTERN);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/status: Cancelled after \d+ of 20 steps/);
  expect(existsSync(shot)).toBe(true);
  // A second set-up in the same project finds everything built.
  const again = spawnSync('npx', ['qtasyncio', 'setup'], { cwd: app, encoding: 'utf8' });
  expect(again.status).toBe(0);
  expect(again.stderr).not.toMatch(/building|installing/);
}, 600_000);
