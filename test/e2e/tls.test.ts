/**
 * `expofmt serve --web.config.file` end to end, with real clients only: certificates made
 * by Debian's `openssl` (a CA, server, client and rotation certificates), the built CLI
 * as a child process, `curl` for pushes and scrapes, Python's `push_to_gateway` with a
 * `basic_auth_handler`, the web UI in Chromium, and a real Prometheus scraping over TLS
 * with `basic_auth` (and a client certificate) until the alert `data_file_num > 7` fires.
 *
 * Gateway A: TLS, basic auth, expofmt's roles (pusher pushes, prometheus reads, admin
 * both) and open health endpoints. Gateway B: the same users, and client certificates
 * required (`RequireAndVerifyClientCert`).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connect } from 'node:tls';
import bcrypt from 'bcryptjs';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCerts, makeCerts } from './tls-certs.js';
import {
  CHROMIUM,
  HOOK_TIMEOUT_MS,
  PYTHON,
  type ChildServer,
  freePort,
  get,
  repoRoot,
  requireBuiltCli,
  requireProgram,
  requirePythonClient,
  waitFor,
  startPrometheus,
} from './support.js';
import { PROMETHEUS_RULES } from './walkthrough.js';

const PUSH_PW = 'push-pw-7f3a';
const ADMIN_PW = 'admin-pw-55e0';
const SCRAPE_PW = 'scrape-pw-91c2';
const POLL_MS = 60_000;

interface CurlResult {
  /** curl's exit code: 0, or why no HTTP answer came (7 refused, 35/56 TLS, 52 empty reply, 60 untrusted). */
  exit: number;
  status: number;
  headers: string;
  body: string;
  stderr: string;
}

/** Runs curl (no shell); never rejects: a failed transfer is its exit code. */
function curl(args: string[], stdin?: string): Promise<CurlResult> {
  return new Promise((done) => {
    const child = execFile('curl', ['-sS', '-i', '--max-time', '10', ...args], { timeout: 15_000 }, (error, stdout, stderr) => {
      const exit = error === null ? 0 : typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code as number) : -1;
      const split = stdout.indexOf('\r\n\r\n');
      const headers = split < 0 ? stdout : stdout.slice(0, split);
      const body = split < 0 ? '' : stdout.slice(split + 4);
      const status = Number(/^HTTP\/[\d.]+ (\d+)/.exec(headers)?.[1] ?? 0);
      done({ exit, status, headers, body, stderr });
    });
    if (stdin !== undefined) child.stdin!.end(stdin);
    else child.stdin!.end();
  });
}

