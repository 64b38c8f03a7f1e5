/**
 * `tls_server_config` as Node's TLS options: the secure context (certificate, key, client
 * CA, versions, ciphers, curves), which can be swapped on a running server, and the
 * server-level client-certificate policy, which cannot. Go's `ClientAuthType`s that Node
 * has no switch for are finished after the handshake by `clientCertProblem`.
 */
import type { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { type SecureContextOptions, type TLSSocket, createSecureContext } from 'node:tls';
import { TLS_VERSIONS } from './go-tls-names.js';
import type { TlsServerConfig } from './web-config.js';
import { WebConfigError } from './web-config-error.js';

export interface TlsSetup {
  /** For `https.createServer` and `server.setSecureContext`. */
  context: SecureContextOptions;
  /** Server-level, fixed while the server runs. */
  requestCert: boolean;
  rejectUnauthorized: boolean;
}

/** Reads the files `config` names and checks that they make a secure context; throws `WebConfigError`. */
export function tlsSetup(config: TlsServerConfig, configPath: string): TlsSetup {
  const read = (field: string, file: string): string => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new WebConfigError(`web config ${configPath}: tls_server_config.${field}: failed to read ${file}: ${(error as Error).message}`);
    }
  };
  const cert = config.certFile !== '' ? read('cert_file', config.certFile) : config.cert;
  const key = config.keyFile !== '' ? read('key_file', config.keyFile) : config.key;
  const clientCa = config.clientCaFile !== '' ? read('client_ca_file', config.clientCaFile) : config.clientCa;
  const context: SecureContextOptions = {
    cert,
    key,
    minVersion: TLS_VERSIONS[config.minVersion],
    maxVersion: TLS_VERSIONS[config.maxVersion],
    honorCipherOrder: config.preferServerCipherSuites,
  };
  if (clientCa !== '') context.ca = clientCa;
  if (config.cipherSuites.length > 0) context.ciphers = config.cipherSuites.join(':');
  if (config.curvePreferences.length > 0) context.ecdhCurve = config.curvePreferences.join(':');
  try {
    createSecureContext(context);
  } catch (error) {
    const from = `${config.certFile !== '' ? `cert_file ${config.certFile}` : 'cert'} and ${config.keyFile !== '' ? `key_file ${config.keyFile}` : 'key'}`;
    throw new WebConfigError(`web config ${configPath}: tls_server_config: failed to load the certificate and key (${from}): ${(error as Error).message}`);
  }
  if (clientCa !== '' && !/-----BEGIN CERTIFICATE-----/.test(clientCa)) {
    const field = config.clientCaFile !== '' ? `client_ca_file ${config.clientCaFile}` : 'client_ca';
    throw new WebConfigError(`web config ${configPath}: tls_server_config.${field.split(' ')[0]}: no PEM certificate in ${field}`);
  }
  const type = config.clientAuthType;
  return {
    context,
    requestCert: type !== 'NoClientCert',
    // Only this one can be left to Node; the others are checked after the handshake.
    rejectUnauthorized: type === 'RequireAndVerifyClientCert',
  };
}

/**
 * Why a finished handshake must be dropped, or undefined: the client-certificate rules Node
 * does not enforce by itself (`RequireAnyClientCert`, `VerifyClientCertIfGiven`) and the
 * toolkit's `client_allowed_sans`.
 */
export function clientCertProblem(socket: TLSSocket, config: TlsServerConfig): string | undefined {
  const peer = socket.getPeerX509Certificate();
  const type = config.clientAuthType;
  if (peer === undefined) {
    if (type === 'RequireAnyClientCert' || type === 'RequireAndVerifyClientCert') return 'no client certificate';
    if (config.clientAllowedSans !== undefined) return 'no client certificate (client_allowed_sans is set)';
    return undefined;
  }
  if ((type === 'VerifyClientCertIfGiven' || type === 'RequireAndVerifyClientCert') && !socket.authorized) {
    return `client certificate not verified: ${String(socket.authorizationError)}`;
  }
  if (config.clientAllowedSans !== undefined) {
    const sans = subjectAltNames(peer);
    const allowed = new Set(config.clientAllowedSans.map(normalizeSan));
    if (!sans.some((san) => allowed.has(san))) return `no allowed SAN in the client certificate (it has: ${sans.join(', ') || 'none'})`;
  }
  return undefined;
}

/** The DNS, IP, e-mail and URI names of a certificate, as Go's `VerifyPeerCertificate` in the toolkit compares them. */
function subjectAltNames(cert: X509Certificate): string[] {
  const text = cert.subjectAltName;
  if (text === undefined) return [];
  const names: string[] = [];
  // Node writes `DNS:a, IP Address:1.2.3.4, email:x@y, URI:spiffe://z`, JSON-quoting values with a comma.
  for (const m of text.matchAll(/(DNS|IP Address|email|URI):("(?:[^"\\]|\\.)*"|[^,]*)(?:, |$)/g)) {
    const value = m[2].startsWith('"') ? (JSON.parse(m[2]) as string) : m[2];
    names.push(normalizeSan(value));
  }
  return names;
}

/** IPv6 addresses compared in one spelling (Node writes them in full, Go in short form). */
function normalizeSan(value: string): string {
  if (!isIPv6(value)) return value;
  try {
    return new URL(`http://[${value}]/`).hostname;
  } catch {
    return value;
  }
}
