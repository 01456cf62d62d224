// The layers of src/ (CONTRIBUTING.md, "Layers"): each directory is one layer, and a module may import (as a
// value, i.e. something that runs when the module loads) only from its own layer or a lower one. Type-only
// imports are free: they vanish from the output. Loads deferred to a function call (`require()` inside a
// function, for start-up cost) may point upward only where listed below. And no value import circle anywhere.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseSync } from '@swc/core';

const SRC = resolve(__dirname, '../../src');

/** Bottom to top. A directory not listed here fails the test: give every new directory its place. */
const LAYERS = [
  'core',
  'futures',
  'inspect',
  'loop',
  'sync',
  'concurrency',
  'executor',
  'io',
  'rx',
  'cluster',
  'qt',
  'devtools',
  'testing',
];

/** Deferred loads that point to a higher layer: the module, and why. */
const DEFERRED_UPWARD: Record<string, string> = {
  'loop/ioMethods.ts': "the loop's io methods load src/io on first use (start-up cost)",
  'qt/index.ts': 'QTASYNCIO_MONITOR=1 opens the task monitor of src/devtools (loaded only then)',
  'loop/executorMethods.ts': "the loop's executor methods load src/executor on first use (start-up cost)",
};

interface Edge {
  from: string;
  to: string;
  deferred: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function resolveModule(from: string, spec: string): string {
  const base = resolve(dirname(from), spec);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return relative(SRC, candidate);
    } catch {}
  }
  throw new Error(`${relative(SRC, from)}: cannot resolve import '${spec}'`);
}

function valueEdges(file: string): Edge[] {
  const text = readFileSync(file, 'utf8');
  const module = parseSync(text, { syntax: 'typescript' });
  const from = relative(SRC, file);
  const edges: Edge[] = [];
  for (const item of module.body) {
    let spec: string | undefined;
    let typeOnly = false;
    if (item.type === 'ImportDeclaration') {
      spec = item.source.value;
      typeOnly =
        item.typeOnly ||
        (item.specifiers.length > 0 && item.specifiers.every((s) => 'isTypeOnly' in s && s.isTypeOnly));
    } else if (
      (item.type === 'ExportNamedDeclaration' || item.type === 'ExportAllDeclaration') &&
      item.source
    ) {
      spec = item.source.value;
      typeOnly =
        item.type === 'ExportNamedDeclaration' &&
        (item.typeOnly ||
          (item.specifiers.length > 0 && item.specifiers.every((s) => 'isTypeOnly' in s && s.isTypeOnly)));
    }
    if (spec?.startsWith('.') && !typeOnly)
      edges.push({ from, to: resolveModule(file, spec), deferred: false });
  }
  // Every relative require() in this code base sits inside a function: a deferred load.
  for (const m of text.matchAll(/\brequire\(\s*'(\.[^']+)'\s*\)/g)) {
    edges.push({ from, to: resolveModule(file, m[1] as string), deferred: true });
  }
  return edges;
}

const layerOf = (path: string): number =>
  path.includes('/') ? LAYERS.indexOf(path.split('/')[0] as string) : LAYERS.length;

const files = sourceFiles(SRC);
const edges = files.flatMap(valueEdges);

describe('layers of src/', () => {
  test('every directory has a layer', () => {
    const unknown = [...new Set(files.map((f) => relative(SRC, f)).filter((f) => layerOf(f) < 0))];
    expect(unknown).toEqual([]);
  });

  test('no value import from a lower layer to a higher one', () => {
    const upward = edges
      .filter((e) => !e.deferred && layerOf(e.to) > layerOf(e.from))
      .map((e) => `${e.from} → ${e.to}`);
    expect(upward).toEqual([]);
  });

  test('deferred loads point upward only where listed, with a reason', () => {
    const upward = [
      ...new Set(edges.filter((e) => e.deferred && layerOf(e.to) > layerOf(e.from)).map((e) => e.from)),
    ];
    expect(upward.sort()).toEqual(Object.keys(DEFERRED_UPWARD).sort());
  });

  test('no import circle among value imports', () => {
    const next = new Map<string, string[]>();
    for (const e of edges) if (!e.deferred) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
    // Tarjan's strongly connected components: a component of more than one module is a circle.
    let index = 0;
    const indexOf = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const circles: string[][] = [];
    const visit = (v: string): void => {
      indexOf.set(v, index);
      low.set(v, index++);
      stack.push(v);
      onStack.add(v);
      for (const w of next.get(v) ?? []) {
        if (!indexOf.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, indexOf.get(w) as number));
      }
      if (low.get(v) === indexOf.get(v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop() as string;
          onStack.delete(w);
          component.push(w);
        } while (w !== v);
        if (component.length > 1 || (next.get(v) ?? []).includes(v)) circles.push(component.sort());
      }
    };
    for (const f of files.map((f) => relative(SRC, f))) if (!indexOf.has(f)) visit(f);
    expect(circles).toEqual([]);
  });

  test('the check sees a circle and an upward import when there is one', () => {
    // The scan itself works: src/loop imports src/futures as a value (loop is above futures).
    expect(edges.some((e) => !e.deferred && e.from.startsWith('loop/') && e.to.startsWith('futures/'))).toBe(
      true,
    );
    expect(layerOf('futures/future.ts')).toBeLessThan(layerOf('loop/eventLoop.ts'));
  });
});
