#!/usr/bin/env node
// What `npm run docs` runs after scripts/setup.mjs: builds the API site (docs/api/) with typedoc from the TSDoc
// comments of the four entry points, and fails when the documentation is incomplete.
//
// typedoc needs TypeScript's JavaScript API, which TypeScript 7 (the project's compiler) no longer ships, so the
// docs toolchain lives apart in tools/docs/ with its own package.json and package-lock.json (typedoc and
// TypeScript 6, exact versions). It is installed there (`npm ci --prefix tools/docs --ignore-scripts`) when
// missing or when its lock file changed, like scripts/setup.mjs does for the root. Node built-ins only.
//
// It fails (exit 1) when typedoc reports any error or warning: an exported symbol or member without a comment
// (validation.notDocumented), a function, class or public method without an `@example` (tools/docs/plugin.mjs),
// a broken {@link}, a type that is referenced but not exported. The site is written in every case, so one run
// shows every problem. `--json` also writes docs/api/api.json (typedoc's JSON model).

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const toolDir = join(root, 'tools', 'docs');
const outDir = join(root, 'docs', 'api');
const started = Date.now();

function log(message) {
  process.stderr.write(`[docs] ${message}\n`);
}

function fail(message) {
  process.stderr.write(`[docs] error: ${message}\n`);
  process.exit(1);
}

/** Installs tools/docs/node_modules when missing or older than tools/docs/package-lock.json. */
function ensureToolchain() {
  const lock = join(toolDir, 'package-lock.json');
  const stamp = join(toolDir, 'node_modules', '.qtasyncio-docs-lock');
  const want = createHash('sha256').update(readFileSync(lock)).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return;
  log('installing the docs toolchain (npm ci --prefix tools/docs --ignore-scripts)…');
  const r = spawnSync('npm', ['ci', '--prefix', toolDir, '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.error) fail(`npm could not start: ${r.error.message}`);
  if (r.status !== 0) fail(`npm ci --prefix tools/docs exited with ${r.status ?? r.signal}`);
  writeFileSync(stamp, want);
}

/** Source links go to the git remote when there is one; otherwise to the files of this checkout. */
function sourceOptions() {
  const remote = spawnSync('git', ['-C', root, 'remote', 'get-url', 'origin'], { encoding: 'utf8' });
  if (remote.status === 0 && remote.stdout.trim() !== '') return {};
  // Pages sit one folder below docs/api/ (classes/, functions/, …): three levels below the repository root.
  return { disableGit: true, sourceLinkTemplate: '../../../{path}#L{line}' };
}

/** The site's pages must exist and list the symbols: a cheap look at the HTML, no browser needed. */
function checkSite(project) {
  const problems = [];
  if (!existsSync(join(outDir, 'index.html'))) problems.push('docs/api/index.html is missing');
  for (const module of project.children ?? []) {
    const page = join(outDir, 'modules', `${module.name.replace(/\//g, '_')}.html`);
    if (!existsSync(page)) {
      problems.push(`the page of ${module.name} is missing (${page})`);
      continue;
    }
    const html = readFileSync(page, 'utf8');
    const unlisted = (module.children ?? []).filter((c) => !html.includes(`>${c.name}<`));
    if (unlisted.length > 0)
      problems.push(`${module.name}'s page does not list ${unlisted.map((c) => c.name)}`);
  }
  return problems;
}

async function main() {
  ensureToolchain();
  const typedocEntry = join(toolDir, 'node_modules', 'typedoc', 'dist', 'index.js');
  const td = await import(pathToFileURL(typedocEntry).href);
  const app = await td.Application.bootstrapWithPlugins(
    {
      options: join(toolDir, 'typedoc.json'),
      // This script decides: convert, validate and render in one pass, then fail on any warning.
      treatWarningsAsErrors: false,
      ...sourceOptions(),
    },
    [new td.TypeDocReader(), new td.TSConfigReader()],
  );
  if (app.logger.hasErrors()) fail('typedoc options are invalid (see above)');
  const project = await app.convert();
  if (!project) fail('typedoc could not convert the project (see above)');
  app.validate(project);
  await app.generateOutputs(project);
  if (process.argv.includes('--json')) await app.generateJson(project, join(outDir, 'api.json'));

  const problems = checkSite(project);
  for (const p of problems) log(`site: ${p}`);
  const { errorCount, warningCount } = app.logger;
  const symbols = (project.children ?? []).reduce((n, m) => n + (m.children?.length ?? 0), 0);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  log(
    `${symbols} exported symbols in ${project.children?.length ?? 0} modules → docs/api/index.html; ` +
      `${errorCount} errors, ${warningCount} warnings (${seconds} s)`,
  );
  if (errorCount + warningCount + problems.length > 0) {
    fail('the API documentation is incomplete: fix the warnings above (every one counts)');
  }
}

await main();
