import { inspect } from 'node:util';
import { PlainTextAuthProvider } from '../../lib/connection/auth';

describe('PlainTextAuthProvider', () => {
  it('sends SASL PLAIN: NUL username NUL password', () => {
    const auth = new PlainTextAuthProvider('cassandra', 'pässword').newAuthenticator();
    const expected = Buffer.concat([
      Buffer.from([0]),
      Buffer.from('cassandra'),
      Buffer.from([0]),
      Buffer.from([0x70, 0xc3, 0xa4, 0x73, 0x73, 0x77, 0x6f, 0x72, 0x64]),
    ]);
    expect(auth.initialResponse()).toEqual(expected);
    expect(auth.evaluateChallenge(null)).toEqual(expected);
  });

  it('never shows its credentials', () => {
    const p = new PlainTextAuthProvider('alice', 's3cr3t');
    for (const shown of [String(p), JSON.stringify(p), inspect(p), JSON.stringify({ p })]) {
      expect(shown).not.toContain('s3cr3t');
      expect(shown).not.toContain('alice');
    }
  });

  it('rejects an empty username with a clear error', () => {
    expect(() => new PlainTextAuthProvider('', 'x')).toThrow(/username/);
  });
});
