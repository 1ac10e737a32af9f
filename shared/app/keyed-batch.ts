/**
 * A stream batch handled in parallel across keys and strictly in order within a key (issue 15,
 * item 3): one dossier's events reach its agency's FIFO queue in the order they happened, while
 * different dossiers of the batch do not wait for each other. After a record of a key fails, the
 * key's later records fail too without running (the stream retries from the first failure, and a
 * later message must not overtake it); other keys go on.
 */

/**
 * Runs `handle` on every record, `concurrency` keys at a time; answers the ids of the records
 * that failed or were not run because an earlier record of their key failed, in batch order.
 */
export async function inOrderPerKey<R>(records: readonly R[], options: { keyOf: (r: R) => string; idOf: (r: R) => string; handle: (r: R) => Promise<void>; concurrency: number }): Promise<string[]> {
  const groups = new Map<string, R[]>();
  for (const r of records) {
    const k = options.keyOf(r);
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const failed = new Set<string>();
  const queue = [...groups.values()];
  const worker = async () => {
    for (let group = queue.shift(); group; group = queue.shift()) {
      for (let i = 0; i < group.length; i++) {
        try {
          await options.handle(group[i]!);
        } catch {
          for (const r of group.slice(i)) failed.add(options.idOf(r));
          break;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, queue.length)) }, worker));
  return records.map(options.idOf).filter((id) => failed.has(id));
}
