// Rewrites the table of diagnostic codes in README.md (between <!-- codes:start --> and
// <!-- codes:end -->) from src/codes.ts. Run as `npm run generate:codes`: tsx loads the
// TypeScript, so no build is needed first.
import { readFileSync, writeFileSync } from 'node:fs';
import { withCodeTable } from './code-table.ts';

const readme = new URL('../README.md', import.meta.url);
const before = readFileSync(readme, 'utf8');
const after = withCodeTable(before);
if (after === before) {
  console.log('README.md: the code table is up to date');
} else {
  writeFileSync(readme, after);
  console.log('README.md: the code table was rewritten');
}
