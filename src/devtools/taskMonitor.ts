/**
 * `openTaskMonitor()`: a live window of the app's tasks (as a tree of who awaits whom, with state, age and what
 * each awaits), the loop's health (ready queue, lag p50/p99 with a plot of the recent p99s, the recent slow
 * callbacks in debug mode), and the Qt objects with live signal subscriptions. Selecting a task shows its call graph; Cancel cancels it. Built with
 * qtasyncio's own rx layer (`fromSignal`, `bind`); it refreshes a few times per second and rebuilds its tree only
 * when the tasks changed.
 *
 * @packageDocumentation
 */
import '../qt';
import { sep } from 'node:path';
import {
  Direction,
  QBoxLayout,
  QLabel,
  QMainWindow,
  QPlainTextEdit,
  QPushButton,
  QTreeWidget,
  QTreeWidgetItem,
  QWidget,
  WidgetAttribute,
} from '@nodegui/nodegui';
import { BehaviorSubject, map, Observable, Subscription } from 'rxjs';
import { checkBoolean, checkInteger, checkOptionKeys } from '../core/validate';
import { InspectArgumentError } from '../inspect/errors';
import { formatCallGraph } from '../inspect/formatCallGraph';
import { setIntrospection } from '../inspect/introspection';
import { _findTask, type TaskRow, taskTable } from '../inspect/taskTable';
import { bind } from '../rx/bind';
import { fromSignal } from '../rx/fromSignal';
import { signalSubscriptions } from '../rx/subscriptions';
import { type LoopHealth, LoopHealthMeter } from './loopHealth';

/** Options of {@link openTaskMonitor}. */
export interface TaskMonitorOptions {
  /** How often it refreshes (ms, default 500). */
  refreshMs?: number;
  /** Turn introspection recording on, for ages and call stacks (default `true`; see `setIntrospection`). */
  record?: boolean;
}

/**
 * The monitor {@link openTaskMonitor} opened: its window and widgets, a manual refresh, and `close()`.
 *
 * @example
 * ```ts
 * import { openTaskMonitor } from 'qtasyncio/devtools';
 * const monitor = openTaskMonitor();
 * monitor.close();
 * ```
 */
export interface TaskMonitor {
  /** The monitor's window. */
  readonly window: QMainWindow;
  /** Its widgets (for tests and for embedding). */
  readonly widgets: {
    /** The tasks, as a tree of who awaits whom. */
    readonly tasks: QTreeWidget;
    /** The selected task's call graph. */
    readonly graph: QPlainTextEdit;
    /** Cancels the selected task. */
    readonly cancel: QPushButton;
    /** The loop's health line (ready queue, lag p50/p99). */
    readonly health: QLabel;
    /** The Qt objects with live signal subscriptions. */
    readonly signals: QTreeWidget;
    /** The recent slow callbacks (debug mode), newest first. */
    readonly slow: QTreeWidget;
  };
  /** Refresh now (it also refreshes on its own every `refreshMs`). */
  refresh(): void;
  /** Stop refreshing and close the window (idempotent). */
  close(): void;
}

/** The monitor's own widgets are named with this prefix: their subscriptions are not the app's. */
const OWN = 'qtasyncio-monitor-';
const TASK_COLUMNS = ['task', 'id', 'state', 'age', 'awaiting'];
const ID = 1;
const AGE = 3;

/** Ticks every `ms` on a Node timer that does not keep the process alive. */
function ticks(ms: number): Observable<number> {
  return new Observable<number>((subscriber) => {
    let n = 0;
    const timer = setInterval(() => subscriber.next(n++), ms);
    timer.unref();
    return () => clearInterval(timer);
  });
}

