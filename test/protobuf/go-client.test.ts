/**
 * A real Go client against `expofmt serve`: go-client/main.go, built offline from
 * Debian's client_golang and client_model sources (go-client/build.sh), pushes a counter
 * and a gauge with `push.New(...).Grouping(...).Push()` and a histogram and a summary with
 * `.Add()`, in client_golang's default format, delimited protobuf. The text page must show
 * exactly those families; then the client scrapes `/metrics` asking for protobuf, decodes
 * it with expfmt and writes the families back with Go's own text writer, which must give
 * the same bytes.
 *
 * Native histograms, end to end: the same client pushes one registry (a native histogram
 * with exemplars, bucket factor 1.1, and a classic histogram with exemplars) to
 * `expofmt serve` and to Pushgateway 1.5.1; both protobuf scrapes, decoded by expfmt and
 * printed field by field (proto.MarshalTextString), must be identical. A real Prometheus
 * 2.42 with `--enable-feature=native-histograms` scrapes both (honor_labels, a `source`
 * target label apart) and must get the same histogram_count, histogram_sum and
 * histogram_quantile(0.9, ...) from each.
 *
 * Needs `go` and the golang-*-dev packages, prometheus and prometheus-pushgateway
 * (scripts/install-test-deps.sh). Without them the test fails, naming the install
 * command: it never skips.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildServer, get, requireProgram, startChild, waitFor, startPrometheus } from '../e2e/support.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const FAMILIES = ['go_client_latency_seconds', 'go_client_ops_total', 'go_client_payload_bytes', 'go_client_temperature_celsius'];

const EXPECTED = `# HELP go_client_latency_seconds A histogram with classic buckets.
# TYPE go_client_latency_seconds histogram
go_client_latency_seconds_bucket{instance="pb-test",job="go_client",le="0.1"} 1
go_client_latency_seconds_bucket{instance="pb-test",job="go_client",le="0.5"} 3
go_client_latency_seconds_bucket{instance="pb-test",job="go_client",le="1"} 4
go_client_latency_seconds_bucket{instance="pb-test",job="go_client",le="2.5"} 5
go_client_latency_seconds_bucket{instance="pb-test",job="go_client",le="+Inf"} 6
go_client_latency_seconds_sum{instance="pb-test",job="go_client"} 12.35
go_client_latency_seconds_count{instance="pb-test",job="go_client"} 6
# HELP go_client_ops_total Operations done, by kind. A "quoted" word and a backslash \\\\ in the help.
# TYPE go_client_ops_total counter
go_client_ops_total{instance="pb-test",job="go_client",kind="read"} 42
go_client_ops_total{instance="pb-test",job="go_client",kind="write"} 7.5
# HELP go_client_payload_bytes A summary with three objectives.
# TYPE go_client_payload_bytes summary
go_client_payload_bytes{instance="pb-test",job="go_client",quantile="0.5"} 500
go_client_payload_bytes{instance="pb-test",job="go_client",quantile="0.9"} 900
go_client_payload_bytes{instance="pb-test",job="go_client",quantile="0.99"} 1000
go_client_payload_bytes_sum{instance="pb-test",job="go_client"} 5500
go_client_payload_bytes_count{instance="pb-test",job="go_client"} 10
# HELP go_client_temperature_celsius A gauge with a constant label.
# TYPE go_client_temperature_celsius gauge
go_client_temperature_celsius{instance="pb-test",job="go_client",room="lab \\"A\\"\\n2"} -3.25
`;

let client = '';
let server: ChildProcess | undefined;
let url = '';

/** A port that was free a moment ago. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

async function waitReady(base: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`expofmt serve exited with ${child.exitCode}:\n${log()}`);
    try {
      if ((await fetch(`${base}/-/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`expofmt serve did not get ready:\n${log()}`);
}

/** The text page's lines of the named families, in page order. */
function only(page: string, names: string[]): string {
  const keep = (line: string) => {
    const name = line.startsWith('# ') ? line.split(' ')[2] : line.split(/[{ ]/)[0];
    return names.some((n) => name === n || (name.startsWith(n) && ['_bucket', '_sum', '_count'].includes(name.slice(n.length))));
  };
  return page
    .split('\n')
    .filter((l) => l !== '' && keep(l))
    .map((l) => `${l}\n`)
    .join('');
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'expofmt-go-client-'));
  client = join(dir, 'go-client');
  try {
    await run('bash', [join(ROOT, 'test/protobuf/go-client/build.sh'), client], { cwd: ROOT });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    throw new Error(`could not build the Go client (install the Go toolchain and client_golang with: bash scripts/install-test-deps.sh):\n${stderr}`);
  }
  if (!existsSync(join(ROOT, 'dist/cli.js'))) throw new Error('dist/cli.js is missing: run npm run build (npm test does)');
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  let output = '';
  server = spawn(process.execPath, [join(ROOT, 'bin/expofmt.js'), 'serve', `--web.listen-address=127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  server.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  await waitReady(url, server, () => output);
}, 180_000);

afterAll(async () => {
  if (server === undefined || server.exitCode !== null) return;
  const exited = new Promise((r) => server!.once('exit', r));
  server.kill('SIGTERM');
  await exited;
});

describe('a Go client (client_golang push, expfmt) against expofmt serve', () => {
  it('pushes with Push() and Add(); the page shows exactly those families', async () => {
    const pushed = await run(client, ['push', url]);
    expect(pushed.stderr).toBe('');
    const page = await (await fetch(`${url}/metrics`)).text();
    expect(only(page, FAMILIES)).toBe(EXPECTED);
    expect(only(page, ['push_time_seconds'])).toMatch(
      /^# HELP push_time_seconds .*\n# TYPE push_time_seconds gauge\npush_time_seconds\{instance="pb-test",job="go_client"\} \d\.\d+e\+09\n$/,
    );
  });

  it('scrapes /metrics as delimited protobuf with expfmt and gets the same families', async () => {
    const scraped = await run(client, ['scrape', url, ...FAMILIES, 'push_time_seconds']);
    const page = await (await fetch(`${url}/metrics`)).text();
    expect(scraped.stdout).toBe(only(page, [...FAMILIES, 'push_time_seconds']));
    expect(scraped.stdout.startsWith(EXPECTED)).toBe(true);
    expect(scraped.stderr).toMatch(/^decoded \d+ families\n$/);
  });
});

const NATIVE_FAMILIES = ['go_client_classic_seconds', 'go_client_nh_seconds'];

describe('native histograms from a Go client: expofmt serve against Pushgateway 1.5.1 and a real Prometheus', () => {
  let pushgateway: ChildServer | undefined;
  let prometheus: ChildServer | undefined;

  beforeAll(async () => {
    const pgw = requireProgram('prometheus-pushgateway');
    requireProgram('prometheus');
    const pgwPort = await freePort();
    pushgateway = await startChild(pgw, [`--web.listen-address=127.0.0.1:${pgwPort}`], pgwPort, '/-/ready');
    const dir = mkdtempSync(join(tmpdir(), 'expofmt-go-native-'));
    const target = (name: string, base: string) =>
      `  - job_name: ${name}\n    honor_labels: true\n    static_configs:\n      - targets: ['${base.replace('http://', '')}']\n        labels: { source: ${name} }\n`;
    await writeFile(
      join(dir, 'prometheus.yml'),
      `global:\n  scrape_interval: 1s\nscrape_configs:\n${target('expofmt', url)}${target('pushgateway', pushgateway.url)}`,
    );
    prometheus = await startPrometheus(dir, ['--enable-feature=native-histograms']);
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    await pushgateway?.stop();
  }, 30_000);

  it('serves, as Pushgateway does, every field of the push: decoded by expfmt, field by field', async () => {
    const pushed = await run(client, ['push-native', url, pushgateway!.url]);
    expect(pushed.stderr).toBe('');
    const ours = await run(client, ['dump', url, ...NATIVE_FAMILIES]);
    const theirs = await run(client, ['dump', pushgateway!.url, ...NATIVE_FAMILIES]);
    expect(ours.stdout).toBe(theirs.stdout);
    // What makes it a native histogram, with the exemplar client_golang 1.14 keeps on the +Inf bucket.
    expect(ours.stdout).toContain('schema: 3\n    zero_threshold: 2.938735877055719e-39\n    zero_count: 1\n    negative_span: <');
    expect(ours.stdout).toMatch(/positive_delta: -?\d+\n/);
    expect(ours.stdout).toMatch(/upper_bound: inf\n {6}exemplar: <\n {8}label: <\n {10}name: "trace_id"\n {10}value: "t9"/);
  });

  it("writes text 0.0.4 as Go's expfmt writer does for both histograms", async () => {
    // Go's writer, fed the protobuf scrape: the +Inf bucket (with the native histogram's
    // count), _sum and _count; our text scrape of the same page must be the same bytes.
    const go = await run(client, ['scrape', url, ...NATIVE_FAMILIES]);
    const page = await (await fetch(`${url}/metrics`)).text();
    expect(only(page, NATIVE_FAMILIES)).toBe(go.stdout);
    expect(go.stdout).toContain('go_client_nh_seconds_bucket{instance="",job="nh",le="+Inf"} 10\ngo_client_nh_seconds_sum{instance="",job="nh"} 110.111\n');
  });

  it('gives Prometheus the same histogram_count, histogram_sum and histogram_quantile(0.9) as Pushgateway', { timeout: 90_000 }, async () => {
    type Vector = Array<{ metric: Record<string, string>; value: [number, string] }>;
    const query = async (q: string): Promise<Vector> => {
      const res = await get(`${prometheus!.url}/api/v1/query?query=${encodeURIComponent(q)}`);
      const body = (await res.json()) as { status: string; data: { result: Vector } };
      if (body.status !== 'success') throw new Error(`${q}: ${JSON.stringify(body)}`);
      return body.data.result;
    };
    const bySource = async (q: string) => {
      const result = await query(q);
      return Object.fromEntries(result.map((r) => [r.metric.source, r.value[1]]));
    };
    const queries = [
      'histogram_count(go_client_nh_seconds)',
      'histogram_sum(go_client_nh_seconds)',
      'histogram_quantile(0.9, go_client_nh_seconds)',
      'histogram_quantile(0.9, go_client_classic_seconds_bucket)',
      'go_client_classic_seconds_count',
    ].map((q) => `sum by (source) (${q})`);
    const answers = await waitFor('both sources in every query', 60_000, async () => {
      const out: Record<string, Record<string, string>> = {};
      for (const q of queries) {
        out[q] = await bySource(q);
        if (out[q].expofmt === undefined || out[q].pushgateway === undefined) return undefined;
      }
      return out;
    });
    for (const q of queries) expect(answers[q].expofmt, q).toBe(answers[q].pushgateway);
    expect(answers[queries[0]].expofmt).toBe('10');
    expect(answers[queries[1]].expofmt).toBe('110.111');
    expect(answers[queries[4]].expofmt).toBe('10');
    // Prometheus saw a native histogram from the gateway, not only its classic series.
    expect(await query('go_client_nh_seconds_count')).toEqual([]);
  });
});

describe('go-client/build.sh', () => {
  it('fails naming the install command when the Go toolchain is missing', async () => {
    const failed = await run('/bin/bash', [join(ROOT, 'test/protobuf/go-client/build.sh'), join(tmpdir(), 'never-built')], {
      env: { PATH: '/nonexistent' },
    }).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 1, stderr: expect.stringContaining('bash scripts/install-test-deps.sh') });
  });
});
