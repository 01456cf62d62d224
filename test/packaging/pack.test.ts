// The package as a user gets it: `npm pack`, installed into a fresh project outside this repository with
// `npm install --ignore-scripts <tarball> @nodegui/nodegui rxjs`, set up with the one documented command
// (`npx qtasyncio setup`), then an example copied there runs on plain `node` against real Qt (offscreen).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, type Rect } from '../e2e/harness';
import { CRASH_PATTERN, ROOT } from '../qt/run-fixture';

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

  // The copied program resolves qtasyncio and NodeGui inside the new project, not in this repository.
  for (const id of ['qtasyncio/qt', 'qtasyncio', '@nodegui/nodegui']) {
    expect(require.resolve(id, { paths: [app] })).toContain(join(app, 'node_modules'));
  }
  // The `minimal` example, copied into the project, on a real X server: a person's click, then the answer.
  copyFileSync(join(ROOT, 'examples', 'minimal', 'main.js'), join(app, 'main.js'));
  const gui = await launch(join(app, 'main.js'), { title: 'qtasyncio minimal', killAfterMs: 60_000 });
  try {
    const shown = await gui.state();
    await gui.click(shown.trigger as Rect);
    const answered = await gui.waitForState((s) => s.event === 'answered', { what: 'the answer' });
    expect(answered.text).toBe('What do you get if you multiply six by nine?');
    const result = await gui.quit();
    expect(result.stderr).not.toMatch(CRASH_PATTERN);
    expect(result.code).toBe(0);
  } finally {
    await gui.dispose();
  }
  // A second set-up in the same project finds everything built.
  const again = spawnSync('npx', ['qtasyncio', 'setup'], { cwd: app, encoding: 'utf8' });
  expect(again.status).toBe(0);
  expect(again.stderr).not.toMatch(/building|installing/);
}, 600_000);