function age(ms: number | null): string {
  return ms === null ? '-' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Rows of a QTreeWidget that are reused, never deleted: NodeGui's item wrapper deletes its item again when it is
 * garbage-collected, even after Qt deleted it (`clear()`, then a SIGSEGV at the next collection; README, Limits),
 * so unused rows are hidden instead.
 */
class RowPool {
  readonly #items: QTreeWidgetItem[] = [];
  constructor(readonly tree: QTreeWidget) {}

  /** Show `rows` (one string per column), in order; the rows left over are hidden. */
  show(rows: readonly (readonly string[])[]): void {
    for (let i = 0; i < rows.length; i++) {
      let item = this.#items[i];
      if (item === undefined) {
        item = new QTreeWidgetItem();
        this.tree.addTopLevelItem(item);
        this.#items.push(item);
      }
      (rows[i] as readonly string[]).forEach((text, column) => {
        (item as QTreeWidgetItem).setText(column, text);
      });
      item.setHidden(false);
    }
    for (let i = rows.length; i < this.#items.length; i++) {
      const item = this.#items[i] as QTreeWidgetItem;
      item.setSelected(false);
      item.setHidden(true);
    }
  }

  /** The visible rows, in order. */
  visible(): QTreeWidgetItem[] {
    return this.#items.filter((item) => !item.isHidden());
  }
}

/**
 * The task tree: each task below the first task that awaits it (drawn by indentation, the rows being pooled);
 * its rows are re-laid only when the tasks changed, else just the ages are updated.
 */
class TaskTree {
  #shape = '';
  readonly #rows: RowPool;
  constructor(readonly tree: QTreeWidget) {
    tree.setColumnCount(TASK_COLUMNS.length);
    tree.setHeaderLabels(TASK_COLUMNS);
    [170, 40, 70, 60].forEach((width, column) => {
      tree.setColumnWidth(column, width);
    });
    this.#rows = new RowPool(tree);
  }

  selectedId(): number | null {
    const text = this.tree.selectedItems()[0]?.text(ID);
    return text === undefined || text === null ? null : Number(text);
  }

  update(rows: readonly TaskRow[]): void {
    const shape = rows
      .map((r) => `${r.id} ${r.name} ${r.state} ${r.awaiting.join()} ${r.awaitedBy.map((a) => a.id).join()}`)
      .join('\n');
    const ordered = shape === this.#shape ? null : treeOrder(rows);
    if (ordered === null) {
      const ages = new Map(rows.map((r) => [String(r.id), age(r.ageMs)]));
      for (const item of this.#rows.visible()) item.setText(AGE, ages.get(item.text(ID)) ?? '-');
      return;
    }
    this.#shape = shape;
    const selected = this.selectedId();
    this.#rows.show(
      ordered.map(([r, depth]) => [
        `${'   '.repeat(depth)}${depth > 0 ? '└ ' : ''}${r.name}`,
        String(r.id),
        r.state,
        age(r.ageMs),
        r.awaiting.join(', '),
      ]),
    );
    for (const item of this.#rows.visible())
      item.setSelected(selected !== null && item.text(ID) === String(selected));
  }
}

/** The tasks depth first, each below the first task that awaits it, with its depth. */
function treeOrder(rows: readonly TaskRow[]): [TaskRow, number][] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: [TaskRow, number][] = [];
  const placed = new Set<number>();
  const place = (row: TaskRow, depth: number): void => {
    placed.add(row.id);
    out.push([row, depth]);
    for (const child of rows)
      if (!placed.has(child.id) && parentOf(child, byId) === row.id) place(child, depth + 1);
  };
  for (const row of rows) if (!placed.has(row.id) && parentOf(row, byId) === null) place(row, 0);
  // Tasks in an await cycle each have a parent and none is a root: list them at the top level.
  for (const row of rows) if (!placed.has(row.id)) place(row, 0);
  return out;
}

function parentOf(row: TaskRow, byId: Map<number, TaskRow>): number | null {
  const first = row.awaitedBy.find((a) => a.id !== null && byId.has(a.id));
  return first?.id ?? null;
}

/**
 * `description` without the ` created at SITE` parts debug mode adds to tasks and handles. A site may hold `<…>`
 * and `(…)` of its own (`Object.<anonymous> (/app/main.js:3:1)`, `eval (eval at f (/app/a.js:1:2), <anonymous>:1:8)`):
 * it ends at the `>` that closes the description it is part of.
 */
function withoutCreationSites(description: string): string {
  const marker = ' created at ';
  let out = '';
  let from = 0;
  for (let at = description.indexOf(marker); at >= 0; at = description.indexOf(marker, from)) {
    out += description.slice(from, at);
    let depth = 0;
    let i = at + marker.length;
    for (; i < description.length; i++) {
      const c = description[i];
      if (c === '<' || c === '(') depth++;
      else if (c === ')' || (c === '>' && depth > 0)) depth--;
      else if (c === '>') break;
    }
    from = i;
  }
  return out + description.slice(from);
}

/** The slow-callback rows: the recent ones, newest first, or why there are none. */
function slowCallbackRows(h: LoopHealth): string[][] {
  if (h.slowCallbacks.length > 0) {
    const now = performance.now();
    return h.slowCallbacks.map((s) => [
      // Without the creation sites (paths) and a step's task state (pending), so the task names fit.
      withoutCreationSites(s.description).replace(/<Task pending /g, '<Task '),
      `${s.durationMs.toFixed(0)} ms`,
      age(now - s.endedAt),
    ]);
  }
  return [[h.debug ? 'none yet' : 'debug mode is off (QTASYNCIO_DEBUG=1 or loop.setDebug(true))', '', '']];
}

function checkMonitorOptions(options: TaskMonitorOptions): void {
  checkOptionKeys('openTaskMonitor', options, ['refreshMs', 'record'], InspectArgumentError);
  if (options.refreshMs != null) {
    checkInteger('openTaskMonitor', 'options.refreshMs', options.refreshMs, 50, InspectArgumentError);
  }
  if (options.record !== undefined) {
    checkBoolean('openTaskMonitor', 'options.record', options.record, InspectArgumentError);
  }
}

/** A list with these column headers and widths (the last column takes the rest). */
function table(headers: string[], widths: number[]): QTreeWidget {
  const tree = new QTreeWidget();
  tree.setColumnCount(headers.length);
  tree.setHeaderLabels(headers);
  for (const [column, width] of widths.entries()) tree.setColumnWidth(column, width);
  return tree;
}

/** A widget laid out in one direction without margins, and its layout. */
function box(direction: Direction): [QWidget, QBoxLayout] {
  const widget = new QWidget();
  const layout = new QBoxLayout(direction);
  layout.setContentsMargins(0, 0, 0, 0);
  widget.setLayout(layout);
  return [widget, layout];
}

function buildWindow(): TaskMonitor['widgets'] & { window: QMainWindow } {
  const window = new QMainWindow();
  window.setWindowTitle('qtasyncio task monitor');
  window.resize(1060, 560);
  // The monitor never keeps an app alive: closing the app's last own window still quits it.
  window.setAttribute(WidgetAttribute.WA_QuitOnClose, false);
  const root = new QWidget();
  const layout = new QBoxLayout(Direction.TopToBottom);
  root.setLayout(layout);
  const health = new QLabel();
  health.setStyleSheet('font-family: monospace; padding: 4px;');
  layout.addWidget(health);
  const [middle, row] = box(Direction.LeftToRight);
  const tasks = new QTreeWidget();
  tasks.setObjectName(`${OWN}tasks`);
  row.addWidget(tasks, 1);
  const [side, sideLayout] = box(Direction.TopToBottom);
  const graph = new QPlainTextEdit();
  graph.setReadOnly(true);
  graph.setStyleSheet('font-family: monospace; font-size: 11px;');
  sideLayout.addWidget(graph, 1);
  const cancel = new QPushButton();
  cancel.setText('Cancel task');
  cancel.setObjectName(`${OWN}cancel`);
  sideLayout.addWidget(cancel);
  row.addWidget(side, 1);
  layout.addWidget(middle, 3);
  const [bottom, bottomRow] = box(Direction.LeftToRight);
  const signals = table(['object', 'signal', 'subscribers'], [170, 100]);
  bottomRow.addWidget(signals, 2);
  const slow = table(['slow callback (debug mode)', 'took', 'ago'], [415, 55]);
  bottomRow.addWidget(slow, 3);
  layout.addWidget(bottom, 1);
  window.setCentralWidget(root);
  return { window, tasks, graph, cancel, health, signals, slow };
}

/**
 * Open the task monitor window in this process (NodeGui; loads `qtasyncio/qt`). Also opened at start-up in any
 * app that loads `qtasyncio/qt` with `QTASYNCIO_MONITOR=1` in its environment. It turns introspection recording
 * on (ages, call stacks) unless `record: false`. The window does not keep the app running.
 *
 * @throws `InspectArgumentError` (from `qtasyncio`) for bad options.
 * @example
 * ```ts
 * import { openTaskMonitor } from 'qtasyncio/devtools';
 * const monitor = openTaskMonitor({ refreshMs: 250 });
 * ```
 */
export function openTaskMonitor(options: TaskMonitorOptions = {}): TaskMonitor {
  checkMonitorOptions(options);
  if (options.record !== false) setIntrospection(true);
  const refreshMs = options.refreshMs ?? 500;
  const widgets = buildWindow();
  const tree = new TaskTree(widgets.tasks);
  const meter = new LoopHealthMeter(60);
  const selected$ = new BehaviorSubject<number | null>(null);
  const subscriptions = new Subscription();
  const signalRows = new RowPool(widgets.signals);
  const slowRows = new RowPool(widgets.slow);

  const showGraph = (): void => {
    const id = selected$.value;
    if (id === null) widgets.graph.setPlainText('Select a task to see its call graph.');
    else {
      try {
        // Paths under the app's working directory are shown relative to it, so the lines fit.
        const graph = formatCallGraph(_findTask('openTaskMonitor', String(id)));
        widgets.graph.setPlainText(graph.replaceAll(`"${process.cwd()}${sep}`, '"'));
      } catch (error) {
        widgets.graph.setPlainText(`Task ${id}: ${(error as Error).message}`);
      }
    }
  };
  const refresh = (): void => {
    const h = meter.read();
    widgets.health.setText(
      `ready queue ${h.readyQueue} · loop lag p50 ${h.lagP50Ms.toFixed(1)} ms · p99 ${h.lagP99Ms.toFixed(1)} ms  ${h.plot}`,
    );
    tree.update(taskTable().tasks);
    const rows = signalSubscriptions().filter((r) => !r.object.includes(`#${OWN}`));
    signalRows.show(rows.map((r) => [r.object, r.signal, String(r.subscribers)]));
    slowRows.show(slowCallbackRows(h));
    showGraph();
  };

  subscriptions.add(ticks(refreshMs).subscribe(refresh));
  subscriptions.add(
    fromSignal(widgets.tasks, 'itemSelectionChanged').subscribe(() => selected$.next(tree.selectedId())),
  );
  subscriptions.add(selected$.subscribe(showGraph));
  subscriptions.add(bind(widgets.cancel, { enabled: selected$.pipe(map((id) => id !== null)) }));
  subscriptions.add(
    fromSignal(widgets.cancel, 'clicked').subscribe(() => {
      const id = selected$.value;
      if (id === null) return;
      try {
        _findTask('openTaskMonitor', String(id)).cancel('cancelled from the task monitor');
      } catch (error) {
        widgets.graph.setPlainText(`Task ${id}: ${(error as Error).message}`);
      }
    }),
  );
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    subscriptions.unsubscribe();
    meter.stop();
    widgets.window.close();
  };
  refresh();
  widgets.window.show();
  const { window, ...rest } = widgets;
  return { window, widgets: rest, refresh, close };
}
