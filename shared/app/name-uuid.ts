/** Ids derived from names, for messages and events that must be the same on every retry. */
import { createHash } from 'node:crypto';

/** A UUID (version-5 layout) derived from a name: same name, same id. */
export function nameUuid(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
