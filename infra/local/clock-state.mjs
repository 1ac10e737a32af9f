// The local cloud's clock as shared memory: written by infra/local/clock.ts in the runner,
// read there and by the Lambda runtime stand-in in every worker (lambda-runtime.mjs), so one
// write moves the time for every function, schedule and poller at once. Plain JavaScript: the
// worker runtime loads no TypeScript.
//
// Layout (BigInt64, every access atomic): [0] sequence (odd while a write is under way),
// [1] 1 when simulated, [2] the simulated epoch ms at [3], [3] the real epoch ms of that
// instant, [4] speed in millionths (1_000_000 = real pace).
const SEQ = 0, SIMULATED = 1, AT = 2, ORIGIN = 3, SPEED = 4;

/** A buffer for the clock; reads as the real time until written. */
export function createClockState() {
  const buffer = new SharedArrayBuffer(5 * 8);
  writeClockState(buffer, { simulated: false, at: 0, origin: 0, speed: 1 });
  return buffer;
}

/** Writes a setting (a seqlock: readers retry while a write is under way). */
export function writeClockState(buffer, { simulated, at, origin, speed }) {
  const a = new BigInt64Array(buffer);
  Atomics.add(a, SEQ, 1n);
  Atomics.store(a, SIMULATED, simulated ? 1n : 0n);
  Atomics.store(a, AT, BigInt(Math.round(at)));
  Atomics.store(a, ORIGIN, BigInt(Math.round(origin)));
  Atomics.store(a, SPEED, BigInt(Math.round(speed * 1e6)));
  Atomics.add(a, SEQ, 1n);
}

/** The setting last written: `{ simulated, at, origin, speed }`. */
export function readClockState(buffer) {
  const a = new BigInt64Array(buffer);
  for (;;) {
    const seq = Atomics.load(a, SEQ);
    if (seq % 2n) continue;
    const state = {
      simulated: Atomics.load(a, SIMULATED) === 1n,
      at: Number(Atomics.load(a, AT)),
      origin: Number(Atomics.load(a, ORIGIN)),
      speed: Number(Atomics.load(a, SPEED)) / 1e6,
    };
    if (Atomics.load(a, SEQ) === seq) return state;
  }
}

/** The clock's time in epoch ms: the real time, or the simulated instant advanced at its speed since it was set. */
export function clockNow(buffer, realNow = Date.now()) {
  const s = readClockState(buffer);
  return s.simulated ? s.at + (realNow - s.origin) * s.speed : realNow;
}
