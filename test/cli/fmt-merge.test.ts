import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'expofmt-cli-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('expofmt fmt', () => {
  const messy = '# TYPE b summary\nb_count 2\nb{quantile="0.50"} 1.0\nb_sum 3e0\n# HELP a The \\"a\\".\na{z="1",y="2"} 1e6\n';

  it('writes the canonical form', async () => {
    expect(await runCli(['fmt'], messy)).toEqual({
      code: 0,
      stdout: '# TYPE b summary\nb{quantile="0.5"} 1\nb_sum 3\nb_count 2\n# HELP a The "a".\n# TYPE a untyped\na{z="1",y="2"} 1e+06\n',
      stderr: '',
    });
  });

  it('sorts families, labels and series with --sort', async () => {
    const { stdout } = await runCli(['fmt', '--sort'], messy);
    expect(stdout).toBe('# HELP a The "a".\n# TYPE a untyped\na{y="2",z="1"} 1e+06\n# TYPE b summary\nb{quantile="0.5"} 1\nb_sum 3\nb_count 2\n');
  });

  it('is a fixed point on its own output', async () => {
    const once = (await runCli(['fmt', '--sort'], messy)).stdout;
    expect((await runCli(['fmt', '--sort'], once)).stdout).toBe(once);
  });

  it('fails with the diagnostic on invalid input, and on a bad --to', async () => {
    const bad = await runCli(['fmt'], 'a{b=c} 1\n');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.split('\n')[0]).toBe(`<stdin>:1:5: expected '"' at start of label value, found 'c' [E_EXPECTED_QUOTE]`);
    const usage = await runCli(['fmt', '--to', 'xml'], 'a 1\n');
    expect(usage.code).toBe(2);
    expect(usage.stderr.split('\n')[0]).toBe("expofmt fmt: --to must be one of prometheus, openmetrics, protobuf, got 'xml'");
  });
});

describe('expofmt merge', () => {
  it('merges payloads as a gateway serves them', async () => {
    const a = file('a.prom', '# HELP jobs_done Jobs.\n# TYPE jobs_done counter\njobs_done{queue="x"} 3\n');
    const b = file('b.prom', '# TYPE jobs_done counter\njobs_done 5\n');
    const result = await runCli(['merge', '--group', 'job=batch,instance=h2', b, '--group', 'job=batch', a]);
    expect(result).toEqual({
      code: 0,
      stdout:
        '# HELP jobs_done Jobs.\n# TYPE jobs_done counter\n' + 'jobs_done{instance="h2",job="batch"} 5\n' + 'jobs_done{instance="",job="batch",queue="x"} 3\n',
      stderr: '',
    });
  });

  it('adds push_time_seconds when asked', async () => {
    const a = file('c.prom', 'x 1\n');
    const { stdout } = await runCli(['merge', '--push-time', '1700000000', '-g', 'job=j', a]);
    expect(stdout).toBe(
      '# HELP push_failure_time_seconds Last Unix time when changing this group in the Pushgateway failed.\n' +
        '# TYPE push_failure_time_seconds gauge\n' +
        'push_failure_time_seconds{instance="",job="j"} 0\n' +
        '# HELP push_time_seconds Last Unix time when changing this group in the Pushgateway succeeded.\n# TYPE push_time_seconds gauge\n' +
        'push_time_seconds{instance="",job="j"} 1.7e+09\n' +
        '# TYPE x untyped\nx{instance="",job="j"} 1\n',
    );
  });

  it('fails with exit 1 and the diagnostics when groups conflict', async () => {
    const a = file('t1.prom', '# TYPE m counter\nm 1\n');
    const b = file('t2.prom', '# TYPE m gauge\nm 2\n');
    const result = await runCli(['merge', '-g', 'job=ta', a, '-g', 'job=tb', b]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`${b}:1:1: family "m" is gauge in group {job="tb"} but counter in group {job="ta"} [E_TYPE_CONFLICT]\n`);
  });

  it('rejects bad usage with exit 2', async () => {
    expect((await runCli(['merge', 'x.prom'])).stderr.split('\n')[0]).toBe('expofmt merge: FILE x.prom needs a --group before it');
    expect((await runCli(['merge', '--group', 'instance=i', 'x.prom'])).code).toBe(2);
  });
});

describe('dialects', () => {
  const om =
    '# TYPE job_seconds counter\n# UNIT job_seconds seconds\n# HELP job_seconds Time.\njob_seconds_total{q="a"} 3 # {trace_id="x"} 1 1.5\njob_seconds_created{q="a"} 1.7e9\n# EOF\n';

  it('fmt --to openmetrics round-trips an OpenMetrics input', async () => {
    const { code, stdout } = await runCli(['fmt', '--to', 'openmetrics'], om);
    expect(code).toBe(0);
    expect(stdout).toBe(
      '# HELP job_seconds Time.\n# TYPE job_seconds counter\n# UNIT job_seconds seconds\n' +
        'job_seconds_total{q="a"} 3.0 # {trace_id="x"} 1.0 1.5\njob_seconds_created{q="a"} 1.7e+09\n# EOF\n',
    );
    expect((await runCli(['fmt', '--to', 'openmetrics'], stdout)).stdout).toBe(stdout);
  });

  it('fmt to 0.0.4 says what it leaves out', async () => {
    const { code, stdout, stderr } = await runCli(['fmt'], om);
    expect(code).toBe(0);
    expect(stdout).toBe('# HELP job_seconds_total Time.\n# TYPE job_seconds_total counter\njob_seconds_total{q="a"} 3\n');
    expect(stderr).toBe(
      '<stdin>:1:1: info: text 0.0.4 has no UNIT: unit "seconds" of "job_seconds_total" is left out [I_UNIT_DROPPED]\n' +
        '<stdin>:1:1: info: text 0.0.4 has no _created: the created timestamps of "job_seconds_total" are left out [I_CREATED_DROPPED]\n' +
        '<stdin>:1:1: info: text 0.0.4 has no exemplars: those of "job_seconds_total" are left out [I_EXEMPLAR_DROPPED]\n',
    );
  });

  it('parse and lint take --dialect', async () => {
    const forced = await runCli(['parse', '--dialect', 'prometheus'], om);
    expect(forced.code).toBe(1);
    const lint = await runCli(['lint', '-f', 'json', '--dialect', 'openmetrics'], 'a 1\n');
    expect(JSON.parse(lint.stdout).map((d: { code: string }) => d.code)).toContain('E_OM_MISSING_EOF');
  });
});
