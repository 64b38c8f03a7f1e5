/** `expofmt parse`, run in-process: exact stdout, stderr and exit codes. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const EXPOSITION = `# HELP http_requests_total Requests "served".
# TYPE http_requests_total counter
http_requests_total{method="post",code="200"} 1027 1395066363000
http_requests_total{method="post",code="400"} 3 1395066363000
# TYPE rpc summary
rpc{quantile="0.5"} 4773
rpc{quantile="0.99"} 76656
rpc_sum 1.7560473e+07
rpc_count 2693
# TYPE latency histogram
latency_bucket{le="1"} 2
latency_bucket{le="0.5"} 1
latency_bucket{le="+Inf"} 3
latency_sum 2.5
latency_count 3
untyped_one -0
`;

const dir = mkdtempSync(join(tmpdir(), 'expofmt-cli-'));
function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('expofmt parse --format json', () => {
  it('prints the prom2json shape, keys and buckets in input order', async () => {
    const result = await runCli(['parse', file('ok.prom', EXPOSITION)]);
    expect(result).toEqual({ code: 0, stderr: '', stdout: expect.any(String) });
    expect(result.stdout).toBe(`[
  {
    "name": "http_requests_total",
    "help": "Requests \\"served\\".",
    "type": "COUNTER",
    "metrics": [
      {
        "labels": {
          "method": "post",
          "code": "200"
        },
        "timestamp_ms": "1395066363000",
        "value": "1027"
      },
      {
        "labels": {
          "method": "post",
          "code": "400"
        },
        "timestamp_ms": "1395066363000",
        "value": "3"
      }
    ]
  },
  {
    "name": "rpc",
    "type": "SUMMARY",
    "metrics": [
      {
        "labels": {},
        "quantiles": {
          "0.5": "4773",
          "0.99": "76656"
        },
        "count": "2693",
        "sum": "1.7560473e+07"
      }
    ]
  },
  {
    "name": "latency",
    "type": "HISTOGRAM",
    "metrics": [
      {
        "labels": {},
        "buckets": {
          "1": "2",
          "0.5": "1",
          "+Inf": "3"
        },
        "count": "3",
        "sum": "2.5"
      }
    ]
  },
  {
    "name": "untyped_one",
    "type": "UNTYPED",
    "metrics": [
      {
        "labels": {},
        "value": "0"
      }
    ]
  }
]
`);
  });

  it('is the default format, reads standard input for - or no FILE, and parses as JSON', async () => {
    const explicit = await runCli(['parse', '-', '--format', 'json'], EXPOSITION);
    const implicit = await runCli(['parse'], EXPOSITION);
    expect(implicit).toEqual(explicit);
    expect(explicit.code).toBe(0);
    expect(JSON.parse(explicit.stdout)).toHaveLength(4);
  });

  it('names a gauge histogram GAUGE_HISTOGRAM and prints [] for an empty input', async () => {
    const gh = await runCli(['parse'], '# TYPE g gauge_histogram\ng_bucket{le="+Inf"} 1\ng_count 1\ng_sum 0\n');
    expect(JSON.parse(gh.stdout)[0].type).toBe('GAUGE_HISTOGRAM');
    expect(await runCli(['parse'], '')).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });
});

describe('expofmt parse --format text', () => {
  it('prints the families as 0.0.4 text, the Go writer way', async () => {
    const result = await runCli(['parse', '--format=text', file('ok.prom', EXPOSITION)]);
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout: `# HELP http_requests_total Requests "served".
# TYPE http_requests_total counter
http_requests_total{method="post",code="200"} 1027 1395066363000
http_requests_total{method="post",code="400"} 3 1395066363000
# TYPE rpc summary
rpc{quantile="0.5"} 4773
rpc{quantile="0.99"} 76656
rpc_sum 1.7560473e+07
rpc_count 2693
# TYPE latency histogram
latency_bucket{le="1"} 2
latency_bucket{le="0.5"} 1
latency_bucket{le="+Inf"} 3
latency_sum 2.5
latency_count 3
# TYPE untyped_one untyped
untyped_one 0
`,
    });
  });

  it('accepts -f as the short form', async () => {
    expect(await runCli(['parse', '-f', 'text'], 'a 1\n')).toEqual({ code: 0, stdout: '# TYPE a untyped\na 1\n', stderr: '' });
  });
});

describe('expofmt parse: invalid input', () => {
  it('exits 1 with FILE:LINE:COL: message [CODE], the line and a caret, and nothing on stdout', async () => {
    const path = file('bad.prom', 'a 1\nb{c="d" e="f"} 2\n');
    expect(await runCli(['parse', path])).toEqual({
      code: 1,
      stdout: '',
      stderr: `${path}:2:9: unexpected end of label value "d": expected ',' or '}', found 'e' [E_UNEXPECTED_END_OF_LABEL_VALUE]\n 2 | b{c="d" e="f"} 2\n   |         ^\n`,
    });
  });

  it('names standard input <stdin>', async () => {
    expect(await runCli(['parse', '-f', 'text'], 'x 1')).toEqual({
      code: 1,
      stdout: '',
      stderr:
        '<stdin>:1:4: unexpected end of input stream [E_UNEXPECTED_EOF]\n 1 | x 1\n   |    ^\n' +
        '   = hint: the input does not end with a newline; if it was sent with curl -d, which strips newlines, send it with --data-binary @FILE\n',
    });
  });

  it('reports invalid UTF-8 at its position', async () => {
    const result = await runCli(['parse'], new Uint8Array([0x61, 0x7b, 0x62, 0x3d, 0x22, 0xff, 0x22, 0x7d, 0x20, 0x31, 0x0a]));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^<stdin>:1:6: .* \[E_INVALID_UTF8\]\n/);
  });
});

describe('expofmt parse: usage and read errors', () => {
  it('exits 2 when the file cannot be read', async () => {
    const missing = join(dir, 'missing.prom');
    expect(await runCli(['parse', missing])).toEqual({
      code: 2,
      stdout: '',
      stderr: `expofmt parse: cannot read ${missing}: no such file or directory\n`,
    });
    expect((await runCli(['parse', dir])).stderr).toBe(`expofmt parse: cannot read ${dir}: is a directory\n`);
  });

  it('exits 2 on an unknown flag: one line, and where the help is', async () => {
    const result = await runCli(['parse', '--bogus']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("expofmt parse: unknown option '--bogus'\nsee `expofmt parse --help`\n");
  });

  it('exits 2 on a bad --format, a missing value, or two files', async () => {
    expect((await runCli(['parse', '--format', 'xml'])).stderr).toBe("expofmt parse: --format must be json or text, got 'xml'\nsee `expofmt parse --help`\n");
    expect((await runCli(['parse', '--format'])).stderr).toMatch(/^expofmt parse: option '--format' needs a value\n/);
    expect((await runCli(['parse', 'a', 'b'])).stderr).toMatch(/^expofmt parse: expected at most one FILE, got 2\n/);
    expect((await runCli(['parse', '--help=yes'])).stderr).toMatch(/^expofmt parse: option '--help' takes no value\n/);
    for (const argv of [
      ['parse', '--format', 'xml'],
      ['parse', '--format'],
      ['parse', 'a', 'b'],
      ['parse', '-x'],
    ]) {
      const result = await runCli(argv);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
    }
  });

  it('takes a FILE named like a flag after --', async () => {
    expect((await runCli(['parse', '--', '--odd-name'])).stderr).toBe('expofmt parse: cannot read --odd-name: no such file or directory\n');
  });

  it('prints its help on stdout with --help and -h', async () => {
    const result = await runCli(['parse', '--help']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^Usage: expofmt parse \[FILE\|-\] \[--format json\|text\] \[--dialect DIALECT\]\n/);
    expect(await runCli(['parse', '-h'])).toEqual(result);
    expect(await runCli(['help', 'parse'])).toEqual(result);
  });
});
