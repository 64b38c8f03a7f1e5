/**
 * The web configuration file of `--web.config.file`: the exporter toolkit's YAML
 * (docs/web-configuration.md) with the toolkit's fields, defaults and strictness (an
 * unknown field is an error), plus one section of our own, `expofmt:`, that the toolkit
 * would reject. Reading it only parses and checks the text; the files it names are read by
 * tls-context.ts. Every error names the file, line and column, and the field.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { CIPHER_SUITES, CLIENT_AUTH_TYPES, CONFIGURABLE_HEADERS, CURVES, type ClientAuthType, TLS_VERSIONS, TLS_VERSION_RANK } from './go-tls-names.js';
import { StrictYaml } from './strict-yaml.js';
import { WebConfigError } from './web-config-error.js';

export interface TlsServerConfig {
  /** Inline PEM, or '' when `cert_file` is used. */
  cert: string;
  key: string;
  clientCa: string;
  /** Paths, relative ones already joined to the config file's directory; '' when not given. */
  certFile: string;
  keyFile: string;
  clientCaFile: string;
  clientAuthType: ClientAuthType;
  /** OpenSSL names of the TLS <= 1.2 suites, in the file's order; empty for Node's defaults. */
  cipherSuites: string[];
  /** OpenSSL group names; empty for Node's defaults. */
  curvePreferences: string[];
  minVersion: string;
  maxVersion: string;
  preferServerCipherSuites: boolean;
  /** undefined: no SAN check. */
  clientAllowedSans: string[] | undefined;
}

/** expofmt's own section: who may do what, and which endpoints stay open. */
interface ExpofmtAccess {
  /** Users allowed to change (PUT, POST, DELETE, ...); undefined: every user of basic_auth_users. */
  pushUsers: string[] | undefined;
  /** Users allowed to read (GET, HEAD, OPTIONS); undefined: every user of basic_auth_users. */
  readUsers: string[] | undefined;
  /** GET/HEAD `/-/healthy` and `/-/ready` answer without credentials. */
  openHealthEndpoints: boolean;
}

export interface WebConfig {
  /** The file it was read from. */
  path: string;
  /** undefined: plain HTTP (the toolkit's rule: no TLS field set). */
  tls: TlsServerConfig | undefined;
  http2: boolean;
  headers: Record<string, string>;
  /** User -> bcrypt hash; empty: no authentication. */
  users: Map<string, string>;
  /** undefined: no rate limit. */
  rateLimit: { intervalMs: number; burst: number } | undefined;
  access: ExpofmtAccess;
}

/** Reads and checks `path` (does not read the certificate files it names). */
export function readWebConfig(path: string): WebConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new WebConfigError(`web config ${path}: cannot read it: ${(error as Error).message}`);
  }
  return parseWebConfig(text, path);
}

const TOP_FIELDS = ['tls_server_config', 'http_server_config', 'basic_auth_users', 'rate_limit', 'expofmt'];
const TLS_FIELDS = [
  'cert',
  'key',
  'client_ca',
  'cert_file',
  'key_file',
  'client_auth_type',
  'client_ca_file',
  'cipher_suites',
  'curve_preferences',
  'min_version',
  'max_version',
  'prefer_server_cipher_suites',
  'client_allowed_sans',
];
const HTTP_FIELDS = ['http2', 'headers'];
const RATE_LIMIT_FIELDS = ['interval', 'burst'];
const EXPOFMT_FIELDS = ['push_users', 'read_users', 'open_health_endpoints'];

/** A bcrypt hash as Go's `bcrypt.Cost` accepts it: `$2<minor>$<cost>$<53 chars>`. */
const BCRYPT = /^\$2[a-z]?\$(\d\d)\$[./A-Za-z0-9]{53}$/;

