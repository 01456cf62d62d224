// A small typedoc plugin for qtasyncio's API site (loaded by tools/docs/typedoc.json):
//
//   1. names the entry points after their import specifiers (`qtasyncio`, `qtasyncio/qt`, …) instead of
//      their file names (`index`, `qt`, …);
//   2. gives the members that only restate a language protocol a one-line comment, so that typedoc's
//      `notDocumented` check stays meaningful: the `name` of an error class (its stable name, a string
//      literal), `[Symbol.toStringTag]` getters, and the entries of a registry interface that map a NodeGui
//      class to its signal map (`QPushButton: QPushButtonSignals`);
//   3. checks, during typedoc's validation, that every exported function and class and every public method of
//      an exported class has an `@example` block (CONTRIBUTING.md, "Style": "TSDoc with a compiled example").
//      Each miss is a validation warning, so `treatWarningsAsErrors` (and scripts/docs.mjs) fail on it.
//
// Methods inherited from another documented class are checked once, on the class that declares them; members
// declared outside this package (e.g. RxJS's) are not checked.

import { Application, Comment, Converter, ReferenceType, ReflectionKind } from 'typedoc';

/** The last segment of the module names typedoc derives from the entry points → the specifiers users import. */
const MODULE_NAMES = new Map([
  ['src', 'qtasyncio'],
  ['index', 'qtasyncio'],
  ['qt', 'qtasyncio/qt'],
  ['rx', 'qtasyncio/rx'],
  ['io', 'qtasyncio/io'],
  ['testing', 'qtasyncio/testing'],
]);

function text(markdown) {
  return new Comment([{ kind: 'text', text: markdown }]);
}

function extendsError(reflection) {
  for (let r = reflection; r; ) {
    const base = r.extendedTypes?.[0];
    if (!(base instanceof ReferenceType)) return false;
    if (/^(Aggregate|Range|Reference|Syntax|Type|URI|Eval)?Error$/.test(base.name) && !base.reflection)
      return true;
    r = base.reflection;
  }
  return false;
}

/** The one-line comment of a protocol member without one, or undefined. */
function protocolComment(reflection) {
  const parent = reflection.parent;
  if (reflection.kindOf(ReflectionKind.Property) && reflection.name === 'name' && extendsError(parent)) {
    const value = reflection.defaultValue ?? `'${parent.name}'`;
    return text(
      `The error's stable name, \`${value}\`: test it with \`instanceof ${parent.name}\` or \`error.name\`.`,
    );
  }
  if (reflection.kindOf(ReflectionKind.GetSignature) && reflection.name === '[toStringTag]') {
    return text('The tag that `Object.prototype.toString` and `util.inspect` show for this object.');
  }
  const type = reflection.type;
  if (
    reflection.kindOf(ReflectionKind.Property) &&
    parent?.kindOf(ReflectionKind.Interface) &&
    type instanceof ReferenceType &&
    type.package === '@nodegui/nodegui' &&
    type.name.endsWith('Signals')
  ) {
    return text(`The signals of NodeGui's \`${reflection.name}\` (\`${reflection.name}Signals\`).`);
  }
  return undefined;
}

const CHECKED_KINDS = ReflectionKind.Class | ReflectionKind.Function | ReflectionKind.Method;

function hasExample(comment) {
  return comment?.blockTags.some((tag) => tag.tag === '@example') ?? false;
}

function needsExample(project, reflection) {
  const { flags } = reflection;
  if (flags.isPrivate || flags.isProtected || flags.isExternal) return false;
  if (reflection.kindOf(ReflectionKind.Method)) {
    if (reflection.inheritedFrom) return false; // checked where it is declared
    if (!reflection.parent?.kindOf(ReflectionKind.Class)) return false; // interface/object-literal members
  }
  const symbolId = project.getSymbolIdFromReflection(reflection);
  return symbolId === undefined || symbolId.packageName === project.packageName;
}

function documentedWithExample(reflection) {
  if (hasExample(reflection.comment)) return true;
  return (reflection.signatures ?? []).some((signature) => hasExample(signature.comment));
}

function location(reflection) {
  const source = reflection.sources?.[0] ?? reflection.signatures?.[0]?.sources?.[0];
  return source ? `${source.fileName}:${source.line}` : 'unknown source';
}

/**
 * typedoc's plugin entry point.
 *
 * @param {Application} app
 * @example
 * ```json
 * { "plugin": ["./plugin.mjs"] }
 * ```
 */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.children ?? []) {
      module.name = MODULE_NAMES.get(module.name.split('/').pop()) ?? module.name;
    }
  });

  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    const kinds = ReflectionKind.Property | ReflectionKind.GetSignature;
    for (const reflection of context.project.getReflectionsByKind(kinds)) {
      if (reflection.hasComment()) continue;
      if (reflection.kindOf(ReflectionKind.GetSignature) && reflection.parent?.hasComment()) continue;
      const comment = protocolComment(reflection);
      if (comment) reflection.comment = comment;
    }
  });

  app.on(Application.EVENT_VALIDATE_PROJECT, (project) => {
    const missing = project
      .getReflectionsByKind(CHECKED_KINDS)
      .filter((reflection) => needsExample(project, reflection) && !documentedWithExample(reflection));
    for (const reflection of missing) {
      app.logger.validationWarning(
        `${reflection.getFriendlyFullName()} (${ReflectionKind[reflection.kind]}, ${location(reflection)}) has no @example`,
      );
    }
  });
}
