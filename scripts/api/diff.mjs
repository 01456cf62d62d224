// A line diff in the unified format's spirit (`-` committed, `+` built, 3 lines of context), for the API report
// check: no dependency, deterministic, fast enough for reports of a few thousand lines.

const CONTEXT = 3;

/** The lines of `before` and `after` as `[' ' | '-' | '+', line]` pairs, a longest common subsequence kept. */
function editScript(before, after) {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endA = before.length;
  let endB = after.length;
  while (endA > start && endB > start && before[endA - 1] === after[endB - 1]) {
    endA--;
    endB--;
  }
  const a = before.slice(start, endA);
  const b = after.slice(start, endB);
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..]
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[i] === b[j]
          ? lcs[(i + 1) * width + j + 1] + 1
          : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
    }
  }
  const ops = before.slice(0, start).map((line) => [' ', line]);
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push([' ', a[i++]]);
      j++;
    } else if (j < b.length && (i === a.length || lcs[i * width + j + 1] > lcs[(i + 1) * width + j])) {
      ops.push(['+', b[j++]]);
    } else {
      ops.push(['-', a[i++]]);
    }
  }
  for (const line of before.slice(endA)) ops.push([' ', line]);
  return ops;
}

/** The changed lines of `after` against `before`, with context; `''` when they are equal. */
export function lineDiff(before, after, labelBefore, labelAfter) {
  if (before === after) return '';
  const ops = editScript(before.split('\n'), after.split('\n'));
  const shown = new Uint8Array(ops.length);
  ops.forEach(([op], index) => {
    if (op === ' ') return;
    for (let k = Math.max(0, index - CONTEXT); k <= Math.min(ops.length - 1, index + CONTEXT); k++)
      shown[k] = 1;
  });
  const out = [`--- ${labelBefore}`, `+++ ${labelAfter}`];
  ops.forEach(([op, line], index) => {
    if (!shown[index]) return;
    if (index > 0 && !shown[index - 1] && out.length > 2) out.push('…');
    out.push(`${op} ${line}`);
  });
  return `${out.join('\n')}\n`;
}
