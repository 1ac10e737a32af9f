/**
 * One job per key at a time inside this execution environment, with a bounded wait: a job waits
 * for the key's previous job at most `maxWaitMs`, then runs anyway. Used where jobs of one key
 * would only collide on a guarded write (a unit's day counter, shared/app/reception.ts): queueing
 * them spares the collisions, and the bound keeps a stuck or slow job (a throttled DynamoDB, a
 * long retry loop) from holding every later one past the function's timeout. Running together
 * after the wait is safe: the guarded write still decides.
 */
export class KeyedTurns {
  /** The last job queued for each key (settled, never rejected). */
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly maxWaitMs: number) {}

  /** Keys with a job queued or running (for tests and metrics). */
  get busyKeys(): number {
    return this.tails.size;
  }

  run<T>(key: string, job: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    const mine = (previous ? waitAtMost(previous, this.maxWaitMs) : Promise.resolve()).then(job);
    const settled = mine.then(
      () => {},
      () => {},
    );
    this.tails.set(key, settled);
    void settled.then(() => {
      if (this.tails.get(key) === settled) this.tails.delete(key);
    });
    return mine;
  }
}

/** Resolves when `p` settles or after `ms`, whichever comes first (the timer never keeps the process alive). */
function waitAtMost(p: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref?.();
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
