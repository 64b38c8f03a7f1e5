/**
 * `lint` of a file above the streaming threshold (8 MiB) finds exactly what `lint` of the
 * whole input finds (the library's `lint`, in this process), in every output format's
 * terms: codes, lines, columns, messages, hints, excerpts. And it stays under 256 MiB on
 * a 48 MiB input (the real CLI process).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sourceText } from '../../src/diagnostics.js';
import { formatPretty, lint } from '../../src/index.js';
import { BIN, ROOT } from './run-cli-process.js';

const dir = mkdtempSync(join(tmpdir(), 'expofmt-biglint-'));
const path = join(dir, 'big.prom');
let bytes: Buffer;

/** About 9 MiB with a bit of everything lint reports: syntax errors (CRLF too), naming, a missing HELP, a name collision. */
function generate(): string {
  const out: string[] = [];
  for (let f = 0; f < 3000; f++) {
    const name = f % 5 ? `fam_${f}_total` : `famMs${f}`;
    if (f % 7) out.push(`# HELP ${name} F.`);
    out.push(f % 5 ? `# TYPE ${name} counter` : `# TYPE ${name} gauge`);
    for (let i = 0; i < 30; i++) out.push(`${name}{instance="h${i % 17}",path="/x/${i}"} ${i * 1.5}`);
    if (f % 100 === 3) out.push(`${name}{a=1} 2`);
    if (f % 250 === 5) out.push(`${name}_x{a="1} 2\r`);
    if (f % 300 === 7) out.push(`${name}_x{a="1"} 2 3 4`);
  }
  out.push('# TYPE fam_1_total_count gauge', 'fam_1_total_count 1', '# TYPE s summary', 's_sum 1', 's_count 1', '# TYPE s_count gauge', 's_count 2');
  let text = `${out.join('\n')}\n`;
  const filler = `# a comment line, to pass the streaming threshold ${'x'.repeat(60)}\n`;
  text += filler.repeat(Math.ceil((9 * 1024 * 1024 - text.length) / filler.length));
  return `${text}last{x="unterminated} 1`;
}

function cli(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(() => {
  writeFileSync(path, generate());
  bytes = readFileSync(path);
});

describe('lint of a big file, streamed', () => {
  it('finds what lint of the whole input finds (json)', async () => {
    const whole = (await lint(bytes)).diagnostics;
    expect(whole.length).toBeGreaterThan(100);
    const streamed = cli(['lint', '-f', 'json', '--max-diagnostics', '0', path]);
    expect(streamed.code).toBe(1);
    const key = (d: { line: number; column: number; code: string; message: string; hint?: string; endColumn?: number }) =>
      `${d.line}:${d.column}-${d.endColumn ?? ''} ${d.code} ${d.message} ${d.hint ?? ''}`;
    expect(JSON.parse(streamed.stdout).map(key)).toEqual(whole.map(key));
  }, 120_000);

  it('prints the same excerpts (pretty)', async () => {
    const whole = (await lint(bytes)).diagnostics.slice(0, 100);
    const source = sourceText(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes));
    const streamed = cli(['lint', '--color=never', path]);
    expect(streamed.stdout).toBe(whole.map((d) => `${d.line > 0 ? formatPretty(d, source, path) : ''}\n`).join(''));
  }, 120_000);
});

describe('lint memory', () => {
  it('stays under 256 MiB on a 48 MiB input', () => {
    const big = join(dir, 'big48.prom');
    const family = (f: number) =>
      `# HELP fam_${f}_total Family ${f}.\n# TYPE fam_${f}_total counter\n` +
      Array.from(
        { length: 200 },
        (_, i) => `fam_${f}_total{instance="host-${i % 17}.example.org:9100",path="/api/v1/items/${i}",code="200"} ${i * 7.25}\n`,
      ).join('');
    const blocks: string[] = [];
    let size = 0;
    for (let f = 0; size < 48 * 1024 * 1024; f++) {
      const block = family(f);
      blocks.push(block);
      size += block.length;
    }
    writeFileSync(big, blocks.join(''));
    blocks.length = 0;
    const rssFile = join(dir, 'rss');
    const run = spawnSync(process.execPath, ['--require', join(ROOT, 'test/cli/rss-report.cjs'), BIN, 'lint', big], {
      env: { ...process.env, EXPOFMT_RSS_FILE: rssFile },
      encoding: 'utf8',
    });
    expect({ code: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(Number(readFileSync(rssFile, 'utf8'))).toBeLessThan(256 * 1024);
  }, 120_000);
});
