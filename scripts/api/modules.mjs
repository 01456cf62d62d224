// A declaration file as the API report sees it: what it declares, imports and exports, and how an entry
// point's exported names resolve to their declarations through re-exports (`export { a as b } from`,
// `export * from`, `import { a } …; export { a }`).

import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { splitStatements } from './statements.mjs';

const DECLARATION =
  /^(export\s+)?(?:default\s+)?(?:declare\s+)?(abstract\s+)?(const\s+enum|class|interface|type|function|const|let|var|enum|namespace)\s+([A-Za-z_$][\w$]*)/;
const AUGMENTATION = /^(?:export\s+)?declare\s+(?:module\s+(['"])(.*?)\1|global)/;
const EXPORT_LIST = /^export\s+(type\s+)?\{([^}]*)\}(?:\s+from\s+(['"])(.*?)\3)?/;
const EXPORT_STAR = /^export\s+(type\s+)?\*(?:\s+as\s+([\w$]+))?\s+from\s+(['"])(.*?)\3/;
const IMPORT = /^import\s+(type\s+)?(.*?)\s+from\s+(['"])(.*?)\3/;
const SIDE_EFFECT_IMPORT = /^import\s+(['"])(.*?)\1/;

/** `a`, `type a`, `a as b` → `{ name: 'a', alias: 'b', typeOnly }` for each entry of an `{ … }` list. */
function listEntries(list) {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const m = /^(type\s+)?([\w$]+)(?:\s+as\s+([\w$]+))?$/.exec(s);
      if (m === null) throw new Error(`cannot read export/import entry "${s}"`);
      return { name: m[2], alias: m[3] ?? m[2], typeOnly: m[1] !== undefined };
    });
}

/** How each kind of top-level statement adds to the file's model `f`. */
const RULES = [
  [AUGMENTATION, (m, statement, f) => f.augmentations.push({ target: m[2] ?? 'global', statement })],
  [
    EXPORT_STAR,
    (m, _, f) => {
      f.dependencies.push(m[4]);
      if (m[2] !== undefined)
        f.exports.set(m[2], { kind: 'namespace', from: m[4], typeOnly: m[1] !== undefined });
      else f.stars.push({ from: m[4], typeOnly: m[1] !== undefined });
    },
  ],
  [
    EXPORT_LIST,
    (m, _, f) => {
      if (m[4] !== undefined) f.dependencies.push(m[4]);
      for (const e of listEntries(m[2])) {
        const target =
          m[4] === undefined ? { kind: 'local', name: e.name } : { kind: 'from', from: m[4], name: e.name };
        f.exports.set(e.alias, { ...target, typeOnly: m[1] !== undefined || e.typeOnly });
      }
    },
  ],
  [
    IMPORT,
    (m, _, f) => {
      f.dependencies.push(m[4]);
      const clause = m[2];
      const ns = /^\*\s+as\s+([\w$]+)$/.exec(clause);
      if (ns !== null) f.imports.set(ns[1], { from: m[4], name: '*' });
      const named = /\{([^}]*)\}/.exec(clause);
      if (named !== null)
        for (const e of listEntries(named[1])) f.imports.set(e.alias, { from: m[4], name: e.name });
      const def = /^([\w$]+)\s*(?:,|$)/.exec(clause);
      if (def !== null && ns === null) f.imports.set(def[1], { from: m[4], name: 'default' });
    },
  ],
  [SIDE_EFFECT_IMPORT, (m, _, f) => f.dependencies.push(m[2])],
  [
    DECLARATION,
    (m, statement, f) => {
      const name = m[4];
      const kind = `${m[2] !== undefined ? 'abstract ' : ''}${m[3].replace(/\s+/g, ' ')}`;
      if (!f.decls.has(name)) f.decls.set(name, []);
      f.decls.get(name).push({ ...statement, kind });
      if (m[1] !== undefined) f.exports.set(name, { kind: 'local', name, typeOnly: false });
    },
  ],
  [/^export\s*\{\s*\}$/, () => {}],
];

/** Reads and caches declaration files; resolves names across them. */
export class DeclarationProgram {
  /** @type {Map<string, ReturnType<DeclarationProgram['parse']>>} */
  #files = new Map();

  /** The file a specifier names, seen from `fromFile`; `null` for a package outside (e.g. `rxjs`). */
  resolveSpecifier(fromFile, specifier) {
    if (!specifier.startsWith('.')) return null;
    const base = resolve(dirname(fromFile), specifier).replace(/\.js$/, '');
    for (const candidate of [`${base}.d.ts`, `${base}/index.d.ts`])
      if (existsSync(candidate)) return candidate;
    throw new Error(`${fromFile}: cannot resolve "${specifier}"`);
  }

  /** The parsed file (cached). */
  file(path) {
    let parsed = this.#files.get(path);
    if (parsed === undefined) {
      parsed = this.parse(path);
      this.#files.set(path, parsed);
    }
    return parsed;
  }

  parse(path) {
    const f = {
      path,
      decls: new Map(), // local name → statements (overloads, merged declarations)
      exports: new Map(), // exported name → { kind: 'local' | 'from' | 'namespace', from?, name?, typeOnly }
      stars: [], // `export * from` modules
      imports: new Map(), // local name → { from, name } ('*' for a namespace import, 'default')
      augmentations: [],
      dependencies: [],
    };
    for (const statement of splitStatements(readFileSync(path, 'utf8'))) {
      const rule = RULES.find(([pattern]) => pattern.test(statement.code));
      if (rule === undefined) throw new Error(`${path}: cannot classify "${statement.code.slice(0, 80)}"`);
      rule[1](rule[0].exec(statement.code), statement, f);
    }
    return f;
  }

  /**
   * Where the name `name` visible in `path` (declared there or imported) is declared:
   * `{ path, name, statements }`, or `{ external, name }` for a package outside.
   */
  resolveLocal(path, name) {
    const f = this.file(path);
    const statements = f.decls.get(name);
    if (statements !== undefined) return { path, name, statements };
    const imported = f.imports.get(name);
    if (imported === undefined) return null;
    return this.resolveExport(path, imported.from, imported.name);
  }

  /** The declaration that module `specifier` (seen from `fromPath`) exports as `name`. */
  resolveExport(fromPath, specifier, name) {
    const target = this.resolveSpecifier(fromPath, specifier);
    if (target === null) return { external: specifier, name };
    if (name === '*') return { path: target, name: '*', statements: [], namespace: true };
    const found = this.exportsOf(target).get(name);
    if (found === undefined) throw new Error(`${target} does not export ${name}`);
    return found;
  }

  /** Every name `path` exports → `{ path, name, statements, typeOnly }` (or `{ external, name }`). */
  exportsOf(path, seen = new Set()) {
    const f = this.file(path);
    if (f.resolved !== undefined) return f.resolved;
    if (seen.has(path)) throw new Error(`export * cycle through ${path}`);
    seen.add(path);
    const out = new Map();
    for (const star of f.stars) {
      const target = this.resolveSpecifier(path, star.from);
      if (target === null)
        throw new Error(`${path}: export * from a package ("${star.from}") is not reported`);
      for (const [name, decl] of this.exportsOf(target, seen)) {
        if (name !== 'default' && !out.has(name))
          out.set(name, { ...decl, typeOnly: decl.typeOnly || star.typeOnly });
      }
    }
    for (const [name, e] of f.exports) {
      let decl;
      if (e.kind === 'local') decl = this.resolveLocal(path, e.name);
      else if (e.kind === 'namespace') decl = this.resolveExport(path, e.from, '*');
      else decl = this.resolveExport(path, e.from, e.name);
      if (decl === null) throw new Error(`${path}: exports ${name}, declared nowhere`);
      out.set(name, { ...decl, typeOnly: Boolean(decl.typeOnly) || e.typeOnly });
    }
    f.resolved = out;
    return out;
  }

  /** Every declaration file reachable from `path` through imports and exports. */
  reachable(path, out = new Set()) {
    if (out.has(path)) return out;
    out.add(path);
    for (const spec of this.file(path).dependencies) {
      const target = this.resolveSpecifier(path, spec);
      if (target !== null) this.reachable(target, out);
    }
    return out;
  }
}
