/**
 * The gateway in-process behind `--web.config.file`, reached with Node's own TLS client on
 * fresh connections: the client-certificate policies Node does not enforce by itself
 * (VerifyClientCertIfGiven, RequireAnyClientCert, client_allowed_sans), changes to the file
 * picked up without a restart (and a broken change ignored), the file's headers and the
 * rate limit.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCerts, makeCerts } from '../e2e/tls-certs.js';
import { startTestGateway } from './helpers.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

interface Options {
  method?: string;
  body?: string;
  ca?: string;
  cert?: string;
  key?: string;
  auth?: string;
}

/** One request on a new connection; resolves to the answer or to the connection's error message. */
function call(url: string, path: string, options: Options = {}): Promise<Answer | string> {
  return new Promise((done) => {
    const u = new URL(path, url);
    const tls = u.protocol === 'https:';
    const init = {
      method: options.method ?? 'GET',
      agent: false as const,
      headers: options.auth === undefined ? {} : { Authorization: `Basic ${Buffer.from(options.auth).toString('base64')}` },
      ...(tls ? { ca: options.ca, cert: options.cert, key: options.key, servername: 'localhost' } : {}),
    };
    const req = (tls ? httpsRequest : httpRequest)(u, init, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', (e) => done(e.message));
    });
    req.on('error', (e) => done(e.message));
    req.end(options.body);
  });
}

