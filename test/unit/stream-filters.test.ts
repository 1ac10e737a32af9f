/**
 * Which stream records invoke the router and the figures (shared/domain/stream-filters.ts), on
 * records shaped as Lambda delivers them: the events they handle do, the rest of the stream
 * (markers, staff reads, dossier updates, notices not yet sent) does not.
 */
import { describe, expect, it } from 'vitest';
import { countedEventTypes } from '../../shared/domain/figures/contributions.ts';
import { figuresFilters, matchesFilters, notifiedEventTypes, routedEventTypes, routerFilters } from '../../shared/domain/stream-filters.ts';

const record = (eventName: 'INSERT' | 'MODIFY' | 'REMOVE', image: Record<string, string>) => ({
  eventName,
  dynamodb: { Keys: { pk: { S: 'DOSSIER#HS-AAAAAAAAAA' }, sk: { S: 'X' } }, NewImage: Object.fromEntries(Object.entries(image).map(([k, v]) => [k, { S: v }])) },
});
const event = (type: string, eventName: 'INSERT' | 'MODIFY' = 'INSERT') => record(eventName, { entity: 'event', type, dossierRef: 'HS-AAAAAAAAAA' });

describe('stream filters', () => {
  it('invoke the router for every event it routes or tells the citizen of, and for nothing else', () => {
    for (const type of [...routedEventTypes, ...notifiedEventTypes]) expect(matchesFilters(event(type), routerFilters), type).toBe(true);
    expect(matchesFilters(event('document.downloaded'), routerFilters)).toBe(false);
    expect(matchesFilters(event('dossier.received', 'MODIFY'), routerFilters)).toBe(false);
    expect(matchesFilters(record('MODIFY', { entity: 'dossier', status: 'routed' }), routerFilters)).toBe(false);
    expect(matchesFilters(record('INSERT', { entity: 'marker' }), routerFilters)).toBe(false);
    expect(matchesFilters(record('INSERT', { entity: 'access' }), routerFilters)).toBe(false);
  });

  it('invoke the figures for every event that counts and for a notice once sent, not while it waits', () => {
    for (const type of countedEventTypes) expect(matchesFilters(event(type), figuresFilters), type).toBe(true);
    expect(matchesFilters(event('dossier.routed'), figuresFilters)).toBe(false);
    expect(matchesFilters(record('INSERT', { entity: 'sms', status: 'created' }), figuresFilters)).toBe(false);
    expect(matchesFilters(record('MODIFY', { entity: 'sms', status: 'sent', sentAt: '2026-12-01T02:00:00Z' }), figuresFilters)).toBe(true);
  });

  it('understand the patterns Lambda does: value lists, exists, prefix, nesting, any filter of several', () => {
    const r = { a: { b: 'x' }, c: 'hello' };
    expect(matchesFilters(r, [{ a: { b: ['y', 'x'] } }])).toBe(true);
    expect(matchesFilters(r, [{ a: { b: ['y'] } }])).toBe(false);
    expect(matchesFilters(r, [{ c: [{ prefix: 'he' }] }])).toBe(true);
    expect(matchesFilters(r, [{ d: [{ exists: false }] }])).toBe(true);
    expect(matchesFilters(r, [{ d: [{ exists: true }] }, { c: ['hello'] }])).toBe(true);
    expect(matchesFilters(r, [{ a: ['x'] }])).toBe(false);
  });
});
