/**
 * The web configuration file (`--web.config.file`): the exporter toolkit's examples are
 * accepted with the toolkit's defaults, the toolkit's invalid files are refused with an
 * error naming the place and the field, the TLS files are checked at start, and the
 * authentication pieces (basic auth and its cache, expofmt's roles, the rate limit) do what
 * the README says.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagsUsage, parseFlags } from '../../src/gateway/config/flags.js';
import { admit } from '../../src/gateway/web-config/access.js';
import { BasicAuth, parseBasicAuth } from '../../src/gateway/web-config/basic-auth.js';
import { RateLimiter } from '../../src/gateway/web-config/rate-limiter.js';
import { tlsSetup } from '../../src/gateway/web-config/tls-context.js';
import { WebConfigError } from '../../src/gateway/web-config/web-config-error.js';
import { type WebConfig, parseWebConfig, readWebConfig } from '../../src/gateway/web-config/web-config.js';
import { type TestCerts, makeCerts } from '../e2e/tls-certs.js';

const FILE = '/etc/expofmt/web.yml';
const parse = (text: string) => parseWebConfig(text, FILE);
const errorOf = (text: string): string => {
  try {
    parse(text);
  } catch (error) {
    expect(error).toBeInstanceOf(WebConfigError);
    return (error as Error).message;
  }
  throw new Error('no error');
};
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('the toolkit examples are accepted', () => {
  it('the documentation sample: TLS files relative to the config file, users, defaults', () => {
    const config = parse(`# TLS and basic authentication configuration example.
tls_server_config:
  cert_file: server.crt
  key_file: server.key

basic_auth_users:
  alice: $2y$10$mDwo.lAisC94iLAyP81MCesa29IzH37oigHC/42V2pdJlUprsJPze
  bob: $2y$10$hLqFl9jSjoAAy95Z/zw8Ye8wkdMBM8c5Bn1ptYqP/AXyV0.oy0S8m

rate_limit:
  interval: "1s"
  burst: 20
`);
    expect(config.tls).toEqual({
      cert: '',
      key: '',
      clientCa: '',
      certFile: '/etc/expofmt/server.crt',
      keyFile: '/etc/expofmt/server.key',
      clientCaFile: '',
      clientAuthType: 'NoClientCert',
      cipherSuites: [],
      curvePreferences: [],
      minVersion: 'TLS12',
      maxVersion: 'TLS13',
      preferServerCipherSuites: true,
      clientAllowedSans: undefined,
    });
    expect([...config.users]).toEqual([
      ['alice', '$2y$10$mDwo.lAisC94iLAyP81MCesa29IzH37oigHC/42V2pdJlUprsJPze'],
      ['bob', '$2y$10$hLqFl9jSjoAAy95Z/zw8Ye8wkdMBM8c5Bn1ptYqP/AXyV0.oy0S8m'],
    ]);
    expect(config.rateLimit).toEqual({ intervalMs: 1000, burst: 20 });
    expect(config.http2).toBe(true);
    expect(config.headers).toEqual({});
    expect(config.access).toEqual({ pushUsers: undefined, readUsers: undefined, openHealthEndpoints: false });
  });

  it('rate_limit with interval 0 (or none) is no limit, as in the toolkit', () => {
    expect(parse('rate_limit:\n  interval: 0s\n  burst: 5\n').rateLimit).toBeUndefined();
    expect(parse('rate_limit:\n  burst: 5\n').rateLimit).toBeUndefined();
    expect(parse('rate_limit:\n  interval: 250ms\n').rateLimit).toEqual({ intervalMs: 250, burst: 0 });
  });

  it('an empty file: plain HTTP, no users', () => {
    for (const text of ['', '# nothing\n', '{}\n']) {
      const config = parse(text);
      expect(config.tls).toBeUndefined();
      expect(config.users.size).toBe(0);
      expect(config.rateLimit).toBeUndefined();
    }
  });

  it('every cipher suite name of Go, TLS 1.3 ones accepted and left to OpenSSL as Go does', () => {
    const config = parse(`tls_server_config:
  cert_file: "server.crt"
  key_file: "server.key"
  client_auth_type: "VerifyClientCertIfGiven"
  cipher_suites:
  - TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
  - TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
  - TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
  - TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
  - TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
  - TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
  - TLS_AES_128_GCM_SHA256
  - TLS_AES_256_GCM_SHA384
  - TLS_CHACHA20_POLY1305_SHA256
  - TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA
  - TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA
  - TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
  - TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA
`);
    expect(config.tls?.clientAuthType).toBe('VerifyClientCertIfGiven');
    expect(config.tls?.cipherSuites).toEqual([
      'ECDHE-ECDSA-AES128-GCM-SHA256',
      'ECDHE-ECDSA-AES256-GCM-SHA384',
      'ECDHE-RSA-AES128-GCM-SHA256',
      'ECDHE-RSA-AES256-GCM-SHA384',
      'ECDHE-ECDSA-CHACHA20-POLY1305',
      'ECDHE-RSA-CHACHA20-POLY1305',
      'ECDHE-ECDSA-AES128-SHA',
      'ECDHE-ECDSA-AES256-SHA',
      'ECDHE-RSA-AES128-SHA',
      'ECDHE-RSA-AES256-SHA',
    ]);
  });

  it('every curve, versions, the old RequireClientCert alias, allowed SANs, headers, http2', () => {
    const config = parse(`tls_server_config:
  cert_file: "server.crt"
  key_file: "server.key"
  client_auth_type: "RequireClientCert"
  client_ca_file: /etc/ssl/ca.pem
  client_allowed_sans: ["one", "test3"]
  curve_preferences: [CurveP256, CurveP384, CurveP521, X25519]
  min_version: TLS12
  max_version: TLS12
  prefer_server_cipher_suites: false
http_server_config:
  http2: false
  headers:
    X-Frame-Options: deny
    Strict-Transport-Security: max-age=31536000; includeSubDomains
    X-Content-Type-Options: nosniff
    X-XSS-Protection: "1"
    Content-Security-Policy: "default-src 'self' *.test.example.net"
`);
    expect(config.tls).toMatchObject({
      clientAuthType: 'RequireAnyClientCert',
      clientCaFile: '/etc/ssl/ca.pem',
      clientAllowedSans: ['one', 'test3'],
      curvePreferences: ['P-256', 'P-384', 'P-521', 'X25519'],
      minVersion: 'TLS12',
      maxVersion: 'TLS12',
      preferServerCipherSuites: false,
    });
    expect(config.http2).toBe(false);
    expect(config.headers).toEqual({
      'X-Frame-Options': 'deny',
      'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
      'X-Content-Type-Options': 'nosniff',
      'X-XSS-Protection': '1',
      'Content-Security-Policy': "default-src 'self' *.test.example.net",
    });
  });

  it('YAML aliases read as what they name', () => {
    const config = parse(
      'basic_auth_users:\n  alice: &h $2y$10$qRTBuFoULoYNA7AQ/F3ck.trZBPyjV64.oA4ZsSBCIWvXuvQlQTuu\n  bob: *h\nexpofmt:\n  push_users: &both [alice, bob]\n  read_users: *both\n',
    );
    expect(config.users.get('bob')).toBe('$2y$10$qRTBuFoULoYNA7AQ/F3ck.trZBPyjV64.oA4ZsSBCIWvXuvQlQTuu');
    expect(config.access.readUsers).toEqual(['alice', 'bob']);
  });

  it('inline certificate and key instead of files', () => {
    const config = parse('tls_server_config:\n  cert: |\n    -----BEGIN CERTIFICATE-----\n    AAAA\n  key: |\n    -----BEGIN PRIVATE KEY-----\n    BBBB\n');
    expect(config.tls).toMatchObject({ cert: '-----BEGIN CERTIFICATE-----\nAAAA\n', key: '-----BEGIN PRIVATE KEY-----\nBBBB\n', certFile: '', keyFile: '' });
  });

  it("docs/web-config.yml, the README's example, with expofmt's section", () => {
    const path = resolve(__dirname, '../../docs/web-config.yml');
    const config = readWebConfig(path);
    expect(config.tls).toMatchObject({ clientAuthType: 'RequireAndVerifyClientCert', clientCaFile: resolve(path, '../ca.crt') });
    expect([...config.users.keys()]).toEqual(['admin', 'pusher', 'prometheus']);
    expect(config.access).toEqual({ pushUsers: ['admin', 'pusher'], readUsers: ['admin', 'prometheus'], openHealthEndpoints: true });
  });
});

describe('invalid files are refused with the place and the field', () => {
  const cases: Array<[string, string, string]> = [
    ['junk', 'hWkNKCp3fvIx3jKnsaBI\nTuEjdwNS8A2vYdFbiKqr\n', "1:1: expected a mapping, found the string 'hWkNKCp3fvIx3jKnsaBI TuEjdwNS8A2vYdFbiKq…'"],
    [
      'a misspelt field',
      'tls_server_config:\n  cert_filse: "server.crt"\n',
      '2:3: tls_server_config.cert_filse: unknown field in tls_server_config (known: cert, key, client_ca, cert_file, key_file, client_auth_type, client_ca_file, cipher_suites, curve_preferences, min_version, max_version, prefer_server_cipher_suites, client_allowed_sans)',
    ],
    [
      'an unknown top-level field',
      'basic_auth:\n  a: b\n',
      '1:1: basic_auth: unknown field (known: tls_server_config, http_server_config, basic_auth_users, rate_limit, expofmt)',
    ],
    ['an empty cert_file', 'tls_server_config:\n  cert_file: ""\n  key_file: "server.key"\n', '1:1: tls_server_config: missing one of cert or cert_file'],
    ['an empty inline cert', 'tls_server_config:\n  cert: ""\n  key_file: "server.key"\n', '1:1: tls_server_config: missing one of cert or cert_file'],
    ['an empty key_file', 'tls_server_config:\n  cert_file: "server.crt"\n  key_file: ""\n', '1:1: tls_server_config: missing one of key or key_file'],
    [
      'a client CA without a policy',
      'tls_server_config:\n  cert_file: "server.crt"\n  key_file: "server.key"\n  client_ca_file: "/dev/null"\n',
      "1:1: tls_server_config: client CA's have been configured without a Client Auth Policy (set client_auth_type, e.g. RequireAndVerifyClientCert)",
    ],
    [
      'an unknown TLS version',
      'tls_server_config:\n  cert_file: "server.crt"\n  key_file: "server.key"\n  min_version: TLS111\n',
      "4:16: tls_server_config.min_version: unknown TLS version 'TLS111' (one of: TLS10, TLS11, TLS12, TLS13)",
    ],
    [
      'min above max',
      'tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: TLS13\n  max_version: TLS12\n',
      '4:16: tls_server_config.min_version: min_version TLS13 is above max_version TLS12',
    ],
    [
      'an invented cipher',
      'tls_server_config:\n  cert_file: a\n  key_file: b\n  cipher_suites:\n    - TLS_RSA_WITH_NOTHING\n',
      "5:7: tls_server_config.cipher_suites: unknown cipher 'TLS_RSA_WITH_NOTHING' (Go's tls.CipherSuites() names, e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)",
    ],
    [
      'an invented curve',
      'tls_server_config:\n  cert_file: a\n  key_file: b\n  curve_preferences:\n    - CurveP257\n',
      "5:7: tls_server_config.curve_preferences: unknown curve 'CurveP257' (one of: CurveP256, CurveP384, CurveP521, X25519)",
    ],
    [
      'an invalid client_auth_type',
      'tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: Sometimes\n',
      "4:21: tls_server_config.client_auth_type: invalid ClientAuth 'Sometimes' (one of: NoClientCert, RequestClientCert, RequireAnyClientCert, RequireClientCert, VerifyClientCertIfGiven, RequireAndVerifyClientCert)",
    ],
    [
      'a password instead of a hash (never echoed)',
      'basic_auth_users:\n  john: doe\n',
      `2:9: basic_auth_users.john: not a bcrypt hash (expected $2y$<cost>$ and 53 characters, e.g. from \`htpasswd -nBC 10 "" | tr -d ':\\n'\`)`,
    ],
    [
      'a header the toolkit does not allow',
      'http_server_config:\n  headers:\n    Content-Type: foo\n',
      '3:5: http_server_config.headers.Content-Type: HTTP header "Content-Type" can not be configured (one of: Strict-Transport-Security, X-Content-Type-Options, X-Frame-Options, X-XSS-Protection, Content-Security-Policy)',
    ],
    [
      'X-Content-Type-Options other than nosniff',
      'http_server_config:\n  headers:\n    X-Content-Type-Options: sniff\n',
      "3:29: http_server_config.headers.X-Content-Type-Options: invalid value for X-Content-Type-Options. Expected one of: nosniff, but got: 'sniff'",
    ],
    [
      'X-Frame-Options other than deny or sameorigin',
      'http_server_config:\n  headers:\n    X-Frame-Options: foo\n',
      "3:22: http_server_config.headers.X-Frame-Options: invalid value for X-Frame-Options. Expected one of: deny, sameorigin, but got: 'foo'",
    ],
    ['a duplicated user', 'basic_auth_users:\n  a: x\n  a: y\n', '3:3: not valid YAML: Map keys must be unique'],
    [
      'broken YAML',
      'tls_server_config:\n  cert_file: [a\n',
      '3:1: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ],
    ['a number for a path', 'tls_server_config:\n  cert_file: 12\n  key_file: b\n', '2:14: tls_server_config.cert_file: expected a string, found number 12'],
    ['a word for a boolean', 'http_server_config:\n  http2: maybe\n', "2:10: http_server_config.http2: expected true or false, found the string 'maybe'"],
    ['a bad duration', 'rate_limit:\n  interval: 1x\n  burst: 2\n', '2:13: rate_limit.interval: time: unknown unit "x" in duration "1x"'],
    ['a list at the top', '- a\n- b\n', '1:1: expected a mapping, found a list'],
    ['a negative burst', 'rate_limit:\n  interval: 1s\n  burst: -1\n', '3:10: rate_limit.burst: must be 0 or more, got -1'],
    [
      "a misspelt field of expofmt's section",
      'expofmt:\n  pushers: [b]\n',
      '2:3: expofmt.pushers: unknown field in expofmt (known: push_users, read_users, open_health_endpoints)',
    ],
    [
      'a role naming an unknown user',
      'basic_auth_users:\n  a: $2y$10$qRTBuFoULoYNA7AQ/F3ck.trZBPyjV64.oA4ZsSBCIWvXuvQlQTuu\nexpofmt:\n  push_users: [b]\n',
      "4:16: expofmt.push_users: user 'b' is not in basic_auth_users",
    ],
  ];
  it.each(cases)('%s', (_name, text, message) => {
    expect(errorOf(text)).toBe(`web config ${FILE}:${message}`);
  });

  it('a missing file', () => {
    expect(() => readWebConfig('/nonexistent/web.yml')).toThrow(
      new WebConfigError("web config /nonexistent/web.yml: cannot read it: ENOENT: no such file or directory, open '/nonexistent/web.yml'"),
    );
  });
});

describe('the TLS files are checked at start', () => {
  let dir: string;
  let certs: TestCerts;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'expofmt-web-config-'));
    certs = makeCerts(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const setup = (yaml: string) => {
    const path = join(dir, 'web.yml');
    writeFileSync(path, yaml);
    return tlsSetup(readWebConfig(path).tls!, path);
  };

  it('a good pair gives the secure context and the client policy', () => {
    const tls = setup(
      'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n  cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]\n  curve_preferences: [X25519, CurveP256]\n',
    );
    expect(tls.context).toEqual({
      cert: readFileSync(certs.serverCert, 'utf8'),
      key: readFileSync(certs.serverKey, 'utf8'),
      ca: readFileSync(certs.ca, 'utf8'),
      minVersion: 'TLSv1.2',
      maxVersion: 'TLSv1.3',
      honorCipherOrder: true,
      ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256',
      ecdhCurve: 'X25519:P-256',
    });
    expect([tls.requestCert, tls.rejectUnauthorized]).toEqual([true, true]);
    const request = setup('tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: VerifyClientCertIfGiven\n');
    expect([request.requestCert, request.rejectUnauthorized]).toEqual([true, false]);
  });

  it('a missing certificate file names the field and the file', () => {
    expect(() => setup('tls_server_config:\n  cert_file: nothere.crt\n  key_file: server.key\n')).toThrow(
      `tls_server_config.cert_file: failed to read ${join(dir, 'nothere.crt')}: ENOENT`,
    );
  });

  it('a key that does not belong to the certificate', () => {
    expect(() => setup('tls_server_config:\n  cert_file: server.crt\n  key_file: client.key\n')).toThrow(
      `web config ${join(dir, 'web.yml')}: tls_server_config: failed to load the certificate and key (cert_file ${join(dir, 'server.crt')} and key_file ${join(dir, 'client.key')}): `,
    );
  });

  it('a client CA file without a certificate', () => {
    expect(() =>
      setup('tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: web.yml\n'),
    ).toThrow(`tls_server_config.client_ca_file: no PEM certificate in client_ca_file ${join(dir, 'web.yml')}`);
  });
});

describe('basic authentication', () => {
  const hash = bcrypt.hashSync('right', 4);
  const users = new Map([['alice', hash]]);

  it("reads the header as Go's Request.BasicAuth does", () => {
    expect(parseBasicAuth(basic('alice', 'a:b'))).toEqual({ user: 'alice', password: 'a:b' });
    expect(parseBasicAuth(`bAsIc ${Buffer.from('u:').toString('base64')}`)).toEqual({ user: 'u', password: '' });
    expect(parseBasicAuth(undefined)).toBeUndefined();
    expect(parseBasicAuth('Bearer x')).toBeUndefined();
    expect(parseBasicAuth(`Basic ${Buffer.from('nocolon').toString('base64')}`)).toBeUndefined();
    expect(parseBasicAuth('Basic !!!!')).toBeUndefined();
  });

  it('right, wrong, unknown and missing credentials', async () => {
    const auth = new BasicAuth();
    expect(await auth.check(users, basic('alice', 'right'))).toEqual({ ok: true, user: 'alice' });
    expect(await auth.check(users, basic('alice', 'wrong'))).toEqual({ ok: false, reason: 'wrong password', user: 'alice' });
    expect(await auth.check(users, basic('bob', 'right'))).toEqual({ ok: false, reason: 'unknown user', user: 'bob' });
    expect(await auth.check(users, undefined)).toEqual({ ok: false, reason: 'no credentials' });
  });

  it('a scrape loop costs one bcrypt; a wrong password is never answered from the cache', async () => {
    const auth = new BasicAuth();
    for (let i = 0; i < 20; i++) expect((await auth.check(users, basic('alice', 'right'))).ok).toBe(true);
    expect(auth.bcryptRuns).toBe(1);
    expect((await auth.check(users, basic('alice', 'righT'))).ok).toBe(false);
    expect((await auth.check(users, basic('alice', 'right '))).ok).toBe(false);
    expect(auth.bcryptRuns).toBe(3);
    // Concurrent identical checks share one bcrypt.
    const many = await Promise.all(Array.from({ length: 10 }, () => auth.check(users, basic('alice', 'other'))));
    expect(many.every((r) => !r.ok)).toBe(true);
    expect(auth.bcryptRuns).toBe(4);
    // A new hash for the user (the file changed): the old password's cached success does not count.
    const changed = new Map([['alice', bcrypt.hashSync('new', 4)]]);
    expect((await auth.check(changed, basic('alice', 'right'))).ok).toBe(false);
    expect((await auth.check(changed, basic('alice', 'new'))).ok).toBe(true);
  });
});

describe("expofmt's roles and open health endpoints", () => {
  const hash = bcrypt.hashSync('pw', 4);
  const config = (extra: string): WebConfig => parse(`basic_auth_users:\n  admin: ${hash}\n  pusher: ${hash}\n  prometheus: ${hash}\nexpofmt:\n${extra}`);
  const auth = new BasicAuth();
  const ask = (cfg: WebConfig, method: string, path: string, user?: string) =>
    admit({ method, path, authorization: user === undefined ? undefined : basic(user, 'pw') }, cfg, auth, '/gw');

  it('without roles every user may do everything (the toolkit)', async () => {
    const cfg = config('  open_health_endpoints: false\n');
    expect(await ask(cfg, 'PUT', '/gw/metrics/job/x', 'prometheus')).toEqual({ allow: true, user: 'prometheus' });
    expect(await ask(cfg, 'GET', '/gw/-/healthy')).toEqual({ allow: false, status: 401, reason: 'no credentials', user: undefined });
  });

  it('push_users change, read_users read, others get 403', async () => {
    const cfg = config('  push_users: [admin, pusher]\n  read_users: [admin, prometheus]\n');
    expect(await ask(cfg, 'PUT', '/gw/metrics/job/x', 'pusher')).toEqual({ allow: true, user: 'pusher' });
    expect(await ask(cfg, 'DELETE', '/gw/metrics/job/x', 'admin')).toEqual({ allow: true, user: 'admin' });
    expect(await ask(cfg, 'POST', '/gw/metrics/job/x', 'prometheus')).toEqual({
      allow: false,
      status: 403,
      reason: 'not in expofmt.push_users',
      user: 'prometheus',
    });
    expect(await ask(cfg, 'PUT', '/gw/api/v1/admin/wipe', 'prometheus')).toMatchObject({ allow: false, status: 403 });
    expect(await ask(cfg, 'GET', '/gw/metrics', 'prometheus')).toEqual({ allow: true, user: 'prometheus' });
    expect(await ask(cfg, 'HEAD', '/gw/api/v1/metrics', 'admin')).toEqual({ allow: true, user: 'admin' });
    expect(await ask(cfg, 'GET', '/gw/metrics', 'pusher')).toEqual({ allow: false, status: 403, reason: 'not in expofmt.read_users', user: 'pusher' });
    // Roles come after authentication: a wrong password is 401 whatever the role.
    expect(await admit({ method: 'GET', path: '/gw/metrics', authorization: basic('prometheus', 'nope') }, cfg, auth, '/gw')).toMatchObject({
      allow: false,
      status: 401,
      reason: 'wrong password',
    });
  });

  it('open health endpoints: GET and HEAD of /-/healthy and /-/ready under the prefix only', async () => {
    const cfg = config('  open_health_endpoints: true\n');
    expect(await ask(cfg, 'GET', '/gw/-/healthy')).toEqual({ allow: true });
    expect(await ask(cfg, 'HEAD', '/gw/-/ready')).toEqual({ allow: true });
    expect(await ask(cfg, 'PUT', '/gw/-/ready')).toMatchObject({ allow: false, status: 401 });
    expect(await ask(cfg, 'GET', '/-/healthy')).toMatchObject({ allow: false, status: 401 });
    expect(await ask(cfg, 'GET', '/gw/-/quit')).toMatchObject({ allow: false, status: 401 });
    expect(await ask(cfg, 'GET', '/gw/metrics')).toMatchObject({ allow: false, status: 401 });
  });

  it('without users nothing is asked', async () => {
    expect(await admit({ method: 'PUT', path: '/x', authorization: undefined }, parse(''), auth, '')).toEqual({ allow: true });
  });
});

describe('the rate limit (a token bucket)', () => {
  it('a burst, then one per interval', () => {
    let now = 0;
    const limiter = new RateLimiter(1000, 3, () => now);
    expect([limiter.allow(), limiter.allow(), limiter.allow(), limiter.allow()]).toEqual([true, true, true, false]);
    now = 999;
    expect(limiter.allow()).toBe(false);
    now = 2000;
    // 0.999 tokens at 999 ms, 2 at 2000 ms.
    expect([limiter.allow(), limiter.allow(), limiter.allow()]).toEqual([true, true, false]);
    now = 100_000;
    expect([limiter.allow(), limiter.allow(), limiter.allow(), limiter.allow()]).toEqual([true, true, true, false]);
  });
});

describe('the flag and its help', () => {
  it('--web.config.file is read, empty by default, and serve --help documents the file', () => {
    const with_ = parseFlags(['--web.config.file=/etc/expofmt/web.yml']);
    const without = parseFlags([]);
    expect('config' in with_ && with_.config.webConfigFile).toBe('/etc/expofmt/web.yml');
    expect('config' in without && without.config.webConfigFile).toBe('');
    const help = flagsUsage();
    expect(help).toContain('  --web.config.file=VALUE\n      Path to configuration file that can enable TLS or authentication');
    for (const field of [
      'tls_server_config:',
      'cert_file, key_file',
      'client_auth_type',
      'RequireAndVerifyClientCert',
      'client_ca_file',
      'min_version, max_version',
      'cipher_suites',
      'curve_preferences',
      'prefer_server_cipher_suites',
      'http_server_config:',
      'headers',
      'basic_auth_users:',
      'rate_limit:',
      'push_users:',
      'read_users:',
      'open_health_endpoints: true',
      'docs/web-config.yml',
    ]) {
      expect(help).toContain(field);
    }
  });
});
