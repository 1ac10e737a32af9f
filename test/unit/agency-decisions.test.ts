import { describe, expect, it } from 'vitest';
import { statuses, transitionTable, type Action, type Status } from '../../shared/domain/state-machine.ts';
import { allowedDecisions, type DecisionKind } from '../../web/agency/allowed.ts';

/** The state machine's action behind each decision of the agency API (shared/app/decisions.ts). */
const actionOf: Record<DecisionKind, Action> = {
  accept: 'accept',
  'request-supplement': 'request-supplement',
  reject: 'refuse',
  extend: 'extend',
  stop: 'stop',
  resume: 'resume-processing',
  complete: 'complete',
};
const openToAgency = (status: Status, kind: DecisionKind) => transitionTable.some((r) => r.action === actionOf[kind] && r.roles.includes('agency') && r.from.includes(status));
const kinds = Object.keys(actionOf) as DecisionKind[];

describe('the agency inbox’s decisions', () => {
  it('offers in no status a decision the state machine refuses the agency', () => {
    for (const status of Object.keys(statuses) as Status[]) for (const kind of allowedDecisions(status)) expect(openToAgency(status, kind), `${kind} in ${status}`).toBe(true);
  });

  it('offers every decision open to the agency in the statuses of a dossier routed to it (a refusal once processing is a stop)', () => {
    const routedStatuses: Status[] = ['routed', 'processing', 'awaiting-coordination', 'supplement-requested', 'awaiting-payment', 'stopped'];
    for (const status of routedStatuses) {
      const open = kinds.filter((k) => openToAgency(status, k));
      expect(new Set(allowedDecisions(status)), status).toEqual(new Set(open));
    }
  });
});
