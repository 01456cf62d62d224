// The package as a user gets it. A clean clone of this repository (its committed HEAD: commit before running
// this; its node_modules link to this checkout's, as after `npm ci`) is packed with a plain `npm pack`, with no
// build beforehand: `prepack` must build dist/. Then a fresh project follows README.md's Install and Quick start
// sections command by command (read from README.md; the only change: the tarball stands for `qtasyncio`),
// compiles every TypeScript example of the README with `tsc --init`'s defaults and runs them on a real X server
// (Xvfb), and a person clicks through the `minimal` example.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, type Rect, startXvfb, type XServer } from '../e2e/harness';
import { CRASH_PATTERN, ROOT } from '../qt/run-fixture';
import { runOnDisplay, shellCommands, writeExamples } from '../readme/readme';

/** Runs one shell command line in `cwd`; throws with its output when it fails. */
function sh(
  line: string,
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): { stdout: string; stderr: string } {
  const r = spawnSync('sh', ['-c', line], { cwd, encoding: 'utf8', env, timeout: 900_000 });
  if (r.status !== 0) {
    throw new Error(
      `\`${line}\` exited with ${r.status ?? r.signal ?? r.error?.message}\n${r.stdout}\n${r.stderr}`,
    );
  }
  return { stdout: r.stdout, stderr: r.stderr };
}

let work = '';
let clone = '';
let tarball = '';
let files: string[] = [];
let distBeforePack = true;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'qtasyncio-pack-'));
  clone = join(work, 'clone');
  sh(`git clone --quiet ${JSON.stringify(ROOT)} ${JSON.stringify(clone)}`, work);
  symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
  distBeforePack = existsSync(join(clone, 'dist'));
  const { stdout } = sh(`npm pack --json --pack-destination ${JSON.stringify(work)}`, clone);
  const packed = JSON.parse(stdout.slice(stdout.indexOf('['))) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  const first = packed[0];
  if (first === undefined) throw new Error('npm pack printed no package');
  tarball = join(work, first.filename);
  files = first.files.map((f) => f.path);
}, 300_000);

afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

test('npm pack of a clean clone builds dist/ itself and ships it with types, the bridge sources, the set-up and the docs — nothing else', () => {
  expect(distBeforePack).toBe(false);
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
    'dist/testing/index.d.ts',
    'dist/cluster/index.d.ts',
    'scripts/worker.mjs',
    'native/CMakeLists.txt',
    'native/src/addon.cc',
    'scripts/setup.mjs',
    'scripts/cli.mjs',
  ]) {
    expect(files).toContain(f);
  }
  const junk = files.filter((f) =>
    /^(test|src|bench|examples|docs|node_modules|test-output|\.ci)\/|native\/build\//.test(f),
  );
  expect(junk).toEqual([]);
});

