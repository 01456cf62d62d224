// The TSDoc examples of src/ as TypeScript modules, for test/docs/examples.test.ts: every ```ts block under an
// `@example` tag is written as one module into a directory and the whole directory is type-checked with the
// project's own tsc (TypeScript 7 has no JavaScript API: files + a tsconfig + the compiler's command line).
// Examples import the package by its public names (`qtasyncio`, `qtasyncio/io`, …), which the tsconfig maps to
// the entry points in src/; an example of an internal module imports from its neighbours as the module itself
// does (`./validate`): each example is written at its source file's path and `rootDirs` joins the two trees. The
// only name an example may use without importing or declaring it is `loop` (examplePrelude.d.ts).

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** One ```ts block of an `@example` tag. */
export interface DocExample {
  /** Repository-relative path of the source file. */
  file: string;
  /** 1-based line of the block's first code line in `file`. */
  line: number;
  /** The code, without the comment's leading ` * `. */
  code: string;
}

/** The package's entry points: import specifier → source file (as package.json's `exports`). */
export const ENTRY_POINTS: Readonly<Record<string, string>> = {
  qtasyncio: 'src/index.ts',
  'qtasyncio/devtools': 'src/devtools/index.ts',
  'qtasyncio/cluster': 'src/cluster/index.ts',
  'qtasyncio/io': 'src/io/index.ts',
  'qtasyncio/qt': 'src/qt/index.ts',
  'qtasyncio/rx': 'src/rx/index.ts',
  'qtasyncio/testing': 'src/testing/index.ts',
};

/** The `.ts` files under `dir`, sorted, recursively. */
export function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (name.endsWith('.ts')) yield path;
  }
}

/** The ```ts blocks under `@example` tags in the TSDoc comments of `text`. */
export function examplesOf(file: string, text: string): DocExample[] {
  const found: DocExample[] = [];
  let inDoc = false;
  let inExample = false;
  let code: string[] | null = null;
  let first = 0;
  text.split('\n').forEach((line, i) => {
    if (!inDoc && line.trimStart().startsWith('/**')) {
      inDoc = true;
      inExample = false;
    }
    if (!inDoc) return;
    const body = line.replace(/^\s*(\/\*\*|\*\/|\*)? ?/, '');
    if (code !== null) {
      if (/^\s*```/.test(body)) {
        found.push({ file, line: first, code: code.join('\n') });
        code = null;
      } else code.push(body);
      return;
    }
    if (/@example\b/.test(body)) inExample = true;
    else if (/^\s*@\w/.test(body)) inExample = false;
    if (inExample && /```ts\s*$/.test(body)) {
      code = [];
      first = i + 2;
    }
    if (line.includes('*/')) inDoc = false;
  });
  return found;
}

/** Every example in src/. */
export function extractExamples(root: string): DocExample[] {
  return [...sourceFiles(join(root, 'src'))].flatMap((path) =>
    examplesOf(relative(root, path), readFileSync(path, 'utf8')),
  );
}

/**
 * Write `examples` into `dir` (emptied first) as modules `<source dir>/example-N.ts`, with the prelude and a
 * tsconfig that extends the project's (strict) one and maps the package's names to src/. Returns the paths in
 * order, relative to `dir`.
 */
export function writeExampleProject(root: string, dir: string, examples: readonly DocExample[]): string[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(__dirname, 'examplePrelude.d.ts'), join(dir, 'examplePrelude.d.ts'));
  const paths = Object.fromEntries(
    Object.entries(ENTRY_POINTS).map(([name, file]) => [name, [join(root, file)]]),
  );
  const tsconfig = {
    extends: join(root, 'tsconfig.json'),
    // `preserve`: top-level await (as users' ES modules) and extensionless relative imports (as src/).
    compilerOptions: {
      types: ['node'],
      noEmit: true,
      module: 'preserve',
      moduleResolution: 'bundler',
      paths,
      rootDirs: [root, dir],
    },
    include: ['**/*.ts'],
  };
  writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
  return examples.map((ex, i) => {
    const name = join(dirname(ex.file), `example-${i}.ts`);
    mkdirSync(join(dir, dirname(ex.file)), { recursive: true });
    // `export {}` last keeps the line numbers and makes a block without imports a module too.
    writeFileSync(join(dir, name), `${ex.code}\nexport {};\n`);
    return name;
  });
}

/** One compiler message, located in the source file the example came from. */
export interface ExampleDiagnostic {
  where: string;
  message: string;
}

/** Type-check the project written by {@link writeExampleProject}; messages are mapped back to src/ lines. */
export function checkExamples(
  root: string,
  dir: string,
  examples: readonly DocExample[],
): ExampleDiagnostic[] {
  const names = writeExampleProject(root, dir, examples);
  const tsc = join(root, 'node_modules', '.bin', 'tsc');
  const r = spawnSync(tsc, ['-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 300_000,
  });
  if (r.error) throw new Error(`tsc did not run: ${r.error.message}`);
  const byName = new Map(names.map((n, i) => [join(dir, n), examples[i] as DocExample]));
  const out: ExampleDiagnostic[] = [];
  for (const line of `${r.stdout}${r.stderr}`.split('\n')) {
    if (line.trim() === '') continue;
    const m = /^(.*example-\d+\.ts)\((\d+),(\d+)\): (.*)$/.exec(line);
    const ex = m ? byName.get(join(dir, m[1] ?? '')) : undefined;
    if (!m || !ex) {
      // A message about src/ itself, the tsconfig or a continuation line: keep it as it is.
      if (/^\s/.test(line) && out.length > 0)
        (out[out.length - 1] as ExampleDiagnostic).message += `\n${line}`;
      else out.push({ where: '(tsc)', message: line });
      continue;
    }
    out.push({ where: `${ex.file}:${ex.line + Number(m[2]) - 1}`, message: m[4] ?? '' });
  }
  if (r.status !== 0 && out.length === 0)
    out.push({ where: '(tsc)', message: `tsc exited with ${r.status}` });
  return out;
}