/** Parses and checks the text of a web configuration file read from `path`. */
export function parseWebConfig(text: string, path: string): WebConfig {
  const y = new StrictYaml(text, path);
  const fail = y.fail.bind(y);
  const fields = y.fields.bind(y);
  const str = y.str.bind(y);
  const bool = y.bool.bind(y);
  const list = y.list.bind(y);

  const top = fields(y.root, '', TOP_FIELDS);

  // tls_server_config
  const t = fields(top.get('tls_server_config')?.value, 'tls_server_config', TLS_FIELDS);
  const f = (name: string) => `tls_server_config.${name}`;
  const version = (name: string, def: string): string => {
    const pair = t.get(name);
    const value = str(pair, f(name));
    if (pair === undefined || value === '') return def;
    if (TLS_VERSIONS[value] === undefined) fail(pair.value, f(name), `unknown TLS version '${value}' (one of: ${Object.keys(TLS_VERSIONS).join(', ')})`);
    return value;
  };
  const clientAuthRaw = str(t.get('client_auth_type'), f('client_auth_type'));
  if (clientAuthRaw !== '' && !(CLIENT_AUTH_TYPES as readonly string[]).includes(clientAuthRaw)) {
    fail(t.get('client_auth_type')?.value, f('client_auth_type'), `invalid ClientAuth '${clientAuthRaw}' (one of: ${CLIENT_AUTH_TYPES.join(', ')})`);
  }
  const clientAuthType: ClientAuthType =
    clientAuthRaw === '' ? 'NoClientCert' : clientAuthRaw === 'RequireClientCert' ? 'RequireAnyClientCert' : (clientAuthRaw as ClientAuthType);
  const cipherSuites: string[] = [];
  for (const { value, node } of list(t.get('cipher_suites'), f('cipher_suites')) ?? []) {
    const openssl = CIPHER_SUITES[value];
    if (openssl === undefined)
      fail(node, f('cipher_suites'), `unknown cipher '${value}' (Go's tls.CipherSuites() names, e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)`);
    if (openssl) cipherSuites.push(openssl);
  }
  const curvePreferences: string[] = [];
  for (const { value, node } of list(t.get('curve_preferences'), f('curve_preferences')) ?? []) {
    const curve = CURVES[value];
    if (curve === undefined) fail(node, f('curve_preferences'), `unknown curve '${value}' (one of: ${Object.keys(CURVES).join(', ')})`);
    curvePreferences.push(curve);
  }
  const dir = dirname(path);
  const file = (name: string) => {
    const value = str(t.get(name), f(name));
    return value === '' || isAbsolute(value) ? value : join(dir, value);
  };
  const tlsValues = {
    cert: str(t.get('cert'), f('cert')),
    key: str(t.get('key'), f('key'), true),
    clientCa: str(t.get('client_ca'), f('client_ca')),
    certFile: file('cert_file'),
    keyFile: file('key_file'),
    clientCaFile: file('client_ca_file'),
    clientAuthType,
    cipherSuites,
    curvePreferences,
    minVersion: version('min_version', 'TLS12'),
    maxVersion: version('max_version', 'TLS13'),
    preferServerCipherSuites: bool(t.get('prefer_server_cipher_suites'), f('prefer_server_cipher_suites'), true),
    clientAllowedSans: list(t.get('client_allowed_sans'), f('client_allowed_sans'))?.map((s) => s.value),
  };
  const tlsNode = top.get('tls_server_config')?.key;
  // The toolkit's rule: TLS is on when any of these is set; then a certificate and a key are required.
  const tlsEnabled =
    tlsValues.cert !== '' ||
    tlsValues.key !== '' ||
    tlsValues.certFile !== '' ||
    tlsValues.keyFile !== '' ||
    tlsValues.clientCa !== '' ||
    tlsValues.clientCaFile !== '' ||
    clientAuthRaw !== '';
  let tls: TlsServerConfig | undefined;
  if (tlsEnabled) {
    if (tlsValues.cert === '' && tlsValues.certFile === '') fail(tlsNode, 'tls_server_config', 'missing one of cert or cert_file');
    if (tlsValues.key === '' && tlsValues.keyFile === '') fail(tlsNode, 'tls_server_config', 'missing one of key or key_file');
    if (tlsValues.cert !== '' && tlsValues.certFile !== '') fail(t.get('cert')?.key, f('cert'), 'give cert or cert_file, not both');
    if (tlsValues.key !== '' && tlsValues.keyFile !== '') fail(t.get('key')?.key, f('key'), 'give key or key_file, not both');
    if (tlsValues.clientCa !== '' && tlsValues.clientCaFile !== '') fail(t.get('client_ca')?.key, f('client_ca'), 'give client_ca or client_ca_file, not both');
    if ((tlsValues.clientCa !== '' || tlsValues.clientCaFile !== '') && clientAuthType === 'NoClientCert') {
      fail(
        tlsNode,
        'tls_server_config',
        "client CA's have been configured without a Client Auth Policy (set client_auth_type, e.g. RequireAndVerifyClientCert)",
      );
    }
    if (TLS_VERSION_RANK[tlsValues.minVersion] > TLS_VERSION_RANK[tlsValues.maxVersion]) {
      fail(t.get('min_version')?.value ?? tlsNode, f('min_version'), `min_version ${tlsValues.minVersion} is above max_version ${tlsValues.maxVersion}`);
    }
    tls = tlsValues;
  }

  // http_server_config
  const h = fields(top.get('http_server_config')?.value, 'http_server_config', HTTP_FIELDS);
  const http2 = bool(h.get('http2'), 'http_server_config.http2', true);
  const headers: Record<string, string> = {};
  for (const [name, pair] of fields(h.get('headers')?.value, 'http_server_config.headers', undefined)) {
    const field = `http_server_config.headers.${name}`;
    const allowed = CONFIGURABLE_HEADERS[name];
    if (allowed === undefined) fail(pair.key, field, `HTTP header "${name}" can not be configured (one of: ${Object.keys(CONFIGURABLE_HEADERS).join(', ')})`);
    const value = str(pair, field);
    if (allowed.length > 0 && !allowed.includes(value))
      fail(pair.value, field, `invalid value for ${name}. Expected one of: ${allowed.join(', ')}, but got: '${value}'`);
    // The toolkit: "Unset if blank".
    if (value !== '') headers[name] = value;
  }

  // basic_auth_users
  const users = new Map<string, string>();
  for (const [name, pair] of fields(top.get('basic_auth_users')?.value, 'basic_auth_users', undefined)) {
    const field = `basic_auth_users.${name}`;
    const hash = str(pair, field, true);
    const m = BCRYPT.exec(hash);
    if (m === null)
      fail(pair.value ?? pair.key, field, 'not a bcrypt hash (expected $2y$<cost>$ and 53 characters, e.g. from `htpasswd -nBC 10 "" | tr -d \':\\n\'`)');
    const cost = Number(m![1]);
    if (cost < 4 || cost > 31) fail(pair.value, field, `bcrypt cost ${cost} is outside 4..31`);
    users.set(name, hash);
  }

  // rate_limit
  const r = fields(top.get('rate_limit')?.value, 'rate_limit', RATE_LIMIT_FIELDS);
  const intervalMs = y.durationMs(r.get('interval'), 'rate_limit.interval');
  const burst = y.int(r.get('burst'), 'rate_limit.burst');
  if (burst < 0) fail(r.get('burst')?.value, 'rate_limit.burst', `must be 0 or more, got ${burst}`);
  // Go: an interval of 0 turns the limiter off, a negative one allows everything.
  const rateLimit = intervalMs > 0 ? { intervalMs, burst } : undefined;

  // expofmt: our own section
  const e = fields(top.get('expofmt')?.value, 'expofmt', EXPOFMT_FIELDS);
  const roleUsers = (name: string): string[] | undefined => {
    const entries = list(e.get(name), `expofmt.${name}`);
    if (entries === undefined) return undefined;
    for (const { value, node } of entries) {
      if (!users.has(value)) fail(node, `expofmt.${name}`, `user '${value}' is not in basic_auth_users`);
    }
    return entries.map((x) => x.value);
  };
  const access: ExpofmtAccess = {
    pushUsers: roleUsers('push_users'),
    readUsers: roleUsers('read_users'),
    openHealthEndpoints: bool(e.get('open_health_endpoints'), 'expofmt.open_health_endpoints', false),
  };
  if ((access.pushUsers !== undefined || access.readUsers !== undefined) && users.size === 0) {
    fail(top.get('expofmt')?.key, 'expofmt', 'push_users and read_users need basic_auth_users');
  }

  return { path, tls, http2, headers, users, rateLimit, access };
}
