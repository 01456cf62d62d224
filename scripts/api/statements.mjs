// Splits declaration-file text (what `tsc --declaration` emits) into statements or class/interface members,
// each with the doc comment before it and its code with comments removed and whitespace collapsed.
// TypeScript 7's compiler has no JavaScript API, so the API report reads the emitted text; emitted
// declarations are regular enough for a scanner that knows strings, template literals, comments and brackets.

const OPEN = new Set(['{', '(', '[']);
const CLOSE = new Set(['}', ')', ']']);
/** Statements that end with their closing brace instead of a `;` (tested on the text before the first bracket). */
const BLOCK_HEAD =
  /^(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:(?:abstract\s+)?class\s+[\w$]|(?:interface|enum|const\s+enum|namespace|module)\s+[\w$'"]|global\s*$)/;

/**
 * Reads a string or template literal starting at `i` (the quote); returns the index after its end.
 * Template literal types may hold `${…}` with nested literals.
 */
function skipLiteral(text, i) {
  const quote = text[i];
  let j = i + 1;
  while (j < text.length) {
    const c = text[j];
    if (c === '\\') {
      j += 2;
      continue;
    }
    if (c === quote) return j + 1;
    if (quote === '`' && c === '$' && text[j + 1] === '{') {
      j = skipBalanced(text, j + 1);
      continue;
    }
    j++;
  }
  throw new Error(`unterminated literal at offset ${i}`);
}

/** From an opening bracket at `i`, the index after its matching close (literals and comments skipped). */
function skipBalanced(text, i) {
  let depth = 0;
  let j = i;
  while (j < text.length) {
    const c = text[j];
    if (c === '"' || c === "'" || c === '`') {
      j = skipLiteral(text, j);
      continue;
    }
    if (c === '/' && (text[j + 1] === '/' || text[j + 1] === '*')) {
      j = skipComment(text, j);
      continue;
    }
    if (OPEN.has(c)) depth++;
    else if (CLOSE.has(c) && --depth === 0) return j + 1;
    j++;
  }
  throw new Error(`unbalanced bracket at offset ${i}`);
}

/** From a `//` or `/*` at `i`, the index after the comment. */
function skipComment(text, i) {
  if (text[i + 1] === '/') {
    const end = text.indexOf('\n', i);
    return end === -1 ? text.length : end + 1;
  }
  const end = text.indexOf('*/', i + 2);
  if (end === -1) throw new Error(`unterminated comment at offset ${i}`);
  return end + 2;
}

/**
 * `code` without comments, whitespace runs collapsed to one space (literals kept as they are), and no space
 * just inside brackets or before `,`, `;` and `:`.
 */
export function normalize(code) {
  let out = '';
  let i = 0;
  while (i < code.length) {
    const c = code[i];
    if (c === '"' || c === "'" || c === '`') {
      const end = skipLiteral(code, i);
      out += code.slice(i, end);
      i = end;
    } else if (c === '/' && (code[i + 1] === '/' || code[i + 1] === '*')) {
      i = skipComment(code, i);
      if (!out.endsWith(' ')) out += ' ';
    } else if (/\s/.test(c)) {
      if (!out.endsWith(' ')) out += ' ';
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out
    .replace(/([([]) /g, '$1')
    .replace(/ ([)\],;])/g, '$1')
    .replace(/,([)\]])/g, '$1')
    .trim();
}

/**
 * The statements of `text` (a whole declaration file, or the body of a class, interface or object type):
 * `{ doc, raw, code }` each, where `doc` is the last `/** … *\/` comment before the statement (or `''`),
 * `raw` the statement's own text and `code` its normalized text.
 */
export function splitStatements(text) {
  const statements = [];
  let doc = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c) || c === ';') {
      i++;
      continue;
    }
    if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) {
      const end = skipComment(text, i);
      if (text.startsWith('/**', i)) doc = text.slice(i, end);
      i = end;
      continue;
    }
    const start = i;
    let block = null;
    while (i < text.length) {
      const d = text[i];
      if (d === ';') {
        i++;
        break;
      }
      if (d === '"' || d === "'" || d === '`') {
        i = skipLiteral(text, i);
      } else if (d === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) {
        i = skipComment(text, i);
      } else if (OPEN.has(d)) {
        block ??= BLOCK_HEAD.test(normalize(text.slice(start, i)));
        i = skipBalanced(text, i);
        if (d === '{' && block) break;
      } else {
        i++;
      }
    }
    const raw = text.slice(start, i);
    statements.push({ doc, raw, code: normalize(raw) });
    doc = '';
  }
  return statements;
}

/** The text between the first top-level `{` of a class or interface statement and its matching `}`. */
export function blockBody(raw) {
  let i = 0;
  while (i < raw.length) {
    const c = raw[i];
    if (c === '"' || c === "'" || c === '`') i = skipLiteral(raw, i);
    else if (c === '/' && (raw[i + 1] === '/' || raw[i + 1] === '*')) i = skipComment(raw, i);
    else if (c === '(' || c === '[') i = skipBalanced(raw, i);
    else if (c === '{') return { head: raw.slice(0, i), body: raw.slice(i + 1, skipBalanced(raw, i) - 1) };
    else i++;
  }
  return null;
}

/** Whether a statement's normalized code is a class, interface, enum, namespace or module block. */
export function isBlock(code) {
  const bracket = code.search(/[{([]/);
  return bracket !== -1 && code[bracket] === '{' && BLOCK_HEAD.test(code.slice(0, bracket).trim());
}
