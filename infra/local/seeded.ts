/**
 * mulberry32: a small seeded PRNG, uniform in [0, 1). The local stand-ins and seed tools use it
 * where a run must repeat exactly (the SMS gateway's transient failures, the seeded month).
 */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
