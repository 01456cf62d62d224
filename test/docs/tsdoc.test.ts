// Every exported function and class, and every public method of an exported class, has a TSDoc `@example`
// (CONTRIBUTING.md, "Style"). A static scan of the source keeps `npm test` fast; `npm run docs` runs the full
// typedoc check (every exported symbol and member documented, links resolve).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENTRY_POINTS as PACKAGE_ENTRY_POINTS } from './tsdocExamples';
import { scanDeclaration, scanEntryPoints } from './tsdocScan';

const root = join(__dirname, '..', '..');

/** The package's entry points, as in package.json's `exports` and tools/docs/typedoc.json. */
const ENTRY_POINTS = Object.values(PACKAGE_ENTRY_POINTS);

const checked = scanEntryPoints(root, ENTRY_POINTS);

test('the scan finds the exported API (a broken scan must not pass vacuously)', () => {
  const names = new Set(checked.map((s) => s.name));
  for (const name of [
    'run',
    'Future.then',
    'TaskGroup.run',
    'Queue.put',
    'fromSignal',
    'isQode',
    'toThread',
    'openConnection',
    'onLoop',
    'ClusterExecutor',
    'jobProgress',
  ]) {
    expect(names).toContain(name);
  }
  expect(checked.filter((s) => s.kind === 'class').length).toBeGreaterThan(40);
  expect(checked.filter((s) => s.kind === 'method').length).toBeGreaterThan(100);
});

test('every exported function, class and public method has an @example', () => {
  const missing = checked.filter((s) => !s.hasExample).map((s) => `${s.file}:${s.line} ${s.kind} ${s.name}`);
  expect(missing).toEqual([]);
});

test('the scan reports a class, a method and an overloaded function without @example', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsdoc-'));
  const file = join(dir, 'sample.ts');
  writeFileSync(
    file,
    [
      '/** A class. */',
      'export class Sample {',
      '  /**',
      '   * Documented.',
      '   * @example',
      '   * ```ts',
      '   * new Sample().good();',
      '   * ```',
      '   */',
      '  good(): void {}',
      '  /** No example. */',
      '  async bad(): Promise<void> {}',
      '  private hidden(): void {}',
      '  /** @internal */',
      '  _internal(): void {}',
      '  get size(): number {',
      '    return 0;',
      '  }',
      '}',
      '/** Overloads: an example on one of them is enough. @example f(1) */',
      'export function f(x: number): number;',
      'export function f(x: string): string;',
      'export function f(x: unknown): unknown {',
      '  return x;',
      '}',
      '',
    ].join('\n'),
  );
  const summary = (name: string) =>
    scanDeclaration(dir, file, name).map((s) => `${s.kind} ${s.name} ${s.hasExample}`);
  expect(summary('Sample')).toEqual([
    'class Sample false',
    'method Sample.good true',
    'method Sample.bad false',
  ]);
  expect(summary('f')).toEqual(['function f true']);
});
