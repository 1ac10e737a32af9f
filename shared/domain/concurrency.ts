/** Bounded concurrency for reads fanned out over a table or an index. */

/** `f` over `items`, `size` at a time (bounded concurrency against the table), results in order. */
export async function inBatches<T, R>(items: readonly T[], size: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(f))));
  return out;
}
