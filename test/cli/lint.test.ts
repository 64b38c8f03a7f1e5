import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'expofmt-lint-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const clean = '# HELP jobs_done_total Jobs done.\n# TYPE jobs_done_total counter\njobs_done_total 3\n';
const dirty = '# TYPE requests counter\nrequests 1\nbad{a=1} 2\nlatency_ms 3 \n';

describe('expofmt lint', () => {
  it('exits 0 and prints nothing for a clean payload', async () => {
    expect(await runCli(['lint', file('clean.prom', clean)])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('reports every syntax error and rule violation in one pass, sorted by line (pretty)', async () => {
    const path = file('dirty.prom', dirty);
    const { code, stdout, stderr } = await runCli(['lint', path]);
    expect(code).toBe(1);
    expect(stdout).toBe(
      [
        `${path}:1:1: warning: no help text [W_NO_HELP]`,
        ' 1 | # TYPE requests counter',
        '   | ^',
        `${path}:1:1: warning: counter metrics should have "_total" suffix [W_COUNTER_TOTAL]`,
        ' 1 | # TYPE requests counter',
        '   | ^',
        `${path}:3:7: expected '"' at start of label value, found '1' [E_EXPECTED_QUOTE]`,
        ' 3 | bad{a=1} 2',
        '   |       ^',
        `${path}:4:14: expected integer as timestamp, got "" (trailing whitespace after the value?) [E_INVALID_TIMESTAMP]`,
        ' 4 | latency_ms 3 ',
        '   |              ^',
        '',
      ].join('\n'),
    );
    expect(stderr).toBe('2 error(s), 2 warning(s)\n');
  });

  it('writes json and github formats', async () => {
    const path = file('dirty2.prom', dirty);
    const json = await runCli(['lint', '--format', 'json', '--disable', 'W_NO_HELP', path]);
    expect(JSON.parse(json.stdout)).toEqual([
      {
        file: path,
        line: 1,
        column: 1,
        code: 'W_COUNTER_TOTAL',
        severity: 'warning',
        message: 'counter metrics should have "_total" suffix',
        family: 'requests',
      },
      { file: path, line: 3, column: 7, endColumn: 8, code: 'E_EXPECTED_QUOTE', severity: 'error', message: `expected '"' at start of label value, found '1'` },
      {
        file: path,
        line: 4,
        column: 14,
        endColumn: 15,
        code: 'E_INVALID_TIMESTAMP',
        severity: 'error',
        message: 'expected integer as timestamp, got "" (trailing whitespace after the value?)',
      },
    ]);
    const github = await runCli(['lint', '-f', 'github', '-d', 'W_NO_HELP,W_COUNTER_TOTAL', path]);
    expect(github.stdout).toBe(
      `::error file=${path},line=3,col=7,title=E_EXPECTED_QUOTE::expected '"' at start of label value, found '1'\n` +
        `::error file=${path},line=4,col=14,title=E_INVALID_TIMESTAMP::expected integer as timestamp, got "" (trailing whitespace after the value?)\n`,
    );
    expect(github.code).toBe(1);
  });

  it('reports every bad escape of a line, with its extent (the grammar recovers inside the line)', async () => {
    const path = file('escapes.prom', 'a{b="\\t",c="\\q"} 1\nok 1\n');
    const { stdout } = await runCli(['lint', '-f', 'json', '-d', 'W_NO_HELP', path]);
    expect(JSON.parse(stdout).map((d: { line: number; column: number; endColumn: number; code: string }) => [d.line, d.column, d.endColumn, d.code])).toEqual([
      [1, 6, 8, 'E_INVALID_ESCAPE'],
      [1, 13, 15, 'E_INVALID_ESCAPE'],
    ]);
  });

  it('fails on warnings only with --strict or over --max-warnings', async () => {
    const path = file('warn.prom', '# TYPE requests counter\nrequests 1\n');
    expect((await runCli(['lint', '-f', 'json', path])).code).toBe(0);
    expect((await runCli(['lint', '-f', 'json', '--strict', path])).code).toBe(1);
    expect((await runCli(['lint', '-f', 'json', '--max-warnings', '1', path])).code).toBe(1);
    expect((await runCli(['lint', '-f', 'json', '--max-warnings', '2', path])).code).toBe(0);
  });

  it('applies the gateway rules with --group, and checks files against each other with --groups', async () => {
    const stamped = file('stamped.prom', 'a{job="x"} 1 1700000000000\n');
    const { stdout } = await runCli(['lint', '-f', 'json', '-d', 'W_NO_HELP', '--group', 'job=j', stamped]);
    expect(JSON.parse(stdout).map((d: { code: string }) => d.code)).toEqual(['E_TIMESTAMP_NOT_ALLOWED', 'W_GROUPING_LABEL_OVERRIDDEN']);

    const ta = file('ta.prom', '# HELP m M.\n# TYPE m counter\nm_total 1\n');
    const tb = file('tb.prom', '# HELP m_total M.\n# TYPE m_total gauge\nm_total 2\n');
    const result = await runCli(['lint', '-f', 'json', '-d', 'W_NON_COUNTER_TOTAL,W_COUNTER_TOTAL', '--groups', ta, tb]);
    expect(JSON.parse(result.stdout)).toEqual([
      { file: ta, line: 3, column: 1, code: 'W_NO_HELP', severity: 'warning', message: 'no help text', family: 'm_total' },
      {
        file: tb,
        line: 1,
        column: 1,
        code: 'E_TYPE_CONFLICT',
        severity: 'error',
        message: 'family "m_total" is gauge in group {job="tb"} but untyped in group {job="ta"}',
        family: 'm_total',
        group: '{job="tb"}',
      },
    ]);
    expect(result.code).toBe(1);
  });

  it('exits 2 on an unreadable file or bad usage', async () => {
    expect((await runCli(['lint', join(dir, 'missing.prom')])).code).toBe(2);
    expect((await runCli(['lint', '--format', 'xml'])).code).toBe(2);
  });

  it('runs the same from the built binary', () => {
    const bin = join(__dirname, '../../bin/expofmt.js');
    const path = file('bin.prom', 'x{a=1} 1\n');
    const result = spawnSync(process.execPath, [bin, 'lint', '-f', 'github', path], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(`::error file=${path},line=1,col=5,title=E_EXPECTED_QUOTE::expected '"' at start of label value, found '1'\n`);
    expect(execFileSync(process.execPath, [bin, 'lint', file('bin-ok.prom', clean)], { encoding: 'utf8' })).toBe('');
  });
});