describe('the web config in front of the gateway', () => {
  let dir: string;
  let certs: TestCerts;
  let pem: (file: string) => string;
  const webConfig = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const tlsLines = 'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'expofmt-web-server-'));
    certs = makeCerts(dir);
    pem = (file) => readFileSync(file, 'utf8');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('VerifyClientCertIfGiven: no certificate is fine, a CA-signed one too, a stranger one is refused', async () => {
    const file = webConfig('verify-if-given.yml', `${tlsLines}  client_auth_type: VerifyClientCertIfGiven\n  client_ca_file: ca.crt\n`);
    const gw = await startTestGateway([`--web.config.file=${file}`]);
    expect(gw.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = pem(certs.ca);
    expect(await call(gw.url, '/-/healthy', { ca })).toMatchObject({ status: 200 });
    expect(await call(gw.url, '/-/healthy', { ca, cert: pem(certs.clientCert), key: pem(certs.clientKey) })).toMatchObject({ status: 200 });
    expect(await call(gw.url, '/-/healthy', { ca, cert: pem(certs.strangerCert), key: pem(certs.strangerKey) })).toBeTypeOf('string');
    expect(gw.logs.join('')).toMatch(/msg="TLS client refused" remote=127\.0\.0\.1 reason="client certificate not verified: /);
  });

  it('RequireAnyClientCert: any certificate, verified or not; none is refused', async () => {
    const file = webConfig('require-any.yml', `${tlsLines}  client_auth_type: RequireAnyClientCert\n`);
    const gw = await startTestGateway([`--web.config.file=${file}`]);
    const ca = pem(certs.ca);
    expect(await call(gw.url, '/-/healthy', { ca })).toBeTypeOf('string');
    expect(await call(gw.url, '/-/healthy', { ca, cert: pem(certs.strangerCert), key: pem(certs.strangerKey) })).toMatchObject({ status: 200 });
    expect(gw.logs.join('')).toContain('msg="TLS client refused" remote=127.0.0.1 reason="no client certificate"');
  });

  it('client_allowed_sans, and a change of the file seen by the next connection', async () => {
    const head = `${tlsLines}  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n  client_allowed_sans: `;
    const file = webConfig('sans.yml', `${head}[other.example]\n`);
    const gw = await startTestGateway([`--web.config.file=${file}`]);
    const client = { ca: pem(certs.ca), cert: pem(certs.clientCert), key: pem(certs.clientKey) };
    expect(await call(gw.url, '/-/healthy', client)).toBeTypeOf('string');
    expect(gw.logs.join('')).toContain('reason="no allowed SAN in the client certificate (it has: pusher.example, spiffe://example/pusher)"');
    writeFileSync(file, `${head}["spiffe://example/pusher"]\n`);
    expect(await call(gw.url, '/-/healthy', client)).toMatchObject({ status: 200 });
    expect(gw.logs.join('')).toContain('msg="web config reloaded"');
  });

  it('users re-read when the file changes; a broken change keeps the last good file', async () => {
    const file = webConfig('users.yml', `basic_auth_users:\n  alice: ${bcrypt.hashSync('first', 4)}\n`);
    const gw = await startTestGateway([`--web.config.file=${file}`]);
    expect(gw.url).toMatch(/^http:\/\//);
    expect(await call(gw.url, '/metrics', { auth: 'alice:first' })).toMatchObject({ status: 200 });
    writeFileSync(file, `basic_auth_users:\n  alice: ${bcrypt.hashSync('second', 4)}\n  bob: ${bcrypt.hashSync('b', 4)}\n`);
    expect(await call(gw.url, '/metrics', { auth: 'alice:first' })).toMatchObject({ status: 401, body: 'Unauthorized\n' });
    expect(await call(gw.url, '/metrics', { auth: 'alice:second' })).toMatchObject({ status: 200 });
    writeFileSync(file, 'basic_auth_users:\n  alice: second\n');
    expect(await call(gw.url, '/metrics', { auth: 'alice:second' })).toMatchObject({ status: 200 });
    expect(await call(gw.url, '/metrics')).toMatchObject({ status: 401, headers: { 'www-authenticate': 'Basic' } });
    const logs = gw.logs.join('');
    expect(logs).toContain(
      `level=error msg="web config changed but cannot be used; keeping the previous one" err="web config ${file}:2:10: basic_auth_users.alice: not a bcrypt hash`,
    );
    expect(logs.match(/cannot be used/g)).toHaveLength(1);
  });

  it('what needs a restart is said in the log; TLS stays on, the rest of the change applies', async () => {
    const file = webConfig('restart.yml', tlsLines);
    const gw = await startTestGateway([`--web.config.file=${file}`]);
    const ca = pem(certs.ca);
    expect(await call(gw.url, '/metrics', { ca })).toMatchObject({ status: 200 });
    writeFileSync(file, `basic_auth_users:\n  alice: ${bcrypt.hashSync('pw', 4)}\n`);
    expect(await call(gw.url, '/metrics', { ca })).toMatchObject({ status: 401 });
    expect(await call(gw.url, '/metrics', { ca, auth: 'alice:pw' })).toMatchObject({ status: 200 });
    writeFileSync(file, `${tlsLines}  client_auth_type: RequireAnyClientCert\nbasic_auth_users:\n  alice: ${bcrypt.hashSync('pw', 4)}\n`);
    expect(await call(gw.url, '/metrics', { ca, auth: 'alice:pw' })).toBeTypeOf('string');
    const logs = gw.logs.join('');
    expect(logs).toContain('level=warn msg="web config changed in a way that takes effect only after a restart" what="TLS switched off"');
    expect(logs).toContain(
      'level=warn msg="web config changed in a way that takes effect only after a restart" what="client_auth_type NoClientCert -> RequireAnyClientCert (until then, a connection must pass both the old and the new rule)"',
    );
  });

  it("the file's headers on every reply; a route's own value wins, as in the toolkit", async () => {
    const file = webConfig('headers.yml', 'http_server_config:\n  headers:\n    Content-Security-Policy: "default-src \'self\'"\n    X-Frame-Options: deny\n');
    const gw = await startTestGateway([`--web.config.file=${file}`]);
    const scrape = (await call(gw.url, '/metrics')) as Answer;
    expect([scrape.headers['content-security-policy'], scrape.headers['x-frame-options']]).toEqual(["default-src 'self'", 'deny']);
    const ui = (await call(gw.url, '/')) as Answer;
    expect(ui.headers['x-frame-options']).toBe('deny');
    expect(ui.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-.*frame-ancestors 'none'$/);
  });

  it('rate_limit: the burst, then 429', async () => {
    const file = webConfig('rate.yml', 'rate_limit:\n  interval: 1h\n  burst: 2\n');
    const gw = await startTestGateway([`--web.config.file=${file}`]);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(((await call(gw.url, '/-/healthy')) as Answer).status);
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('a bad file fails the start with the field', async () => {
    const file = webConfig('bad.yml', `${tlsLines}  client_ca_file: ca.crt\n`);
    await expect(startTestGateway([`--web.config.file=${file}`])).rejects.toThrow(
      `web config ${file}:1:1: tls_server_config: client CA's have been configured without a Client Auth Policy`,
    );
  });
});
