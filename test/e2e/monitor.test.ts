// The `monitor` example on a real X11 server: a crawler app with the task monitor (qtasyncio/devtools) open
// beside it. The monitor shows the app's tasks as a tree, the loop health, the slow callbacks (debug mode) and
// the signal subscriptions; xdotool clicks one crawl task's row, then "Cancel task": exactly that task is
// cancelled (its `finally` block runs, the app says so), the other crawls go on.
import { CRASH_PATTERN } from '../qt/run-fixture';
import { type AppState, type E2EApp, launchExample, type Rect } from './harness';

interface TaskRowView {
  name: string;
  id: number;
  state: string;
}

interface MonitorState extends AppState {
  tasks: TaskRowView[];
  /** Where the task rows are (the tree's viewport, below its header). */
  rows: Rect;
  graph: string;
  cancel: Rect & { enabled: boolean };
  health: string;
  slow: string[];
  pages: Record<string, number>;
  ended: string[];
  endedText: string;
}

/** Asks for the state until `predicate` holds (a hang guard only: the harness times each wait out). */
async function pollState(app: E2EApp, predicate: (s: MonitorState) => boolean): Promise<MonitorState> {
  for (;;) {
    const s = (await app.state()) as MonitorState;
    if (predicate(s)) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const CRAWLS = ['crawl example.org', 'crawl example.net', 'crawl example.com'];
const pagesOf = (s: MonitorState, site: string): number => s.pages[site] ?? 0;
const rowOf = (s: MonitorState, name: string): TaskRowView | undefined =>
  s.tasks.find((t) => t.name === name);

test('monitor: the tree, health, slow callbacks and subscriptions; clicking a task and Cancel cancels exactly that task', async () => {
  const app = await launchExample('monitor', { title: 'qtasyncio task monitor', screen: '1600x800x24' });
  try {
    // Every task is listed; the crawls have fetched pages; a parse step was slow enough for debug mode.
    const running = await pollState(
      app,
      (s) =>
        CRAWLS.every((name) => rowOf(s, name)?.state === 'pending') &&
        Object.values(s.pages).every((n) => n > 0) &&
        s.slow.some((line) => line.startsWith('<Reaction of an await in <Task name="crawl example.')),
    );
    for (const name of ['crawler', 'index', 'save-dialog', ...CRAWLS])
      expect(rowOf(running, name)?.state).toBe('pending');
    expect(running.health).toMatch(
      /^ready queue \d+ · loop lag p50 [\d.]+ ms · p99 [\d.]+ ms {2}[▁▂▃▄▅▆▇█]+$/,
    );
    expect(running.cancel.enabled).toBe(false);
    // The slow callbacks are the ones debug mode logged ("Executing … took N ms"), shown without the tasks'
    // creation sites and state.
    for (const line of running.slow) {
      const logged = line.replace(/<Task /g, '<Task pending ').replace(/>+$/, '');
      expect(app.output.stderr).toContain(`Executing ${logged}`);
    }
    expect(running.ended).toEqual([]);

    // Select "crawl example.net" like a person: click the first row, then arrow down to it. Its call graph
    // shows, Cancel is enabled.
    const target = rowOf(running, 'crawl example.net') as TaskRowView;
    await app.click({ x: running.rows.x + 60, y: running.rows.y + 5 });
    const first = await pollState(app, (s) => s.cancel.enabled);
    expect(first.graph).toMatch(
      new RegExp(`^\\* Task\\(name="${first.tasks[0]?.name}", id=${first.tasks[0]?.id}\\)`),
    );
    const steps = first.tasks.findIndex((t) => t.id === target.id);
    expect(steps).toBeGreaterThan(0);
    await app.key(...Array<string>(steps).fill('Down'));
    const selected = await pollState(
      app,
      (s) => s.cancel.enabled && s.graph.startsWith(`* Task(name="crawl example.net", id=${target.id})`),
    );
    expect(selected.graph).toMatch(/\+ Awaited by:\n\s+\* Task\(name="crawler", id=\d+\)/);
    // Where it waits, with paths relative to the app's working directory.
    expect(selected.graph).toMatch(
      /\n\| {3}File "examples\/monitor\/main\.js", line \d+, in fetchPage\(\)\n/,
    );
    await app.screenshot('monitor');

    // Cancel it: its finally block runs (the app reports it), and only that task ended.
    const from = app.states.length;
    await app.click(selected.cancel);
    const ended = (await app.waitForState((s) => s.event === 'ended', {
      from,
      what: 'a task’s finally block',
    })) as MonitorState;
    expect(ended.task).toBe('crawl example.net');
    expect(ended.ended).toEqual(['crawl example.net']);
    // The other crawls go on fetching; the cancelled one is gone from the tree; nothing else ended.
    const later = await pollState(
      app,
      (s) =>
        rowOf(s, 'crawl example.net') === undefined &&
        pagesOf(s, 'example.org') > pagesOf(ended, 'example.org') + 1 &&
        pagesOf(s, 'example.com') > pagesOf(ended, 'example.com') + 1,
    );
    expect(later.ended).toEqual(['crawl example.net']);
    expect(later.endedText).toBe('ended: crawl example.net');
    expect(pagesOf(later, 'example.net')).toBe(pagesOf(ended, 'example.net'));
    for (const name of ['crawler', 'index', 'save-dialog', 'crawl example.org', 'crawl example.com'])
      expect(rowOf(later, name)?.state).toBe('pending');

    const result = await app.quit();
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(CRASH_PATTERN);
  } finally {
    await app.dispose();
  }
});
