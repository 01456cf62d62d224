// The public API report (api/*.api.md, written by `npm run api`): it matches what dist/ declares, so every change
// to the public API shows in review; and the report tool itself lists what a package exports and notices changes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertBuilt, ROOT } from '../helpers/built';

const SCRIPT = join(ROOT, 'scripts', 'api-report.mjs');

function report(...args: string[]) {
  return spawnSync(process.execPath, [SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8' });
}

test('the committed API report (api/*.api.md) matches the built declarations — run `npm run api` if not', () => {
  assertBuilt('dist/index.d.ts', 'dist/io/index.d.ts', 'dist/rx/index.d.ts', 'dist/qt/index.d.ts');
  const r = report('--check');
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
});

test('no class exported as a value has an @internal constructor (its declaration would show a public `constructor()`)', () => {
  const offenders: string[] = [];
  for (const file of readdirSync(join(ROOT, 'api'))) {
    const report = readFileSync(join(ROOT, 'api', file), 'utf8');
    const exported = report.slice(0, report.indexOf('// ─── '));
    for (const m of exported.matchAll(/^\/\/ (\w+) — (?:abstract )?class(?:[^—\n]*) — (\S+)$/gm)) {
      const [, name, where] = m as unknown as [string, string, string];
      if (m[0].includes('exported as a type only')) continue;
      const src = [join(ROOT, 'src', `${where}.ts`), join(ROOT, 'src', where, 'index.ts')].find(existsSync);
      if (src === undefined) throw new Error(`no source for ${where}`);
      const text = readFileSync(src, 'utf8');
      const start = text.search(new RegExp(`\\bclass ${name}\\b`));
      const body = text.slice(start, text.indexOf('\n}', start));
      if (/\/\*\*(?:(?!\*\/)[\s\S])*@internal(?:(?!\*\/)[\s\S])*\*\/\s*constructor\(/.test(body)) {
        offenders.push(`${name} (${file})`);
      }
    }
  }
  expect(offenders).toEqual([]);
});

describe('scripts/api-report.mjs', () => {
  const dir = join(ROOT, 'test-output', 'api-report');
  const dist = join(dir, 'dist');
  const files: Record<string, string> = {
    'package.json': JSON.stringify({
      name: 'pkg',
      exports: { '.': { types: './dist/index.d.ts' }, './extra': { types: './dist/extra.d.ts' } },
    }),
    'dist/index.d.ts': [
      "export { Widget, type Size } from './widget';",
      "export * from './tools';",
      "import { helper as h } from './tools';",
      'export { h as aliasOfHelper };',
    ].join('\n'),
    'dist/widget.d.ts': [
      "import { Base } from './base';",
      '/** A size. */',
      'export interface Size {',
      '    /** in px */',
      '    width: number;',
      '}',
      '/** A widget. */',
      'export declare class Widget extends Base {',
      '    #private;',
      '    private secret;',
      '    protected resize(size: Size): void;',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a template literal type in declaration text
      '    label: `w-${string}`;',
      '    constructor(size: {',
      '        width: number;',
      '    });',
      '}',
    ].join('\n'),
    'dist/base.d.ts': 'export declare abstract class Base {\n    abstract draw(): void;\n}\n',
    'dist/tools.d.ts': [
      'export declare function helper(n: number): string;',
      'export declare function helper(s: string): string;',
      'export declare const VERSION = "1; two";',
      "declare module './widget' {\n    interface Widget {\n        extra(): void;\n    }\n}",
    ].join('\n'),
    'dist/extra.d.ts': 'export type Mode = "a" | "b";\nexport {};\n',
  };

  beforeAll(() => {
    rmSync(dir, { recursive: true, force: true });
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
  });

  test('lists every export of every entry point, sorted, with kind, origin and public members', () => {
    const r = report('--root', dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const main = readFileSync(join(dir, 'api', 'pkg.api.md'), 'utf8');
    const body = main.slice(main.indexOf('```ts\n') + 6, main.lastIndexOf('```'));
    expect(body).toBe(
      [
        '// aliasOfHelper — function (declared as helper) — tools',
        'function helper(n: number): string;',
        'function helper(s: string): string;',
        '',
        '// helper — function — tools',
        'function helper(n: number): string;',
        'function helper(s: string): string;',
        '',
        '// Size — interface — widget',
        'interface Size {',
        '  width: number;',
        '}',
        '',
        '// VERSION — const — tools',
        'const VERSION = "1; two";',
        '',
        '// Widget — class — widget',
        'class Widget extends Base {',
        '  protected resize(size: Size): void;',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a template literal type in declaration text
        '  label: `w-${string}`;',
        '  constructor(size: { width: number; });',
        '}',
        '',
        '// ─── Not exported, but part of the API through the declarations above ───',
        '',
        '// Base — abstract class — base',
        'abstract class Base {',
        '  abstract draw(): void;',
        '}',
        '',
        '// ─── Module augmentations loaded with this entry point ───',
        '',
        '// augments widget — tools',
        "module './widget' {",
        '  interface Widget {',
        '    extra(): void;',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    expect(readFileSync(join(dir, 'api', 'pkg-extra.api.md'), 'utf8')).toContain(
      '// Mode — type — extra\ntype Mode = "a" | "b";\n```\n',
    );
  });

  test('--check passes on an unchanged package, and prints the difference and the fix after a change', () => {
    expect(report('--root', dir).status).toBe(0);
    expect(report('--root', dir, '--check').status).toBe(0);
    writeFileSync(join(dist, 'extra.d.ts'), 'export type Mode = "a" | "b" | "c";\nexport {};\n');
    const r = report('--root', dir, '--check');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('- type Mode = "a" | "b";\n+ type Mode = "a" | "b" | "c";');
    expect(r.stderr).toContain('run `npm run api`');
  });
});
