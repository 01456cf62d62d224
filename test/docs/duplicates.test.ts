// No copy-paste (CONTRIBUTING.md, "Style"): no run of DUPLICATE_WINDOW code lines appears in two files of the
// project's code. Reuse a helper (for tests: qtasyncio/testing or the area's helpers.ts) instead of a twin.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeLines, findDuplicates } from './duplicates';

const root = join(__dirname, '..', '..');

/** Lines in a row (comments, blank lines, imports and lone closing brackets not counted). */
const DUPLICATE_WINDOW = 10;

test(`no ${DUPLICATE_WINDOW} code lines in a row appear in two files`, () => {
  const found = findDuplicates(
    root,
    ['src', 'test', 'scripts', 'bench', 'examples', 'tools/docs/plugin.mjs'],
    DUPLICATE_WINDOW,
  );
  expect(found.map((d) => `${d.places.join(' = ')}  (${d.firstLine})`)).toEqual([]);
});

test('the check finds a copy that was re-indented and re-commented, and ignores imports and comments', () => {
  const dir = mkdtempSync(join(tmpdir(), 'duplicates-'));
  mkdirSync(join(dir, 'a'));
  const body = Array.from({ length: DUPLICATE_WINDOW }, (_, i) => `total += step(${i});`);
  writeFileSync(join(dir, 'a', 'one.ts'), ['// one', 'function one() {', ...body, '}'].join('\n'));
  writeFileSync(
    join(dir, 'a', 'two.ts'),
    [
      '/* two */',
      'function two() {',
      ...body.map((l, i) => `    ${l}${i === 3 ? ' // note' : ''}`),
      '}',
    ].join('\n'),
  );
  const imports = Array.from({ length: DUPLICATE_WINDOW }, (_, i) => `import { x${i} } from './x${i}';`);
  writeFileSync(join(dir, 'a', 'three.ts'), imports.join('\n'));
  writeFileSync(join(dir, 'a', 'four.ts'), imports.join('\n'));
  const found = findDuplicates(dir, ['a'], DUPLICATE_WINDOW);
  expect(found).toEqual([{ places: ['a/one.ts:3', 'a/two.ts:3'], firstLine: 'total += step(0);' }]);
  expect(codeLines("import {\n  a,\n} from './a';\n// c\n  x(); // why\n}")).toEqual([['x();', 5]]);
});
