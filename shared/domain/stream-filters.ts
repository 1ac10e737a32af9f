/**
 * Which records of the dossiers' stream each consumer reads, as Lambda event filter patterns
 * (FilterCriteria; the same patterns the local stream mapping applies: infra/local/event-sources.ts).
 * A record no filter matches never invokes the function: no invocation for the markers, staff
 * reads, money items and dossier updates that make most of the stream (issue 15, item 3).
 */
import { countedEventTypes } from './figures/contributions.ts';
import { scenarios } from './sms/scenarios.ts';

/** An event pattern (the subset Lambda and the local mapping both support: value lists, `exists`, `prefix`). */
export type StreamFilter = { [key: string]: StreamFilter | readonly (string | { exists: boolean } | { prefix: string })[] };

/** Events the router routes (shared/app/route-dossier.ts): messages to agencies and couriers. */
export const routedEventTypes: ReadonlySet<string> = new Set([
  'dossier.received',
  'document.verified',
  'dossier.completed',
  'dossier.released',
  'dossier.supplemented',
  'dossier.withdrawn',
  'dossier.reminder-due',
  'dossier.overdue-warning',
  'dossier.overdue',
  'postal.pickup-requested',
  'postal.delivery-requested',
  'postal.cancelled',
]);

/** Events an SMS scenario may concern (shared/domain/sms/scenarios.json). */
export const notifiedEventTypes: ReadonlySet<string> = new Set(scenarios().scenarios.map((s) => s.event));

/** The new event items of the given types. */
const newEvents = (types: Iterable<string>): StreamFilter => ({ eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['event'] }, type: { S: [...new Set(types)].sort() } } } });

/** The router: events it routes or tells the citizen of. */
export const routerFilters: StreamFilter[] = [newEvents([...routedEventTypes, ...notifiedEventTypes])];

/** The figures: events that count for something, and SMS notices once sent (a MODIFY sets `sentAt`). */
export const figuresFilters: StreamFilter[] = [newEvents(countedEventTypes), { dynamodb: { NewImage: { entity: { S: ['sms'] }, sentAt: { S: [{ exists: true }] } } } }];

/** Whether a stream record (as Lambda delivers it, or as DynamoDB Streams returns it) matches one of `filters`. */
export function matchesFilters(record: unknown, filters: readonly StreamFilter[]): boolean {
  return filters.some((f) => matches(record, f));
}

function matches(value: unknown, pattern: StreamFilter): boolean {
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(pattern).every(([key, rule]) => {
    const v = (value as Record<string, unknown>)[key];
    if (!Array.isArray(rule)) return matches(v, rule as StreamFilter);
    return rule.some((r) => {
      if (typeof r === 'string') return v === r;
      if ('exists' in r) return (v !== undefined) === r.exists;
      return typeof v === 'string' && v.startsWith(r.prefix);
    });
  });
}
