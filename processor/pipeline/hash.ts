import { createHash } from 'node:crypto';

/** SHA-256 (hex) of the normalised text, UTF-8 encoded: equal content hashes equal. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
