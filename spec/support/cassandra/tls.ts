/**
 * Test PKI for client TLS: a CA, one server certificate (SAN = IP
 * 127.0.0.1..9 + localhost, so it fits every node) packed with its key in
 * a PKCS12 keystore for `client_encryption_options`, the CA PEM for Node
 * clients to trust, and an unrelated second CA for "untrusted" tests.
 * Uses `openssl` when present, else `keytool` (always there with a JDK).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TlsFiles } from './state';

export const KEYSTORE_PASSWORD = 'cassandra-rx';
const DAYS = '3650';
const SAN_IPS = Array.from({ length: 9 }, (_, i) => `127.0.0.${i + 1}`);

export type TlsTool = 'openssl' | 'keytool';

function run(command: string, args: readonly string[], cwd: string): string {
  return execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
}

export function hasOpenssl(): boolean {
  try {
    run('openssl', ['version'], process.cwd());
    return true;
  } catch {
    return false;
  }
}

/** Generate all TLS material in `dir` (created/emptied first). */
export function generateTls(dir: string, tool: TlsTool = hasOpenssl() ? 'openssl' : 'keytool'): TlsFiles {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const files: TlsFiles = {
    dir,
    caPem: path.join(dir, 'ca.pem'),
    untrustedCaPem: path.join(dir, 'untrusted-ca.pem'),
    serverCertPem: path.join(dir, 'server.pem'),
    keystore: path.join(dir, 'server.p12'),
    keystorePassword: KEYSTORE_PASSWORD,
    storeType: 'PKCS12',
  };
  if (tool === 'openssl') withOpenssl(dir);
  else withKeytool(dir);
  return files;
}

function opensslCa(dir: string, name: string, cn: string): void {
  run('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', DAYS,
    '-keyout', `${name}.key`, '-out', `${name}.pem`, '-subj', `/CN=${cn}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ], dir);
}

function withOpenssl(dir: string): void {
  opensslCa(dir, 'ca', 'cassandra-rx test CA');
  opensslCa(dir, 'untrusted-ca', 'cassandra-rx untrusted CA');
  fs.writeFileSync(
    path.join(dir, 'server.ext'),
    [
      `subjectAltName=${[...SAN_IPS.map((ip) => `IP:${ip}`), 'DNS:localhost'].join(',')}`,
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      '',
    ].join('\n'),
  );
  run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost'], dir);
  run('openssl', [
    'x509', '-req', '-sha256', '-days', DAYS, '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key',
    '-CAcreateserial', '-out', 'server.pem', '-extfile', 'server.ext',
  ], dir);
  run('openssl', [
    'pkcs12', '-export', '-in', 'server.pem', '-inkey', 'server.key', '-certfile', 'ca.pem',
    '-name', 'cassandra', '-out', 'server.p12', '-passout', `pass:${KEYSTORE_PASSWORD}`,
  ], dir);
}

function keytool(dir: string, args: readonly string[]): void {
  run('keytool', [...args, '-storepass', KEYSTORE_PASSWORD, '-noprompt'], dir);
}

function keytoolCa(dir: string, name: string, cn: string): void {
  const store = `${name}.p12`;
  keytool(dir, [
    '-genkeypair', '-alias', 'ca', '-keyalg', 'RSA', '-keysize', '2048', '-validity', DAYS,
    '-dname', `CN=${cn}`, '-ext', 'bc:c', '-keystore', store, '-storetype', 'PKCS12',
  ]);
  keytool(dir, ['-exportcert', '-rfc', '-alias', 'ca', '-keystore', store, '-file', `${name}.pem`]);
}

function withKeytool(dir: string): void {
  keytoolCa(dir, 'ca', 'cassandra-rx test CA');
  keytoolCa(dir, 'untrusted-ca', 'cassandra-rx untrusted CA');
  const store = ['-keystore', 'server.p12', '-storetype', 'PKCS12'];
  keytool(dir, ['-genkeypair', '-alias', 'cassandra', '-keyalg', 'RSA', '-keysize', '2048', '-validity', DAYS, '-dname', 'CN=localhost', ...store]);
  keytool(dir, ['-certreq', '-alias', 'cassandra', '-file', 'server.csr', ...store]);
  keytool(dir, [
    '-gencert', '-alias', 'ca', '-keystore', 'ca.p12', '-infile', 'server.csr', '-outfile', 'server.pem', '-rfc',
    '-validity', DAYS, '-ext', `SAN=${[...SAN_IPS.map((ip) => `ip:${ip}`), 'dns:localhost'].join(',')}`,
    '-ext', 'EKU=serverAuth',
  ]);
  keytool(dir, ['-importcert', '-alias', 'ca', '-file', 'ca.pem', ...store]);
  keytool(dir, ['-importcert', '-alias', 'cassandra', '-file', 'server.pem', ...store]);
}
