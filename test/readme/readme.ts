// README.md as tests read it: its fenced code blocks (never pasted copies), what each TypeScript example prints,
// and running the examples as a user would in a project set up as the Install section says.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/built';

/** One fenced code block of README.md. */
export interface Block {
  /** The language after the fence (`ts`, `sh`, `js`, …). */
  readonly lang: string;
  /** The `##` section it is in, e.g. `Install`. */
  readonly section: string;
  readonly code: string;
}

/**
 * Every fenced block of README.md, in order.
 *
 * @example
 * ```ts
 * const snippets = readmeBlocks().filter((b) => b.lang === 'ts');
 * ```
 */
export function readmeBlocks(): Block[] {
  const blocks: Block[] = [];
  let section = '';
  let open: { lang: string; lines: string[] } | null = null;
  for (const line of readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n')) {
    if (open !== null) {
      if (line.startsWith('```')) {
        blocks.push({ lang: open.lang, section, code: `${open.lines.join('\n')}\n` });
        open = null;
      } else open.lines.push(line);
    } else if (line.startsWith('```')) open = { lang: line.slice(3).trim(), lines: [] };
    else if (line.startsWith('## ')) section = line.slice(3).trim();
  }
  if (open !== null) throw new Error(`README.md: a ${open.lang} block in "${section}" is never closed`);
  return blocks;
}

/**
 * The commands of the sh blocks of one README section, one per line, comments and blank lines removed.
 *
 * @example
 * ```ts
 * shellCommands('Install'); // ['npm init -y && npm pkg set type=module', 'npm install …', …]
 * ```
 */
export function shellCommands(section: string, blockIndex = 0): string[] {
  const block = readmeBlocks().filter((b) => b.section === section && b.lang === 'sh')[blockIndex];
  if (block === undefined)
    throw new Error(`README.md has no sh block #${blockIndex} in section "${section}"`);
  return block.code
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/**
 * What each TypeScript example of the README prints, told apart by a piece of its code. Every example must
 * match exactly one entry and every entry one example (see {@link writeExamples}).
 */
export const EXPECTED_OUTPUT: ReadonlyArray<{ readonly has: string; readonly stdout: string }> = [
  { has: "win.setWindowTitle('qtasyncio')", stdout: 'done\n' },
  {
    has: "download.cancel('too slow')",
    stdout: 'cancelled: too slow (aborted: true)\na minute later 60000\n',
  },
  { has: 'new Queue<string>', stdout: 'uploaded a.txt\nuploaded b.txt\nuploaded c.txt\n' },
  { has: "nextSignal(button, 'clicked'", stdout: 'clicked (checked: false)\n' },
  { has: 'switchMapTask(search)', stdout: "[ 'Bern' ]\n" },
  { has: "policy: 'exhaust'", stdout: 'Working… false\nReady true 100\n' },
  { has: 'startServer(', stdout: 'HELLO\n\n0 42\n\n' },
  { has: 'fetchOrGiveUp(', stdout: "gave up 5000\n[ 'RangeError: lost' ]\n" },
  { has: 'new ClusterExecutor(', stdout: 'progress 50\n49\n' },
];

/** One README example written into a project. */
export interface WrittenExample {
  /** The compiled file to run, relative to the project (`app.js` for the Quick start's `app.ts`). */
  readonly js: string;
  readonly stdout: string;
}

/**
 * Writes every TypeScript block of the README into `dir`: the Quick start's as `app.ts` (the name it gives),
 * the others as `readme-N.ts`. Throws unless each one matches exactly one {@link EXPECTED_OUTPUT} entry.
 *
 * @example
 * ```ts
 * for (const { js, stdout } of writeExamples(project)) …
 * ```
 */
export function writeExamples(dir: string): WrittenExample[] {
  const snippets = readmeBlocks().filter((b) => b.lang === 'ts');
  const used = new Set<string>();
  const written = snippets.map((snippet, i) => {
    const matches = EXPECTED_OUTPUT.filter((e) => snippet.code.includes(e.has));
    const [expected] = matches;
    if (expected === undefined || matches.length > 1) {
      throw new Error(`README.md TypeScript block #${i + 1} ("${snippet.section}") matches ${matches.length} entries of
EXPECTED_OUTPUT (want 1):\n${snippet.code}`);
    }
    used.add(expected.has);
    const name = snippet.section === 'Quick start' ? 'app' : `readme-${i + 1}`;
    writeFileSync(join(dir, `${name}.ts`), snippet.code);
    return { js: `${name}.js`, stdout: expected.stdout };
  });
  const unused = EXPECTED_OUTPUT.filter((e) => !used.has(e.has)).map((e) => e.has);
  if (unused.length > 0)
    throw new Error(`EXPECTED_OUTPUT entries without a README example: ${unused.join(', ')}`);
  return written;
}

/**
 * Runs `node file` in `dir` on the X server `display` (a real one: Xvfb), as a user would after `npx tsc`.
 *
 * @example
 * ```ts
 * const r = runOnDisplay(project, 'app.js', x.display);
 * ```
 */
export function runOnDisplay(
  dir: string,
  file: string,
  display: string,
  timeoutMs = 60_000,
): { status: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, DISPLAY: display };
  delete env.QT_QPA_PLATFORM; // the test environment's offscreen default: these run on the X server
  delete env.WAYLAND_DISPLAY;
  const r = spawnSync(process.execPath, [file], { cwd: dir, env, encoding: 'utf8', timeout: timeoutMs });
  if (r.error !== undefined || r.signal !== null) {
    throw new Error(
      `node ${file} did not finish within ${timeoutMs} ms (${r.error?.message ?? r.signal}):\n${r.stdout}\n${r.stderr}`,
    );
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
