/**
 * Compares two outputs of scripts/pushgateway-experiments.sh experiment by
 * experiment, after taking out what differs from run to run even against the same
 * Pushgateway:
 *
 * - the lines the script marks as unstable (docs/pushgateway-semantics.md §18):
 *   the HELP winners [E87, E88, and the HELP line of E86's scrape], the conflicting-type
 *   error bodies [E7, E84, and E85, the third such body], the gateway logs (section 16)
 *   and the persistence file's size and first bytes [E122];
 * - the order of the errors inside one multi-error text (Go map order) [E89];
 * - times the script leaves as they are: RFC 3339 times (the raw API line of E100) and
 *   Unix-second floats like `1.7956258469231331e+09` (the Python client's `*_created`
 *   values, the values inside E89's error texts).
 *
 * Blocks are cut at each `=== [N]` title; a section header starts a block of its own
 * (`S<n>`), so section 13 (request counters) and 16 (logs) do not count as part of the
 * experiment before them.
 */

export interface Block {
  key: string;
  lines: string[];
}

export interface Comparison {
  /** Experiment numbers found in the baseline (1..123). */
  experiments: number[];
  matching: number[];
  differing: number[];
  /** Section blocks (`S13`, ...) that differ; not counted as experiments. */
  differingSections: string[];
  /** A unified-ish diff per differing block, for messages. */
  diffs: Map<string, string>;
}

/** Blocks keyed `E<n>` for experiments, `S<n>` for section headers, `head` before the first. */
export function splitBlocks(text: string): Map<string, Block> {
  const blocks = new Map<string, Block>();
  let current: Block = { key: 'head', lines: [] };
  blocks.set(current.key, current);
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const exp = /^=== \[(\d+)\] /.exec(line);
    const sec = /^## (\d+)\. /.exec(line);
    if (exp || sec) {
      current = { key: exp ? `E${exp[1]}` : `S${sec![1]}`, lines: [] };
      blocks.set(current.key, current);
    }
    current.lines.push(line);
  }
  return blocks;
}

const RFC3339 = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)/g;
/** Unix seconds of this era with sub-second digits, as Go's %g prints them. */
const UNIX_SECONDS = /\b[1-9]\.\d{6,}e\+09\b/g;
const INVALID_PUSH = 'pushed metrics are invalid or inconsistent with existing metrics: ';

/** The block's lines with the unstable parts replaced or dropped. */
export function normalizeBlock(block: Block): string[] {
  const { key } = block;
  let lines = block.lines.map((l) => l.replace(RFC3339, '<TIME>').replace(UNIX_SECONDS, '<TS>'));
  if (key === 'S16') return [lines[0]]; // the logs: only the header stays
  if (key === 'E7' || key === 'E85') {
    lines = lines.map((l) => (l.startsWith(`  | ${INVALID_PUSH}`) ? `  | ${INVALID_PUSH}<unstable>` : l));
  }
  if (key === 'E86') lines = lines.filter((l) => !l.startsWith('  | # HELP help_metric '));
  if (key === 'E89') lines = sortRuns(lines, (l) => l.startsWith('  | * '));
  if (key === 'E84') lines = lines.filter((l) => !(l.startsWith('  |') && l.includes(INVALID_PUSH)));
  if (key === 'E87' || key === 'E88') lines = lines.filter((l) => !l.startsWith('  |'));
  if (key === 'E122') {
    lines = lines
      .filter((l) => !l.startsWith('  |'))
      .map((l) => l.replace(/^ {2}persistence file exists, \d+ bytes; first bytes:$/, '  persistence file exists'));
  }
  return lines;
}

/** Sorts each run of consecutive lines that `member` accepts. */
function sortRuns(lines: string[], member: (line: string) => boolean): string[] {
  const out: string[] = [];
  let run: string[] = [];
  for (const line of [...lines, '']) {
    if (member(line)) {
      run.push(line);
      continue;
    }
    out.push(...run.sort());
    run = [];
    out.push(line);
  }
  out.pop();
  return out;
}

/** A small line diff (LCS), `-` for baseline-only lines and `+` for ours. */
export function lineDiff(expected: string[], actual: string[]): string {
  const n = expected.length;
  const m = actual.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i][j] = expected[i] === actual[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && expected[i] === actual[j]) {
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) {
      out.push(`+ ${actual[j++]}`);
    } else {
      out.push(`- ${expected[i++]}`);
    }
  }
  return out.join('\n');
}

export function compareOutputs(baseline: string, ours: string): Comparison {
  const expected = splitBlocks(baseline);
  const actual = splitBlocks(ours);
  const result: Comparison = { experiments: [], matching: [], differing: [], differingSections: [], diffs: new Map() };
  for (const [key, block] of expected) {
    const a = normalizeBlock(block);
    const other = actual.get(key);
    const b = other === undefined ? ['(missing)'] : normalizeBlock(other);
    const same = a.length === b.length && a.every((l, i) => l === b[i]);
    if (!same) result.diffs.set(key, lineDiff(a, b));
    if (key.startsWith('E')) {
      const n = Number(key.slice(1));
      result.experiments.push(n);
      (same ? result.matching : result.differing).push(n);
    } else if (!same) {
      result.differingSections.push(key);
    }
  }
  return result;
}
