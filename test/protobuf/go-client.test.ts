/**
 * A real Go client against `expofmt serve`: go-client/main.go, built offline from
 * Debian's client_golang and client_model sources (go-client/build.sh), pushes a counter
 * and a gauge with `push.New(...).Grouping(...).Push()` and a histogram and a summary with
 * `.Add()`, in client_golang's default format, delimited protobuf. The text page must show
 * exactly those families; then the client scrapes `/metrics` asking for protobuf, decodes
 * it with expfmt and writes the families back with Go's own text writer, which must give
 * the same bytes.
 *
 * Needs `go` and the golang-*-dev packages (scripts/install-test-deps.sh). Without them
 * the test fails, naming the install command: it never skips.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

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

describe('go-client/build.sh', () => {
  it('fails naming the install command when the Go toolchain is missing', async () => {
    const failed = await run('/bin/bash', [join(ROOT, 'test/protobuf/go-client/build.sh'), join(tmpdir(), 'never-built')], {
      env: { PATH: '/nonexistent' },
    }).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 1, stderr: expect.stringContaining('bash scripts/install-test-deps.sh') });
  });
});
