// A static scan of the package's exported declarations for test/docs/tsdoc.test.ts: which exported functions,
// classes and public methods have no TSDoc `@example`. It reads the source text (TypeScript 7 has no JavaScript
// API) and relies on the Biome-formatted layout: `export function|class` at column 0, class members at two
// spaces, a class ending with `}` at column 0. `npm run docs` (typedoc) is the full check; this one keeps
// `npm test` fast.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** An exported function or class, or a public method of an exported class. */
export interface ScannedSymbol {
  /** `sleep`, `Future`, `Future.then`. */
  name: string;
  kind: 'function' | 'class' | 'method';
  /** Repository-relative path and 1-based line. */
  file: string;
  line: number;
  hasExample: boolean;
}

const EXPORT_FROM = /^export\s+(type\s+)?(\*|\{([^}]*)\})\s+from\s+'([^']+)';/gm;
const MEMBER =
  /^ {2}((?:(?:public|private|protected|static|async|override|abstract|readonly|declare)\s+)*)(get\s+|set\s+)?(\[[^\]]+\]|[A-Za-z_$][\w$]*)\s*[<(]/;

function resolveModule(fromFile: string, spec: string): string {
  const base = join(dirname(fromFile), spec);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) {
    if (existsSync(candidate) && candidate.endsWith('.ts')) return candidate;
  }
  throw new Error(`${fromFile}: cannot resolve '${spec}'`);
}

/** The TSDoc block that ends right above `line` (0-based), skipping `//` comments and blank-free gaps. */
function docAbove(lines: string[], line: number): string | null {
  let i = line - 1;
  while (i >= 0 && /^\s*(\/\/|@)/.test(lines[i] ?? '')) i--;
  if (i < 0 || !(lines[i] ?? '').trimEnd().endsWith('*/')) return null;
  const end = i;
  while (i >= 0 && !(lines[i] ?? '').includes('/**')) i--;
  return i < 0 ? null : lines.slice(i, end + 1).join('\n');
}

const hasExampleTag = (doc: string | null): boolean => doc !== null && /@example\b/.test(doc);
const isInternal = (doc: string | null): boolean => doc !== null && /@internal\b/.test(doc);

/** Value exports of a module: exported name → [file, local name], following re-exports. */
export function collectExports(file: string, seen = new Set<string>()): Map<string, [string, string]> {
  const out = new Map<string, [string, string]>();
  if (seen.has(file)) return out;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(EXPORT_FROM)) {
    if (m[1]) continue; // `export type { … } from`
    const target = resolveModule(file, m[4] ?? '');
    if (m[2] === '*') {
      for (const [k, v] of collectExports(target, seen)) out.set(k, v);
      continue;
    }
    const inner = collectExports(target, new Set(seen));
    for (const raw of (m[3] ?? '').split(',')) {
      const spec = raw.trim();
      if (spec === '' || spec.startsWith('type ')) continue;
      const [local = '', exported = local] = spec.split(/\s+as\s+/);
      out.set(exported, inner.get(local) ?? [target, local]);
    }
  }
  for (const m of text.matchAll(
    /^export\s+(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(function|class|const)\s+([\w$]+)/gm,
  )) {
    out.set(m[2] ?? '', [file, m[2] ?? '']);
  }
  return out;
}

/** The functions, classes and public methods declared as `name` in `file`, with whether each has an `@example`. */
export function scanDeclaration(
  root: string,
  file: string,
  name: string,
  exportedAs = name,
): ScannedSymbol[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const rel = relative(root, file);
  const decl = new RegExp(
    `^export\\s+(?:default\\s+)?(?:declare\\s+)?(abstract\\s+)?(async\\s+)?(function\\*?|class)\\s+${name.replace(/\$/g, '\\$')}\\b`,
  );
  const starts = lines.flatMap((l, i) => (decl.test(l) ? [i] : []));
  if (starts.length === 0) return []; // a constant, or a class/function value re-exported from elsewhere
  const first = starts[0] ?? 0;
  const isClass = /\bclass\b/.test(lines[first] ?? '');
  const docs = starts.map((i) => docAbove(lines, i));
  const symbol: ScannedSymbol = {
    name: exportedAs,
    kind: isClass ? 'class' : 'function',
    file: rel,
    line: first + 1,
    hasExample: docs.some(hasExampleTag),
  };
  if (!isClass) return [symbol];
  const methods = new Map<string, ScannedSymbol>();
  for (let i = first + 1; i < lines.length && lines[i] !== '}'; i++) {
    const m = MEMBER.exec(lines[i] ?? '');
    if (!m || m[2] || m[3] === 'constructor') continue; // accessors are properties, not methods
    if (/\b(private|protected)\b/.test(m[1] ?? '')) continue;
    const doc = docAbove(lines, i);
    if (isInternal(doc)) continue;
    if (doc === null && /\boverride\b/.test(m[1] ?? '')) continue; // inherits the overridden method's TSDoc
    const key = `${exportedAs}.${m[3]}`;
    const known = methods.get(key);
    if (known) known.hasExample ||= hasExampleTag(doc);
    else
      methods.set(key, { name: key, kind: 'method', file: rel, line: i + 1, hasExample: hasExampleTag(doc) });
  }
  return [symbol, ...methods.values()];
}

/** Every exported function, class and public method reachable from the entry points. */
export function scanEntryPoints(root: string, entryPoints: readonly string[]): ScannedSymbol[] {
  const result = new Map<string, ScannedSymbol>();
  for (const entry of entryPoints) {
    for (const [exported, [file, local]] of collectExports(join(root, entry))) {
      for (const s of scanDeclaration(root, file, local, exported)) result.set(`${s.file}:${s.name}`, s);
    }
  }
  return [...result.values()];
}
