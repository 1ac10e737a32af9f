/**
 * P3: the replay at two sizes, each on a fresh local cloud (infra/local/replay/run.ts): `small`
 * dossiers (default 5,000) and twice as many (10,000). Targets: the larger takes at most 2.2× the
 * smaller's time (work grows with the dossiers, not faster), the memory of the local cloud's node
 * process at the end of the larger within 20% of the smaller's, and 0 lost / 0 duplicated (agency
 * messages and SMS) in both, every check of the replay passed.
 */
import { runReplay, type ReplayOutcome } from '../infra/local/replay/run.ts';
import type { Bar } from './report.ts';

export interface P3Run {
  dossiers: number;
  seconds: number;
  /** VmRSS of the local cloud's node process (functions, front, emulators; a child process, the driver apart) at the end, MB. */
  nodeMb: number | undefined;
  javaMb: number | undefined;
  lost: number;
  duplicated: number;
  ok: boolean;
  lines: string[];
}

export interface P3Result {
  runs: [P3Run, P3Run];
  concurrency: number;
  dataset: string | undefined;
}

const endMb = (o: ReplayOutcome, name: string) => {
  const kb = o.figures.rss.find((r) => r.at === 'end' && r.name.startsWith(name))?.kb;
  return kb === undefined ? undefined : Math.round(kb / 1024);
};

/** Runs both replays, one after the other (never side by side: they would share the two cores). */
export async function p3(opts: { small: number; concurrency: number; seed?: number; dataset?: string; log: (line: string) => void }): Promise<P3Result> {
  const runs: P3Run[] = [];
  for (const dossiers of [opts.small, opts.small * 2]) {
    opts.log(`P3: replay of ${dossiers} dossiers (concurrency ${opts.concurrency}) on a fresh cloud…`);
    const out = await runReplay({ dossiers, days: 1, seed: opts.seed ?? 1, concurrency: opts.concurrency, progress: process.stderr.isTTY === true, ...(opts.dataset ? { dataset: opts.dataset } : {}) });
    const run: P3Run = {
      dossiers,
      seconds: out.figures.seconds,
      nodeMb: endMb(out, 'local cloud node'),
      javaMb: endMb(out, 'DynamoDB Local'),
      lost: out.checks.lost + out.checks.smsLost,
      duplicated: out.checks.duplicated + out.checks.smsDuplicated,
      ok: out.checks.ok,
      lines: out.lines,
    };
    opts.log(out.lines.join('\n'));
    runs.push(run);
  }
  return { runs: runs as [P3Run, P3Run], concurrency: opts.concurrency, dataset: opts.dataset };
}

const ratio = (r: P3Result) => r.runs[1].seconds / r.runs[0].seconds;
const memoryRatio = (r: P3Result) => (r.runs[0].nodeMb && r.runs[1].nodeMb ? r.runs[1].nodeMb / r.runs[0].nodeMb : undefined);

/** The Markdown lines of P3 for bench/report.md. */
export function p3Lines(r: P3Result): string[] {
  const [a, b] = r.runs;
  const m = memoryRatio(r);
  return [
    `P3: the replay of ${a.dossiers} and of ${b.dossiers} dossiers, a fresh local cloud each, concurrency ${r.concurrency}${r.dataset ? `, ${r.dataset}` : ''}; targets: time ratio ≤ 2.2, memory of the local cloud's node process at the end within 20%, 0 lost / 0 duplicated`,
    '',
    'dossiers | time | dossiers/s | node RSS at end | DynamoDB Local RSS at end | lost | duplicated | checks',
    '--- | --- | --- | --- | --- | --- | --- | ---',
    ...r.runs.map((x) => `${x.dossiers} | ${x.seconds.toFixed(0)} s | ${(x.dossiers / x.seconds).toFixed(2)} | ${x.nodeMb ?? '?'} MB | ${x.javaMb ?? '?'} MB | ${x.lost} | ${x.duplicated} | ${x.ok ? 'passed' : 'FAILED'}`),
    '',
    `time ratio ${ratio(r).toFixed(2)} (target ≤ 2.2); memory ratio ${m === undefined ? '?' : m.toFixed(2)} (target ≤ 1.20); lost ${a.lost + b.lost}, duplicated ${a.duplicated + b.duplicated} (target 0)`,
  ];
}

/** P3's bars: the time ratio against 2.2, the memory ratio against 1.2. */
export function p3Bars(r: P3Result): Bar[] {
  const m = memoryRatio(r);
  return [
    { label: `P3 time ${r.runs[1].dossiers}/${r.runs[0].dossiers}`, ofTarget: ratio(r) / 2.2, text: `${ratio(r).toFixed(2)}× (≤ 2.2)` },
    ...(m === undefined ? [] : [{ label: 'P3 node RSS at end', ofTarget: m / 1.2, text: `${m.toFixed(2)}× (≤ 1.2)` }]),
  ];
}
