// `npm run example -- NAME`: scripts/example.mjs lists the examples when the name is missing or unknown.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/built';

test('an unknown example name lists every example with its summary and exits with 2', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'example.mjs'), 'no-such-example'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('No example named "no-such-example".');
  expect(r.stderr).toContain('Usage: npm run example -- NAME [ARGS…]');
  const names = readdirSync(join(ROOT, 'examples'));
  expect(names).toEqual(
    expect.arrayContaining(['minimal', 'eratosthenes', 'search', 'tasks', 'chat', 'showcase']),
  );
  for (const name of names) expect(r.stderr).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
});
