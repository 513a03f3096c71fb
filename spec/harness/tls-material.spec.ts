/**
 * TLS material of the harness (no Cassandra boot): both generators
 * (openssl and the keytool fallback) yield a server certificate that
 * verifies against the CA — for every node address — and not against the
 * "untrusted" CA, and a PKCS12 keystore holding key + chain.
 */
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateTls, hasOpenssl, TlsTool } from '../support/cassandra/tls';

jest.setTimeout(60_000);

const tools: TlsTool[] = hasOpenssl() ? ['openssl', 'keytool'] : ['keytool'];

describe.each(tools)('generateTls with %s', (tool) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `harness-tls-${tool}-`));
  const files = generateTls(path.join(dir, 'tls'), tool);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('signs the server certificate with the CA, not with the untrusted CA', () => {
    const server = new crypto.X509Certificate(fs.readFileSync(files.serverCertPem));
    const ca = new crypto.X509Certificate(fs.readFileSync(files.caPem));
    const untrusted = new crypto.X509Certificate(fs.readFileSync(files.untrustedCaPem));
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.verify(untrusted.publicKey)).toBe(false);
    expect(ca.ca).toBe(true);
  });

  it('names every node address and localhost', () => {
    const server = new crypto.X509Certificate(fs.readFileSync(files.serverCertPem));
    for (let i = 1; i <= 9; i++) expect(server.checkIP(`127.0.0.${i}`)).toBe(`127.0.0.${i}`);
    expect(server.checkHost('localhost')).toBe('localhost');
  });

  it('writes a PKCS12 keystore with the private key that keytool can read', () => {
    const listing = execFileSync('keytool', ['-list', '-keystore', files.keystore, '-storetype', 'PKCS12', '-storepass', files.keystorePassword]).toString();
    expect(listing).toMatch(/PrivateKeyEntry/);
  });
});
