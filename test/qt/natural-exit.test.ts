// A program that runs out of work ends like qode ends it: with its exit code, without running NodeGui's
// finalizers (some delete Qt objects that Qt already deleted).
import { CRASH_PATTERN, runFixture } from './run-fixture';

describe('natural end of a program on the bridge', () => {
  test('after QTreeWidget.clear(): the code of the last exit listener, every listener run, no SIGSEGV', async () => {
    const result = await runFixture('tree-items.js', ['clear']);
    expect({ code: result.code, signal: result.signal }).toEqual({ code: 3, signal: null });
    expect(result.stdout).toContain('cleared, 0 rows left');
    expect(result.stdout.split('\n').filter((l) => l === 'exit listener saw 2')).toHaveLength(1);
    expect(result.stderr).not.toMatch(CRASH_PATTERN);
  });

  test('items created before their tree: exit 0, no SIGSEGV', async () => {
    const result = await runFixture('tree-items.js', ['items-first']);
    expect({ code: result.code, signal: result.signal }).toEqual({ code: 0, signal: null });
    expect(result.stdout).toContain('items created before the tree');
    expect(result.stderr).not.toMatch(CRASH_PATTERN);
  });
});
