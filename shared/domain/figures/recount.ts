/**
 * The recount (issue 14, item 2): every contribution of every dossier's history summed into the
 * cells the stream consumer keeps, and the comparison of the two. Pure.
 */
import type { Contribution } from './contributions.ts';
import { addCounts, cellKey, measureNames, type Counts, type Measure } from './measures.ts';
import type { DayCell } from './report.ts';

export interface Tally {
  days: DayCell[];
  /** Month cells: `day` holds the month (`YYYY-MM`). */
  months: DayCell[];
  /** The contribution keys counted, per dossier reference. */
  applied: Map<string, Set<string>>;
}

/** Sums contributions (each with its dossier's reference) into day and month cells. */
export function tally(contributions: Iterable<{ ref: string; contribution: Contribution }>): Tally {
  const days = new Map<string, DayCell>();
  const months = new Map<string, DayCell>();
  const applied = new Map<string, Set<string>>();
  const add = (into: Map<string, DayCell>, day: string, c: Contribution) => {
    const k = `${day}|${cellKey(c.dims)}`;
    const cell = into.get(k) ?? { day, dims: c.dims, counts: {} };
    into.set(k, { ...cell, counts: addCounts(cell.counts, c.counts) });
  };
  for (const { ref, contribution: c } of contributions) {
    const keys = applied.get(ref) ?? new Set<string>();
    if (keys.has(c.key)) continue;
    keys.add(c.key);
    applied.set(ref, keys);
    add(days, c.day, c);
    add(months, c.day.slice(0, 7), c);
  }
  return { days: [...days.values()], months: [...months.values()], applied };
}

export interface Difference {
  /** `DAY#<day>` or `MONTH#<month>`, and the cell. */
  where: string;
  cell: string;
  measure: Measure;
  kept: number;
  recounted: number;
}

/** Where the kept cells and the recounted ones disagree (a cell with only zeros equals an absent one). */
export function differences(kept: Pick<Tally, 'days' | 'months'>, recounted: Pick<Tally, 'days' | 'months'>): Difference[] {
  const index = (t: Pick<Tally, 'days' | 'months'>) => {
    const m = new Map<string, Counts>();
    for (const c of t.days) m.set(`DAY#${c.day}|${cellKey(c.dims)}`, c.counts);
    for (const c of t.months) m.set(`MONTH#${c.day}|${cellKey(c.dims)}`, c.counts);
    return m;
  };
  const a = index(kept);
  const b = index(recounted);
  const out: Difference[] = [];
  for (const k of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const [where, cell] = k.split('|') as [string, string];
    for (const m of measureNames) {
      const x = a.get(k)?.[m] ?? 0;
      const y = b.get(k)?.[m] ?? 0;
      if (x !== y) out.push({ where, cell, measure: m, kept: x, recounted: y });
    }
  }
  return out;
}
