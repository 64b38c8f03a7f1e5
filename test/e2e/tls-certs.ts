/**
 * Certificates for the TLS tests, made with Debian's `openssl`: a CA, a server certificate
 * for 127.0.0.1 and localhost signed by it, a client certificate signed by it, and a second
 * server certificate (for rotation) with another serial and subject.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireProgram } from './support.js';

export interface TestCerts {
  dir: string;
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** Another server certificate and key from the same CA, subject CN=rotated. */
  rotatedCert: string;
  rotatedKey: string;
  /** A certificate from an unrelated CA, with its key. */
  strangerCert: string;
  strangerKey: string;
}

/** Makes the certificates in `dir` (EC P-256 keys: fast to make). */
export function makeCerts(dir: string): TestCerts {
  const openssl = requireProgram('openssl');
  const run = (...args: string[]) => execFileSync(openssl, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const p = (name: string) => join(dir, name);
  const newKey = (name: string) => run('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', name);
  const selfSigned = (name: string, cn: string) => {
    newKey(`${name}.key`);
    run('req', '-x509', '-new', '-key', `${name}.key`, '-out', `${name}.crt`, '-days', '2', '-subj', `/CN=${cn}`);
  };
  const signed = (name: string, cn: string, ext: string) => {
    newKey(`${name}.key`);
    run('req', '-new', '-key', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    writeFileSync(p(`${name}.ext`), ext);
    run(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
    );
  };
  selfSigned('ca', 'expofmt test CA');
  signed('server', 'expofmt test server', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  signed('rotated', 'rotated', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  signed('client', 'expofmt test client', 'subjectAltName=DNS:pusher.example,URI:spiffe://example/pusher\nextendedKeyUsage=clientAuth\n');
  selfSigned('stranger', 'stranger');
  return {
    dir,
    ca: p('ca.crt'),
    serverCert: p('server.crt'),
    serverKey: p('server.key'),
    clientCert: p('client.crt'),
    clientKey: p('client.key'),
    rotatedCert: p('rotated.crt'),
    rotatedKey: p('rotated.key'),
    strangerCert: p('stranger.crt'),
    strangerKey: p('stranger.key'),
  };
}
