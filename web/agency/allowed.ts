/** Which decisions the inbox offers in each status: those the state machine (shared/domain/state-machine.ts) opens to the agency, test/unit/agency-decisions.test.ts checks. */
export type DecisionKind = 'accept' | 'request-supplement' | 'reject' | 'extend' | 'stop' | 'resume' | 'complete';

const byStatus: Record<string, DecisionKind[]> = {
  routed: ['accept', 'request-supplement', 'reject'],
  processing: ['complete', 'request-supplement', 'extend', 'stop'],
  'awaiting-coordination': ['extend', 'stop'],
  'supplement-requested': ['stop'],
  'awaiting-payment': ['stop'],
  stopped: ['resume'],
};

/** The decisions open to the agency in a status: `allowedDecisions('routed')` -> accept, supplement, reject. */
export const allowedDecisions = (status: string): DecisionKind[] => byStatus[status] ?? [];