interface Gateway {
  url: string;
  port: number;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** The built CLI with a web config; ready once `/-/healthy` answers 200 over TLS. */
async function startTlsGateway(webConfig: string, readyArgs: string[]): Promise<Gateway> {
  requireBuiltCli();
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/expofmt.js', 'serve', `--web.listen-address=127.0.0.1:${port}`, `--web.config.file=${webConfig}`], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  let exited = false;
  const exit = new Promise<void>((r) =>
    child.on('exit', () => {
      exited = true;
      r();
    }),
  );
  const url = `https://127.0.0.1:${port}`;
  const gateway: Gateway = {
    url,
    port,
    child,
    output: () => out,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    },
  };
  try {
    await waitFor(`the gateway on ${url}`, 20_000, async () => {
      if (exited) throw new Error(`exited:\n${out}`);
      const r = await curl([...readyArgs, `${url}/-/healthy`]);
      return r.status === 200 ? true : undefined;
    });
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\noutput:\n${out}`);
  }
  return gateway;
}

/** The subject CN of the certificate the server shows to a new connection. */
function serverCertName(port: number, ca: string): Promise<string> {
  return new Promise((done, fail) => {
    const socket = connect({ host: '127.0.0.1', port, ca, servername: 'localhost' }, () => {
      const cn = socket.getPeerCertificate().subject.CN;
      socket.end();
      done(Array.isArray(cn) ? cn.join(',') : String(cn));
    });
    socket.on('error', fail);
  });
}

describe('expofmt serve over TLS with basic authentication', () => {
  let dir: string;
  let certs: TestCerts;
  let a: Gateway;
  let b: Gateway;
  let caPem: string;
  const pusher = () => ['--cacert', certs.ca, '-u', `pusher:${PUSH_PW}`];
  const reader = () => ['--cacert', certs.ca, '-u', `prometheus:${SCRAPE_PW}`];
  const clientCert = () => ['--cert', certs.clientCert, '--key', certs.clientKey];

  beforeAll(async () => {
    requireProgram('curl');
    dir = mkdtempSync(join(tmpdir(), 'expofmt-e2e-tls-'));
    certs = makeCerts(dir);
    caPem = readFileSync(certs.ca, 'utf8');
    // The gateway serves copies, so that rotation can overwrite them.
    copyFileSync(certs.serverCert, join(dir, 'live.crt'));
    copyFileSync(certs.serverKey, join(dir, 'live.key'));
    const users = `basic_auth_users:
  pusher: ${bcrypt.hashSync(PUSH_PW, 10)}
  prometheus: ${bcrypt.hashSync(SCRAPE_PW, 10)}
  admin: ${bcrypt.hashSync(ADMIN_PW, 10)}
`;
    writeFileSync(
      join(dir, 'web-a.yml'),
      `tls_server_config:
  cert_file: live.crt
  key_file: live.key
http_server_config:
  headers:
    Strict-Transport-Security: max-age=31536000
${users}expofmt:
  push_users: [pusher, admin]
  read_users: [prometheus, admin]
  open_health_endpoints: true
`,
    );
    writeFileSync(
      join(dir, 'web-b.yml'),
      `tls_server_config:
  cert_file: server.crt
  key_file: server.key
  client_auth_type: RequireAndVerifyClientCert
  client_ca_file: ca.crt
${users}`,
    );
    a = await startTlsGateway(join(dir, 'web-a.yml'), ['--cacert', certs.ca]);
    b = await startTlsGateway(join(dir, 'web-b.yml'), [...reader(), ...clientCert()]);
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, HOOK_TIMEOUT_MS);

  it('with the CA and the right password a push answers 200 and the scrape has it', async () => {
    const push = await curl([...pusher(), '--data-binary', '@-', `${a.url}/metrics/job/tls_job/instance/i1`], 'tls_metric{kind="a"} 42\n');
    expect([push.exit, push.status, push.body]).toEqual([0, 200, '']);
    const scrape = await curl([...reader(), `${a.url}/metrics`]);
    expect(scrape.status).toBe(200);
    expect(scrape.body).toContain('tls_metric{instance="i1",job="tls_job",kind="a"} 42\n');
    // The file's header is on every reply.
    expect(scrape.headers).toMatch(/^Strict-Transport-Security: max-age=31536000\r?$/m);
  });

  it('a wrong or missing password gets 401 with WWW-Authenticate, nothing is stored, and the log has no password', async () => {
    const wrong = await curl(
      ['--cacert', certs.ca, '-u', 'pusher:not-the-password', '--data-binary', '@-', `${a.url}/metrics/job/intruder`],
      'intruder_metric 1\n',
    );
    expect([wrong.exit, wrong.status, wrong.body]).toEqual([0, 401, 'Unauthorized\n']);
    expect(wrong.headers).toMatch(/^WWW-Authenticate: Basic\r?$/m);
    const none = await curl(['--cacert', certs.ca, `${a.url}/metrics`]);
    expect([none.status, none.body]).toEqual([401, 'Unauthorized\n']);
    const unknown = await curl(['--cacert', certs.ca, '-u', `mallory:${PUSH_PW}`, `${a.url}/metrics`]);
    expect(unknown.status).toBe(401);
    const scrape = await curl([...reader(), `${a.url}/metrics`]);
    expect(scrape.status).toBe(200);
    expect(scrape.body).not.toContain('intruder');
    const status = await curl([...reader(), `${a.url}/api/v1/metrics`]);
    expect(JSON.parse(status.body).data.map((g: { labels: Record<string, string> }) => g.labels.job)).not.toContain('intruder');
    expect(a.output()).toMatch(
      /level=warn msg="authentication failed" method=POST path=\/metrics\/job\/intruder user=pusher remote=127\.0\.0\.1 reason="wrong password"/,
    );
    expect(a.output()).toMatch(/msg="authentication failed" method=GET path=\/metrics user=mallory remote=127\.0\.0\.1 reason="unknown user"/);
    expect(a.output()).not.toContain('not-the-password');
    expect(a.output()).not.toContain(PUSH_PW);
  });

  it("expofmt's roles: the reader cannot push (403), the pusher cannot read (403); health is open", async () => {
    const push = await curl([...reader(), '--data-binary', '@-', `${a.url}/metrics/job/reader_push`], 'x 1\n');
    expect([push.status, push.body]).toEqual([403, 'Forbidden\n']);
    const read = await curl([...pusher(), `${a.url}/metrics`]);
    expect([read.status, read.body]).toEqual([403, 'Forbidden\n']);
    const del = await curl([...reader(), '-X', 'DELETE', `${a.url}/metrics/job/tls_job/instance/i1`]);
    expect(del.status).toBe(403);
    for (const path of ['/-/healthy', '/-/ready']) {
      const health = await curl(['--cacert', certs.ca, `${a.url}${path}`]);
      expect([path, health.status]).toEqual([path, 200]);
    }
    // Only health is open: the UI is not.
    expect((await curl(['--cacert', certs.ca, `${a.url}/`])).status).toBe(401);
  });

  it('plain HTTP and an untrusted certificate are refused', async () => {
    const plain = await curl(['-u', `pusher:${PUSH_PW}`, `http://127.0.0.1:${a.port}/metrics`]);
    expect(plain.status).toBe(0);
    expect([52, 56]).toContain(plain.exit);
    const noCa = await curl(['-u', `prometheus:${SCRAPE_PW}`, `${a.url}/metrics`]);
    expect([noCa.exit, noCa.status]).toEqual([60, 0]);
  });

  it('the UI and the API send nosniff and a CSP with frame-ancestors none', async () => {
    for (const path of ['/', '/status', '/api/v1/status', '/api/v1/metrics']) {
      const res = await curl([...reader(), `${a.url}${path}`]);
      expect([path, res.status]).toEqual([path, 200]);
      expect(res.headers).toMatch(/^X-Content-Type-Options: nosniff\r?$/m);
      expect(res.headers).toMatch(/^Content-Security-Policy: [^\r\n]*frame-ancestors 'none'/m);
    }
  });

  it('Python push_to_gateway pushes over TLS with a basic_auth_handler', async () => {
    requirePythonClient();
    const script = `
import sys
from prometheus_client import CollectorRegistry, Gauge, push_to_gateway
from prometheus_client.exposition import basic_auth_handler

def handler(url, method, timeout, headers, data):
    return basic_auth_handler(url, method, timeout, headers, data, 'pusher', sys.argv[2])

registry = CollectorRegistry()
Gauge('py_tls_last_success', 'Last success.', registry=registry).set(1700000000)
push_to_gateway(sys.argv[1], job='py_tls', registry=registry, handler=handler)
print('pushed')
`;
    const out = await new Promise<string>((done, fail) =>
      execFile(PYTHON, ['-c', script, a.url, PUSH_PW], { env: { ...process.env, SSL_CERT_FILE: certs.ca }, timeout: 20_000 }, (error, stdout, stderr) =>
        error ? fail(new Error(`${error.message}\n${stderr}`)) : done(stdout),
      ),
    );
    expect(out).toBe('pushed\n');
    const scrape = await curl([...reader(), `${a.url}/metrics`]);
    expect(scrape.body).toContain('py_tls_last_success{instance="",job="py_tls"} 1.7e+09\n');
  });

  it('the web UI works in Chromium over TLS with basic auth: no CSP violation, Delete Group deletes', async () => {
    requireProgram(CHROMIUM);
    const push = await curl([...pusher(), '--data-binary', '@-', `${a.url}/metrics/job/ui_job`], 'ui_metric 1\n');
    expect(push.status).toBe(200);
    const profile = mkdtempSync(join(tmpdir(), 'expofmt-e2e-tls-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
      timeout: 30_000,
      // The test CA is not in Chromium's store; the certificate itself is checked by the curl tests.
      ignoreHTTPSErrors: true,
      httpCredentials: { username: 'admin', password: ADMIN_PW },
    });
    try {
      const page = await context.newPage();
      const console_: string[] = [];
      page.on('console', (m) => console_.push(`${m.type()}: ${m.text()}`));
      page.on('dialog', (d) => void d.accept());
      await page.goto(`${a.url}/`, { timeout: 15_000 });
      const card = page.locator('details.group', { hasText: 'job="ui_job"' });
      expect(await card.count()).toBe(1);
      await Promise.all([page.waitForEvent('load', { timeout: 15_000 }), card.locator('button', { hasText: 'Delete Group' }).click()]);
      expect(await page.locator('details.group', { hasText: 'job="ui_job"' }).count()).toBe(0);
      await page.goto(`${a.url}/status`, { timeout: 15_000 });
      expect(await page.title()).toBe('Prometheus Pushgateway - Status');
      expect(console_.filter((m) => /Content.Security.Policy|Refused to/i.test(m))).toEqual([]);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
    const scrape = await curl([...reader(), `${a.url}/metrics`]);
    expect(scrape.body).not.toContain('ui_metric');
  });

  it('a rotated certificate is served to the next connection without a restart', async () => {
    expect(await serverCertName(a.port, caPem)).toBe('expofmt test server');
    copyFileSync(certs.rotatedKey, join(dir, 'live.key'));
    copyFileSync(certs.rotatedCert, join(dir, 'live.crt'));
    expect(await serverCertName(a.port, caPem)).toBe('rotated');
    const scrape = await curl([...reader(), `${a.url}/metrics`]);
    expect(scrape.status).toBe(200);
    expect(a.output()).toContain('msg="web config reloaded"');
  });

  it('RequireAndVerifyClientCert: no certificate or a stranger one is refused, the CA-signed one works', async () => {
    const without = await curl([...reader(), `${b.url}/metrics`]);
    expect(without.status).toBe(0);
    expect(without.exit).not.toBe(0);
    const stranger = await curl([...reader(), '--cert', certs.strangerCert, '--key', certs.strangerKey, `${b.url}/metrics`]);
    expect(stranger.status).toBe(0);
    expect(stranger.exit).not.toBe(0);
    const push = await curl([...pusher(), ...clientCert(), '--data-binary', '@-', `${b.url}/metrics/job/mtls`], 'mtls_metric 7\n');
    expect([push.exit, push.status]).toEqual([0, 200]);
    const scrape = await curl([...reader(), ...clientCert(), `${b.url}/metrics`]);
    expect(scrape.body).toContain('mtls_metric{instance="",job="mtls"} 7\n');
    // The certificate is not a password: basic auth is still asked.
    const noPassword = await curl(['--cacert', certs.ca, ...clientCert(), `${b.url}/metrics`]);
    expect(noPassword.status).toBe(401);
  });

  describe('a real Prometheus scraping through TLS and basic auth', () => {
    let prom: ChildServer | undefined;
    beforeAll(async () => {
      requireProgram('prometheus');
      const promDir = join(dir, 'prom');
      mkdirSync(join(promDir, 'data'), { recursive: true });
      writeFileSync(join(promDir, 'rules.yml'), PROMETHEUS_RULES);
      writeFileSync(
        join(promDir, 'prometheus.yml'),
        `global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - rules.yml
scrape_configs:
  - job_name: pushgateway
    honor_labels: true
    scheme: https
    tls_config:
      ca_file: ${certs.ca}
    basic_auth:
      username: prometheus
      password: ${SCRAPE_PW}
    static_configs:
      - targets: ['127.0.0.1:${a.port}']
  - job_name: pushgateway-mtls
    scheme: https
    tls_config:
      ca_file: ${certs.ca}
      cert_file: ${certs.clientCert}
      key_file: ${certs.clientKey}
    basic_auth:
      username: prometheus
      password: ${SCRAPE_PW}
    static_configs:
      - targets: ['127.0.0.1:${b.port}']
`,
      );
      prom = await startPrometheus(promDir);
    }, HOOK_TIMEOUT_MS);
    afterAll(async () => {
      await prom?.stop();
    }, HOOK_TIMEOUT_MS);

    it('the pushed data_file_num 8 reaches Prometheus and the alert fires; both targets are up', { timeout: 2 * POLL_MS + 30_000 }, async () => {
      const body = '# HELP data_file_num Number of files waiting in the data directory.\n# TYPE data_file_num gauge\ndata_file_num 8\n';
      const push = await curl([...pusher(), '--data-binary', '@-', `${a.url}/metrics/job/cron_job/instance/some_host`], body);
      expect(push.status).toBe(200);
      const api = async <T>(path: string): Promise<T> => {
        const res = await get(`${prom!.url}${path}`);
        const json = (await res.json()) as { status: string; data: T };
        if (json.status !== 'success') throw new Error(`${path}: ${JSON.stringify(json)}`);
        return json.data;
      };
      type Alerts = { alerts: Array<{ labels: Record<string, string>; state: string; value: string }> };
      const alerts = await waitFor('the alert DataFileNumHigh to fire', POLL_MS, async () => {
        const data = await api<Alerts>('/api/v1/alerts');
        return data.alerts.some((x) => x.state === 'firing') ? data : undefined;
      });
      expect(alerts.alerts.map((x) => [x.labels, x.state, Number(x.value)])).toEqual([
        [{ alertname: 'DataFileNumHigh', job: 'cron_job', instance: 'some_host' }, 'firing', 8],
      ]);
      type Targets = { activeTargets: Array<{ labels: { job: string }; health: string; lastError: string; scrapeUrl: string }> };
      const targets = await waitFor('both targets up', POLL_MS, async () => {
        const data = await api<Targets>('/api/v1/targets');
        return data.activeTargets.length === 2 && data.activeTargets.every((t) => t.health === 'up') ? data : undefined;
      });
      expect(targets.activeTargets.map((t) => [t.labels.job, t.scrapeUrl, t.lastError]).sort()).toEqual([
        ['pushgateway', `${a.url}/metrics`, ''],
        ['pushgateway-mtls', `${b.url}/metrics`, ''],
      ]);
    });
  });

  it('a bad web config stops the start with exit 1, naming the field', async () => {
    requireBuiltCli();
    const bad = join(dir, 'bad.yml');
    writeFileSync(bad, 'tls_server_config:\n  cert_file: live.crt\n  key_file: live.key\n  client_auth_typo: RequireAndVerifyClientCert\n');
    const result = await new Promise<{ code: number | null; stderr: string }>((done) =>
      execFile(
        process.execPath,
        [resolve(repoRoot, 'bin/expofmt.js'), 'serve', '--web.listen-address=127.0.0.1:0', `--web.config.file=${bad}`],
        { timeout: 20_000 },
        (error, _out, stderr) => done({ code: error === null ? 0 : ((error as { code?: number }).code ?? null), stderr }),
      ),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`web config ${bad}:4:3: tls_server_config.client_auth_typo: unknown field in tls_server_config (known: cert, key,`);
  });
});
