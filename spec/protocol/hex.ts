/** Test helper: hex text with `#` comments and whitespace → Buffer. */
export function hex(text: string): Buffer {
  const clean = text.replace(/#[^\n]*/g, '').replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new Error(`bad hex: ${clean}`);
  return Buffer.from(clean, 'hex');
}

/** UTF-8 bytes of `s` as hex (for readable vectors of strings). */
export function utf8(s: string): string {
  return Buffer.from(s, 'utf8').toString('hex');
}