test('the packed README links only to absolute URLs (its relative links would break on the npm page)', () => {
  const readme = readFileSync(join(clone, 'README.md'), 'utf8');
  const relative = [...readme.matchAll(/\]\(([^)]+)\)/g)]
    .map((m) => m[1] as string)
    .filter((href) => !/^(https:\/\/|#)/.test(href));
  expect(relative).toEqual([]);
  const pkg = JSON.parse(readFileSync(join(clone, 'package.json'), 'utf8')) as Record<string, unknown>;
  expect(pkg.homepage).toMatch(/^https:\/\//);
  expect(pkg.repository).toMatchObject({ type: 'git', url: expect.stringMatching(/^git\+https:\/\//) });
});

test("a fresh project follows the README's Install and Quick start to the letter; every README example compiles and runs on Xvfb", async () => {
  const app = join(work, 'app');
  mkdirSync(app);
  const install = shellCommands('Install', 0);
  expect(install).toEqual([
    'npm init -y && npm pkg set type=module',
    'npm install --ignore-scripts qtasyncio @nodegui/nodegui rxjs',
    'npm install --ignore-scripts --save-dev typescript @types/node',
    'npx qtasyncio setup',
  ]);
  let setupLog = '';
  for (const line of install) {
    const r = sh(line.replace(/(install .*)\bqtasyncio\b/, `$1${tarball}`), app);
    if (line.includes('qtasyncio setup')) setupLog = r.stderr;
  }
  expect(setupLog).toMatch(/\[setup\] ready/);
  for (const id of ['qtasyncio/qt', 'qtasyncio', '@nodegui/nodegui', 'rxjs', 'typescript']) {
    expect(require.resolve(id, { paths: [app] })).toContain(join(app, 'node_modules'));
  }
  // @types/node came with the README's second install line (and qtasyncio's peer dependency).
  expect(existsSync(join(app, 'node_modules', '@types', 'node', 'package.json'))).toBe(true);

  // The cluster example's optional peer dependencies, as its README section installs them.
  const cluster = shellCommands('Scaling out (`qtasyncio/cluster`)', 0);
  expect(cluster).toEqual(['npm install --ignore-scripts bullmq ioredis']);
  sh(cluster[0] as string, app);

  const quickStart = shellCommands('Quick start', 0);
  expect(quickStart).toEqual(['npx tsc --init']);
  sh(quickStart[0] as string, app);
  const tsconfig = readFileSync(join(app, 'tsconfig.json'), 'utf8');
  expect(tsconfig).toMatch(/"strict": true/);
  const examples = writeExamples(app); // app.ts is the Quick start's; the others as readme-N.ts
  const [build] = shellCommands('Quick start', 1);
  expect(build).toBe('npx tsc && node app.js');

  const x: XServer = await startXvfb();
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, DISPLAY: x.display };
    delete env.QT_QPA_PLATFORM;
    delete env.WAYLAND_DISPLAY;
    const quick = sh(build as string, app, env); // tsc compiles every example (strict), then the app runs
    expect(quick.stdout).toBe('done\n');
    expect(quick.stderr).not.toMatch(CRASH_PATTERN);
    const failures: string[] = [];
    for (const { js, stdout } of examples.filter((e) => e.js !== 'app.js')) {
      const r = runOnDisplay(app, js, x.display);
      if (r.status !== 0 || r.stdout !== stdout || CRASH_PATTERN.test(r.stderr)) {
        failures.push(
          `${js}: exit ${r.status}, stdout ${JSON.stringify(r.stdout)}, want ${JSON.stringify(stdout)}\n${r.stderr}`,
        );
      }
    }
    expect(failures).toEqual([]);
  } finally {
    await x.stop();
  }

  // The `minimal` example (plain CommonJS: .cjs in this ES-module project) on a real X server: a person's
  // click, then the answer.
  copyFileSync(join(ROOT, 'examples', 'minimal', 'main.js'), join(app, 'main.cjs'));
  const gui = await launch(join(app, 'main.cjs'), { title: 'qtasyncio minimal', killAfterMs: 60_000 });
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
  const again = sh('npx qtasyncio setup', app);
  expect(again.stderr).not.toMatch(/building|installing|using/);
  // CI, as the README says: a fresh `npm ci` from the lock file, then the set-up, which takes both addons from the
  // per-machine cache (what makes a second project's set-up take seconds): nothing is compiled.
  rmSync(join(app, 'node_modules'), { recursive: true, force: true });
  const ci = shellCommands('Install', 1);
  expect(ci).toEqual(['npm ci --ignore-scripts', 'npx qtasyncio setup']);
  let ciSetupLog = '';
  for (const line of ci) ciSetupLog = sh(line, app).stderr;
  expect(ciSetupLog).toMatch(/using the qtasyncio bridge built earlier on this machine/);
  expect(ciSetupLog).toMatch(/using NodeGui [\d.]+'s addon built earlier on this machine/);
  expect(ciSetupLog).not.toMatch(/building/);
  const offscreen = { ...process.env, QT_QPA_PLATFORM: 'offscreen' };
  expect(sh('node app.js', app, offscreen).stdout).toBe('done\n'); // compiled before: npm ci kept app.js
}, 1_200_000);
