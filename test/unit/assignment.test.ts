import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignedAgency, assignedStatuses, assignmentChange, type Assignment, type AssignmentFacts } from '../../shared/domain/assignment.ts';
import { allowedTransitions, initialState, transition, type Action, type DossierState, type Role } from '../../shared/domain/state-machine.ts';

const chainAgencies = ['iagrai-iato', 'iagrai-ubnd', 'gl-stp'];

/** A dossier's facts and stored assignment as a commit leaves them (what DossierStore.commit writes). */
interface Stored extends AssignmentFacts, Assignment {
  state: DossierState;
}

/** Applies one action as the store would: the state machine, the chain's next agency, then the assignment derived from the result. */
function act(d: Stored, action: Action, role: Role, at: string, extra: { held?: boolean } = {}): Stored {
  const { next } = transition(d.state, { type: action, actor: { role } });
  const agencyId = chainAgencies[next.chain.step - 1]!;
  const facts: AssignmentFacts = { status: next.status, resume: next.resume, agencyId, ...(extra.held ? { heldAgencyId: agencyId } : {}) };
  return store(d, next, facts, at);
}

function store(d: Stored, state: DossierState, facts: AssignmentFacts, at: string): Stored {
  const change = assignmentChange(d, facts, at);
  const out: Stored = { ...d, ...facts, state, ...change.set };
  if (!facts.heldAgencyId) delete out.heldAgencyId;
  for (const k of change.remove ?? []) delete out[k];
  return out;
}

const received = (chainLength = 1): Stored => {
  const s = transition(initialState(chainLength), { type: 'receive', actor: { role: 'clerk' } }).next;
  return { state: s, status: s.status, resume: s.resume, agencyId: chainAgencies[0]! };
};

describe('the assigned-to-agency attributes, derived from the state (dates: 07/12/2026, a Monday)', () => {
  it('puts a dossier in its agency list when routed, keeps it through the agency work with its first date, and takes it out with the result', () => {
    let d = received();
    expect(d.assignedTo).toBeUndefined();
    d = act(d, 'route', 'system', '2026-12-07T02:00:00.000Z');
    expect([d.assignedTo, d.assignedAt]).toEqual(['iagrai-iato', '2026-12-07T02:00:00.000Z']);
    for (const [action, at] of [
      ['accept', '2026-12-07T03:00:00.000Z'],
      ['request-supplement', '2026-12-07T04:00:00.000Z'],
      ['supplement', '2026-12-08T02:00:00.000Z'],
      ['stop', '2026-12-08T03:00:00.000Z'],
      ['resume-processing', '2026-12-09T02:00:00.000Z'],
    ] as const) {
      d = act(d, action, action === 'supplement' ? 'citizen' : 'agency', at);
      expect([d.status, d.assignedTo, d.assignedAt]).toEqual([d.state.status, 'iagrai-iato', '2026-12-07T02:00:00.000Z']);
    }
    d = act(d, 'complete', 'agency', '2026-12-10T02:00:00.000Z');
    expect(d.status).toBe('result-ready');
    expect(d).not.toHaveProperty('assignedTo');
    expect(d).not.toHaveProperty('assignedAt');
  });

  it('moves a chained dossier to the next agency, dated by the hand-over', () => {
    let d = act(received(2), 'route', 'system', '2026-12-07T02:00:00.000Z');
    d = act(d, 'accept', 'agency', '2026-12-07T03:00:00.000Z');
    d = act(d, 'complete', 'agency', '2026-12-08T03:00:00.000Z');
    expect([d.status, d.assignedTo, d.assignedAt]).toEqual(['routed', 'iagrai-ubnd', '2026-12-08T03:00:00.000Z']);
  });

  it('leaves out a dossier held for an agency not live yet, and assigns it at its release', () => {
    let d = act(received(2), 'route', 'system', '2026-12-07T02:00:00.000Z');
    d = act(d, 'accept', 'agency', '2026-12-07T03:00:00.000Z');
    d = act(d, 'complete', 'agency', '2026-12-08T03:00:00.000Z', { held: true });
    expect(d).not.toHaveProperty('assignedTo');
    d = store(d, d.state, { status: d.status, resume: d.resume, agencyId: d.agencyId }, '2026-12-09T01:00:00.000Z');
    expect([d.assignedTo, d.assignedAt]).toEqual(['iagrai-ubnd', '2026-12-09T01:00:00.000Z']);
  });

  it('does not assign what reception still holds: received, or a supplement or fee asked at reception', () => {
    expect(assignedAgency({ status: 'received', resume: [], agencyId: 'gl-stp' })).toBeUndefined();
    expect(assignedAgency({ status: 'supplement-requested', resume: ['new'], agencyId: 'gl-stp' })).toBeUndefined();
    expect(assignedAgency({ status: 'withdrawal-requested', resume: ['received'], agencyId: 'gl-stp' })).toBeUndefined();
    expect(assignedAgency({ status: 'withdrawal-requested', resume: ['processing'], agencyId: 'gl-stp' })).toBe('gl-stp');
  });

  it('on any walk through the state machine: the stored agency is the derived one, a status it can be in is a listed filter, and a repeated change writes nothing', () => {
    const walk = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.array(fc.nat(), { maxLength: 25 }), fc.array(fc.boolean(), { maxLength: 25 }));
    fc.assert(
      fc.property(walk, ([length, picks, holds]) => {
        let d: Stored = { state: initialState(length), status: 'draft', resume: [], agencyId: chainAgencies[0]! };
        for (const [i, pick] of picks.entries()) {
          const open = allowedTransitions(d.state).flatMap((t) => t.roles.map((role) => [t.action, role] as const));
          if (open.length === 0) break;
          const [action, role] = open[pick % open.length]!;
          const before = d;
          d = act(d, action, role, new Date(Date.UTC(2026, 11, 7, 2, i)).toISOString(), { held: holds[i] === true && d.state.status === 'received' });
          expect(d.assignedTo).toBe(assignedAgency(d));
          if (d.assignedTo) expect(assignedStatuses).toContain(d.status);
          // The same agency keeps the date it got the dossier.
          if (d.assignedTo && d.assignedTo === before.assignedTo) expect(d.assignedAt).toBe(before.assignedAt);
          // A redelivered or retried change, computed again from what it stored: nothing to write.
          expect(assignmentChange(d, d, '2030-01-01T00:00:00.000Z')).toEqual({});
        }
      }),
    );
  });
});
