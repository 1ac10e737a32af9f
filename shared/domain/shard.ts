/**
 * A stable spread of keys over a fixed number of shards: the first 4 bytes of SHA-256 of the key,
 * modulo the count. Depends on nothing but the key, so a key's shard never moves while the count
 * stays. Used for the agencies' nested stacks (infra/agency-groups.ts) and for partition keys that
 * would otherwise be hot at national peak (docs/capacity.md): the figures' day and month cells,
 * the deferred SMS. Example: `shardOf('gl-stp', 10)` -> a number in 0–9, always the same.
 */
import { createHash } from 'node:crypto';

export function shardOf(key: string, shards: number): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) % shards;
}
