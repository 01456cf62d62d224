// Every TSDoc example in src/ compiles (CONTRIBUTING.md, "Style"): each ```ts block under an `@example` tag is
// type-checked as a module, with the project's strict settings, against the package's public entry points. An
// example shows its imports and declares what it assumes; only `loop` is ambient (examplePrelude.d.ts).
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkExamples, type DocExample, examplesOf, extractExamples, sourceFiles } from './tsdocExamples';

const root = join(__dirname, '..', '..');
const out = (name: string): string => join(root, 'test-output', name);
const examples = extractExamples(root);

test('the extraction finds the examples (a broken extraction must not pass vacuously)', () => {
  expect(examples.length).toBeGreaterThan(500);
  const gather = examples.find(
    (e) => e.file === 'src/concurrency/gather.ts' && e.code.includes('await gather('),
  );
  expect(gather?.code).toMatch(/^import \{[^}]*\bgather\b[^}]*\} from 'qtasyncio';$/m);
  const text = readFileSync(join(root, gather?.file ?? ''), 'utf8').split('\n');
  expect(text[(gather?.line ?? 0) - 1]).toMatch(/^ \* import /);
});

test('every TSDoc example type-checks against the package', () => {
  const problems = checkExamples(root, out('tsdoc-examples'), examples).map(
    (d) => `${d.where}: ${d.message}`,
  );
  expect(problems).toEqual([]);
}, 300_000);

test('the check reports an example that uses a name it does not import, or the API wrongly, at its source line', () => {
  const broken: DocExample[] = [
    { file: 'src/concurrency/gather.ts', line: 100, code: 'await gather(sleep(1));' },
    {
      file: 'src/futures/sleep.ts',
      line: 200,
      code: "import { sleep } from 'qtasyncio';\n\nawait sleep('1 s');",
    },
    {
      file: 'src/sync/lock.ts',
      line: 300,
      code: "import { Lock } from 'qtasyncio';\nawait new Lock().acquire();",
    },
  ];
  const problems = checkExamples(root, out('tsdoc-examples-broken'), broken).map(
    (d) => `${d.where} ${d.message}`,
  );
  expect(problems).toEqual([
    expect.stringMatching(/^src\/concurrency\/gather\.ts:100 error TS2304: Cannot find name 'gather'/),
    expect.stringMatching(/^src\/concurrency\/gather\.ts:100 error TS2304: Cannot find name 'sleep'/),
    expect.stringMatching(/^src\/futures\/sleep\.ts:202 error TS2345: .*'string'.*'number'/),
  ]);
}, 300_000);

test('examplesOf takes the ```ts blocks of @example tags only, with their first line', () => {
  const text = [
    '/**',
    ' * Text with a block that is not an example:',
    ' * ```ts',
    ' * notAnExample();',
    ' * ```',
    ' * @example',
    ' * ```ts',
    ' * first();',
    ' *   indented();',
    ' * ```',
    ' * @throws nothing',
    ' * ```ts',
    ' * notAnExampleEither();',
    ' * ```',
    ' */',
    'export function f(): void {}',
    '  /**',
    '   * @example',
    '   * ```ts',
    '   * member();',
    '   * ```',
    '   */',
  ].join('\n');
  expect(examplesOf('src/x.ts', text)).toEqual([
    { file: 'src/x.ts', line: 8, code: 'first();\n  indented();' },
    { file: 'src/x.ts', line: 20, code: 'member();' },
  ]);
});

test('every @param is written `@param name - text`', () => {
  const bad: string[] = [];
  for (const file of sourceFiles(join(root, 'src'))) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        for (const m of line.matchAll(/@param\b.*?(?=@param\b|$)/g)) {
          if (!/^@param [\w$.]+ - \S/.test(m[0]))
            bad.push(`${relative(root, file)}:${i + 1}: ${m[0].trim()}`);
        }
      });
  }
  expect(bad).toEqual([]);
});
