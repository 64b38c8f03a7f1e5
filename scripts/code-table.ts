/**
 * The README's table of diagnostic codes, made from the registry (src/codes.ts) so it can
 * never drift: `npm run generate:codes` writes it, test/diagnostics/codes.test.ts checks it.
 */
import { type Stage, STAGES, codeRows } from '../src/codes.js';

export const START = '<!-- codes:start -->';
export const END = '<!-- codes:end -->';

// Descriptions are plain text; `__name__` or `\n` would otherwise turn into markup.
const escapeMarkdown = (text: string) => text.replace(/[\\`*_|<>[\]]/g, '\\$&');

/** The Markdown between the markers: a collapsible table, one row per code, and what each stage is. */
export function codeTable(): string {
  const rows = codeRows();
  const stages = (Object.keys(STAGES) as Stage[]).map((stage) => `\`${stage}\` ${escapeMarkdown(STAGES[stage])}`);
  return [
    '<!-- Generated from src/codes.ts by `npm run generate:codes`: edit there, not here. -->',
    '<details>',
    `<summary>Every code (${rows.length}), as <code>expofmt lint --list-rules</code> prints them</summary>`,
    '',
    '| code | severity | stage | what it finds |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| \`${r.code}\` | ${r.severity} | ${r.stage.replaceAll(',', ', ')} | ${escapeMarkdown(r.description)} |`),
    '',
    `Stages: ${stages.join('; ')}.`,
    '',
    '</details>',
  ].join('\n');
}

/** Where the block starts (just after the start marker) and ends (at the end marker). */
function blockBounds(readme: string): [number, number] {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END, start);
  if (start < 0 || end < 0) throw new Error(`README.md lacks the ${START} ... ${END} markers`);
  return [start + START.length, end];
}

/** What stands between the markers of `readme`, without the line feeds next to them. */
export function codeBlockOf(readme: string): string {
  const [start, end] = blockBounds(readme);
  return readme.slice(start, end).replace(/^\n|\n$/g, '');
}

/** `readme` with the block between the markers replaced by the current table. */
export function withCodeTable(readme: string): string {
  const [start, end] = blockBounds(readme);
  return `${readme.slice(0, start)}\n${codeTable()}\n${readme.slice(end)}`;
}
