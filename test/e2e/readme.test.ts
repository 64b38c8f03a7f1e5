/** The README's gateway walkthrough shows exactly what the end-to-end tests run. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KNOWN_DIFFERENCES } from './known-differences.js';
import { repoRoot } from './support.js';
import { CRON_SCRIPT, CURL_STEPS, PROMETHEUS_CONFIG, PROMETHEUS_RULES, PYTHON_EXAMPLE } from './walkthrough.js';

const readme = readFileSync(resolve(repoRoot, 'README.md'), 'utf8');
const section = (title: string) => {
  const start = readme.indexOf(`\n## ${title}\n`);
  expect(start, `README section "${title}"`).toBeGreaterThanOrEqual(0);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
};

describe('README', () => {
  it('holds the walkthrough commands and files verbatim', () => {
    const walkthrough = section('Gateway walkthrough');
    expect(walkthrough).toContain('npm ci && npm start');
    for (const command of CURL_STEPS) expect(walkthrough).toContain(command);
    for (const file of [PYTHON_EXAMPLE, CRON_SCRIPT, PROMETHEUS_CONFIG, PROMETHEUS_RULES]) expect(walkthrough).toContain(file);
    expect(walkthrough).toContain('bash scripts/install-test-deps.sh');
  });

  it('lists only experiments the experiments test knows to differ', () => {
    const differences = section('Differences from Pushgateway');
    const rows = [...differences.matchAll(/^\| (E\d+(?:, E\d+)*) \|/gm)].flatMap((m) => m[1].split(', ').map((e) => Number(e.slice(1))));
    expect(rows.length).toBeGreaterThan(20);
    for (const n of rows) expect(KNOWN_DIFFERENCES[n], `E${n}`).toBeDefined();
  });
});
