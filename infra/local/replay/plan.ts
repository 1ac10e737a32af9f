/**
 * The replay's plan: which dossiers a province-day brings, each one's journey, and what the
 * end must show (its final state, the agency messages it makes). Pure and seeded (./../seeded.ts),
 * so a seed repeats the same day exactly; the driver plays it, the report checks against it.
 */
import { seeded } from '../seeded.ts';

export type Channel = 'online' | 'counter' | 'home-pickup';
export type Delivery = 'post' | 'counter';

export interface PlannedDossier {
  /** 0-based over the whole run. */
  index: number;
  day: number;
  channel: Channel;
  delivery: Delivery;
  /** The agency asks for a supplement once; the citizen (or the clerk) answers it. */
  supplement: boolean;
  /** What the agency's queue must receive for it: the assignment, then the supplement if any. */
  expectedMessages: string[];
  expectedStatus: 'returned';
}

/** Every journey the replay knows; the first dossiers of a run take each once, so a small run covers them all. */
export const journeys: readonly Pick<PlannedDossier, 'channel' | 'delivery' | 'supplement'>[] = [
  { channel: 'online', delivery: 'post', supplement: true },
  { channel: 'online', delivery: 'counter', supplement: false },
  { channel: 'counter', delivery: 'counter', supplement: true },
  { channel: 'counter', delivery: 'post', supplement: false },
  { channel: 'home-pickup', delivery: 'post', supplement: false },
  { channel: 'home-pickup', delivery: 'post', supplement: true },
];

/** Channel shares for the rest of the day (a house guess, not measured): most online, then counter, few pickups. */
const channelWeights: [Channel, number][] = [
  ['online', 0.6],
  ['counter', 0.3],
  ['home-pickup', 0.1],
];

/** The plan of `days` days of `perDay` dossiers each, from `seed`. */
export function planReplay(opts: { perDay: number; days: number; seed: number }): PlannedDossier[] {
  const random = seeded(opts.seed);
  const out: PlannedDossier[] = [];
  for (let day = 0; day < opts.days; day++) {
    for (let i = 0; i < opts.perDay; i++) {
      const index = out.length;
      const journey = index < journeys.length ? journeys[index]! : pick(random);
      out.push({
        index,
        day,
        ...journey,
        expectedMessages: journey.supplement ? ['dossier.assigned', 'dossier.supplemented'] : ['dossier.assigned'],
        expectedStatus: 'returned',
      });
    }
  }
  return out;
}

function pick(random: () => number): Pick<PlannedDossier, 'channel' | 'delivery' | 'supplement'> {
  let r = random();
  let channel: Channel = 'online';
  for (const [c, w] of channelWeights) {
    if (r < w) {
      channel = c;
      break;
    }
    r -= w;
  }
  // A pickup comes back by post too (the citizen chose the postal service); others choose.
  const delivery: Delivery = channel === 'home-pickup' || random() < 0.5 ? 'post' : 'counter';
  return { channel, delivery, supplement: random() < 0.2 };
}
