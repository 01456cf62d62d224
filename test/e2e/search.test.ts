// The `search` example on a real X11 server: xdotool clicks into the search field and types like a person;
// the debounced query runs as a cancellable Task over a real folder and the list shows what it found.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CRASH_PATTERN, ROOT } from '../qt/run-fixture';
import { type AppState, launchExample, type Rect } from './harness';

const DATA = join(ROOT, 'node_modules', 'rxjs'); // a real folder that does not change while tests run

/** What the example should find: files under DATA whose name contains `query`, relative paths, sorted. */
function expected(query: string, dir = DATA, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) expected(query, full, found);
    else if (entry.isFile() && entry.name.toLowerCase().includes(query.toLowerCase()))
      found.push(relative(DATA, full));
  }
  return dir === DATA ? found.sort() : found;
}

const resultsFor =
  (query: string) =>
  (s: AppState): boolean =>
    s.event === 'results' && s.query === query;

test('search: typed queries are debounced, searched in a Task and listed; a spinner shows "busy"', async () => {
  const app = await launchExample('search', { title: 'qtasyncio search', args: ['--root', DATA] });
  try {
    const shown = await app.state();
    expect(shown.items).toEqual([]);
    expect(shown.busy).toBe(false);

    await app.click(shown.edit as Rect);
    await app.type('switchmap');
    const first = await app.waitForState(resultsFor('switchmap'), { what: 'results for "switchmap"' });
    expect(first.items).toEqual(expected('switchmap'));
    expect(first.items).toContain(join('src', 'internal', 'operators', 'switchMap.ts'));
    expect(first.status).toMatch(/^\d+ of \d+ file names contain “switchmap”$/);
    expect(first.busy).toBe(false);
    // The spinner was on while that search ran (the state line printed when the search started).
    const started = app.states.find((s) => s.event === 'search' && s.searching === 'switchmap');
    expect(started?.busy).toBe(true);

    // Select all, type a new query: the list is replaced by the new search's results.
    const from = app.states.length;
    await app.key('ctrl+a');
    await app.type('zip');
    const second = await app.waitForState(resultsFor('zip'), { from, what: 'results for "zip"' });
    expect(second.items).toEqual(expected('zip'));
    expect(second.items).not.toEqual(first.items);

    expect(app.states.filter((s) => s.event === 'cancelled')).toEqual([]); // nothing was left to cancel

    await app.screenshot('search');
    const result = await app.quit();
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(CRASH_PATTERN);
  } finally {
    await app.dispose();
  }
});

test('search --slow: a new query cancels the search still running; its results never show', async () => {
  // Each folder waits 50 ms (a slow disk): walking rxjs's folders takes seconds, so the first search is still
  // running when the second query arrives, whatever the machine's speed.
  const app = await launchExample('search', {
    title: 'qtasyncio search',
    args: ['--root', DATA, '--slow', '50'],
  });
  try {
    const shown = await app.state();
    await app.click(shown.edit as Rect);
    await app.type('s');
    const first = await app.waitForState((s) => s.event === 'search' && s.searching === 's', {
      what: 'search "s"',
    });
    expect(first.busy).toBe(true);
    await app.type('witchmap');
    const cancelled = await app.waitForState((s) => s.event === 'cancelled', { what: 'a cancelled search' });
    expect(cancelled.cancelled).toBe('s');
    const done = await app.waitForState(resultsFor('switchmap'), { what: 'results for "switchmap"' });
    expect(done.items).toEqual(expected('switchmap'));
    expect(done.busy).toBe(false);
    // The cancelled search never delivered: the only results shown are the last query's.
    expect(app.states.filter((s) => s.event === 'results').map((s) => s.query)).toEqual(['switchmap']);
    const result = await app.quit();
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(CRASH_PATTERN);
  } finally {
    await app.dispose();
  }
});
