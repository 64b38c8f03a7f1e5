/** `expofmt lint --list-rules`: every diagnostic code, as aligned columns or as JSON. */
import { type CodeRow, codeRows } from '../codes.js';

/** One code a line (code, severity, stage, description), sorted by code; no header, so `wc -l` counts codes. */
export function listRulesText(rows: readonly CodeRow[] = codeRows()): string {
  const width = (column: 'code' | 'severity' | 'stage') => Math.max(...rows.map((r) => r[column].length));
  const [code, severity, stage] = [width('code'), width('severity'), width('stage')];
  return rows.map((r) => `${r.code.padEnd(code)}  ${r.severity.padEnd(severity)}  ${r.stage.padEnd(stage)}  ${r.description}\n`).join('');
}

/** The same rows as a JSON array of `{ code, severity, stage, description }`. */
export function listRulesJson(rows: readonly CodeRow[] = codeRows()): string {
  return `${JSON.stringify(rows, null, 2)}\n`;
}
