import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventLabels as dossierEventLabels, statuses as dossierStatuses } from '../../shared/domain/dossier.ts';
import { ConflictError, ForbiddenError, IllegalTransitionError } from '../../shared/domain/errors.ts';
import {
  actions,
  allowedTransitions,
  canTransition,
  eventLabels,
  initialState,
  isTerminal,
  postalStatuses,
  roles,
  smsLabel,
  statuses,
  transition,
  transitionTable,
  type Action,
  type DossierState,
  type EventType,
  type Role,
  type Status,
  type TransitionEvent,
} from '../../shared/domain/state-machine.ts';

const actionNames = Object.keys(actions) as Action[];
const roleNames = Object.keys(roles) as Role[];
const statusNames = Object.keys(statuses) as Status[];
const key = (s: DossierState) => JSON.stringify(s);
const hasVietnamese = (text: string) => /[^\x00-\x7F]/.test(text);

/** Applies `steps` ("action:role") from `state`; returns the last state and the events. */
function run(steps: string[], state: DossierState = initialState()): { state: DossierState; events: TransitionEvent[] } {
  const events: TransitionEvent[] = [];
  for (const step of steps) {
    const [type, role] = step.split(':') as [Action, Role];
    const out = transition(state, { type, actor: { role } });
    state = out.next;
    events.push(out.event);
  }
  return { state, events };
}

/** Every state the machine can reach from a draft of `chainLength` agencies, with its edges. */
function explore(chainLength: number) {
  const states = new Map<string, DossierState>();
  const edges = new Map<string, Set<string>>();
  const start = initialState(chainLength);
  states.set(key(start), start);
  const queue = [start];
  while (queue.length > 0) {
    const s = queue.shift()!;
    const out = new Set<string>();
    for (const t of allowedTransitions(s))
      for (const role of t.roles) {
        const { next } = transition(s, { type: t.action, actor: { role } });
        out.add(key(next));
        if (!states.has(key(next))) {
          states.set(key(next), next);
          queue.push(next);
        }
      }
    edges.set(key(s), out);
  }
  return { states, edges };
}
const graphs = [1, 2, 3].map(explore);
const reachable = graphs.flatMap((g) => [...g.states.values()]);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const anyAction = fc.constantFrom<string>(...actionNames, 'explode', 'toString');
const anyRole = fc.constantFrom<string>(...roleNames, 'guest', '__proto__');
/**
 * A walk: each step is either any (action, role), legal or not, or "the n-th open transition",
 * so that walks get deep (chains, postal legs, returned results) instead of bouncing off drafts.
 */
const walk = fc.array(
  fc.oneof(
    { weight: 1, arbitrary: fc.tuple(anyAction, anyRole) },
    { weight: 3, arbitrary: fc.nat() },
  ),
  { maxLength: 60 },
);
function command(state: DossierState, step: [string, string] | number): [string, string] {
  if (typeof step !== 'number') return step;
  const open = allowedTransitions(state).flatMap((t) => t.roles.map((r): [string, string] => [t.action, r]));
  return open[step % open.length] ?? ['submit', 'citizen'];
}

describe('dossier state machine: properties', () => {
  it('applies a transition from the table or throws a typed error and leaves the state unchanged', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), walk, (chainLength, steps) => {
        let state = deepFreeze(initialState(chainLength));
        for (const step of steps) {
          const [action, role] = command(state, step);
          const before = structuredClone(state);
          try {
            const { next, event } = transition(state, { type: action as Action, actor: { role: role as Role } });
            const open = allowedTransitions(state).find((t) => t.action === action);
            expect(open?.roles).toContain(role);
            expect(open?.to).toBe(next.status);
            expect(graphs[chainLength - 1]!.states.has(key(next))).toBe(true);
            expect(event).toEqual(expect.objectContaining({ type: actions[action as Action].event, actor: role, from: state.status, to: next.status }));
            state = deepFreeze(next);
          } catch (error) {
            expect(error instanceof IllegalTransitionError || error instanceof ForbiddenError).toBe(true);
            expect(state).toEqual(before);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never reaches a state the machine forbids', () => {
    const before: Partial<Record<string, string[]>> = {
      'in-transit': ['picked-up'],
      'delivered-to-agency': ['in-transit'],
      delivered: ['out-for-delivery'],
      'delivery-failed': ['out-for-delivery'],
      'returned-to-post-office': ['delivery-failed'],
      'out-for-delivery': ['none', 'delivered-to-agency', 'delivery-failed', 'returned-to-post-office'],
    };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), walk, (chainLength, steps) => {
        let state = initialState(chainLength);
        for (const step of steps) {
          const [action, role] = command(state, step);
          let next: DossierState;
          try {
            next = transition(state, { type: action as Action, actor: { role: role as Role } }).next;
          } catch {
            continue;
          }
          const [from, to] = [state.status, next.status];
          expect(isTerminal(from)).toBe(false);
          if (to === 'returned') expect(from).toBe('result-ready');
          if (to === 'result-ready' && from !== 'result-ready') expect([from, next.chain.step]).toEqual(['processing', chainLength]);
          if (to === 'processing') expect(['result-ready', 'returned', 'refused', 'withdrawn', 'draft']).not.toContain(from);
          if (to === 'refused') expect(['new', 'routed']).toContain(from);
          expect(next.resume.length > 0).toBe(statuses[to].pauses);
          expect(next.chain.step).toBeGreaterThanOrEqual(state.chain.step);
          expect(next.chain.step).toBeLessThanOrEqual(chainLength);
          if (next.postal !== state.postal) expect(before[next.postal!] ?? ['none', 'delivered-to-agency']).toContain(state.postal ?? 'none');
          if (next.postal === 'out-for-delivery') expect(to).toBe('result-ready');
          state = next;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('reaches every status and every postal status from a draft', () => {
    expect(new Set(reachable.map((s) => s.status))).toEqual(new Set(statusNames));
    expect(new Set(reachable.map((s) => s.postal).filter(Boolean))).toEqual(new Set(Object.keys(postalStatuses)));
  });

  it('leads every non-terminal state to a terminal one', () => {
    for (const { states, edges } of graphs) {
      const canEnd = new Set([...states].filter(([, s]) => isTerminal(s.status)).map(([k]) => k));
      for (let grew = true; grew; ) {
        grew = false;
        for (const [k, out] of edges)
          if (!canEnd.has(k) && [...out].some((n) => canEnd.has(n))) {
            canEnd.add(k);
            grew = true;
          }
      }
      const stuck = [...states.values()].filter((s) => !canEnd.has(key(s)));
      expect(stuck).toEqual([]);
    }
  });

  it('accepts no command in a terminal status, and calls terminal exactly the statuses with no way out', () => {
    for (const rule of transitionTable) for (const s of rule.from) expect(isTerminal(s), `${rule.action} from ${s}`).toBe(false);
    for (const s of reachable.filter((x) => isTerminal(x.status)))
      for (const a of actionNames)
        for (const r of roleNames) {
          const thrown = (() => {
            try {
              transition(s, { type: a, actor: { role: r } });
            } catch (e) {
              return e;
            }
          })();
          // A role that may never do the action hears 403; anyone else hears 409.
          expect(thrown instanceof IllegalTransitionError || thrown instanceof ForbiddenError, `${a} by ${r} in ${s.status}`).toBe(true);
        }
    for (const s of reachable.filter((x) => !isTerminal(x.status))) expect(allowedTransitions(s).length, s.status).toBeGreaterThan(0);
  });

  it('opens at most one row of the table per action in any state', () => {
    for (const s of reachable)
      for (const a of actionNames) expect(transitionTable.filter((r) => r.action === a && r.from.includes(s.status) && (!r.leg || r.leg.from.includes(s.postal ?? 'none'))).length).toBeLessThanOrEqual(1);
  });

  it('emits an event with a Vietnamese label for every transition', () => {
    for (const s of reachable)
      for (const t of allowedTransitions(s)) {
        const { event } = transition(s, { type: t.action, actor: { role: t.roles[0]! } });
        expect(event.label).toBe(eventLabels[event.type]);
        expect(hasVietnamese(event.label), event.type).toBe(true);
      }
  });

  it('refuses roles outside the table and lets the listed roles through', () => {
    fc.assert(
      fc.property(fc.constantFrom(...reachable), anyRole, (state, role) => {
        for (const t of allowedTransitions(state)) {
          const command = { type: t.action, actor: { role: role as Role } };
          if (t.roles.includes(role as Role)) {
            expect(transition(state, command).next.status).toBe(t.to);
            expect(canTransition(state, t.action, role as Role)).toBe(true);
          } else {
            expect(() => transition(state, command)).toThrow(ForbiddenError);
            expect(canTransition(state, t.action, role as Role)).toBe(false);
          }
        }
      }),
    );
  });
});

describe('dossier state machine: vocabulary', () => {
  it('keeps the ten codes of production one-stop systems and has no "overdue" state', () => {
    const ten = ['new', 'received', 'refused', 'processing', 'supplement-requested', 'awaiting-payment', 'withdrawal-requested', 'stopped', 'result-ready', 'returned'];
    expect(ten.map((s) => statuses[s as Status].code)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(new Set(statusNames.map((s) => statuses[s].code)).size).toBe(statusNames.length);
    for (const s of statusNames) expect(statuses[s].reportsAs === null || statuses[s].reportsAs <= 10).toBe(true);
    expect([...statusNames, ...Object.keys(postalStatuses)].some((s) => s.includes('overdue'))).toBe(false);
  });

  it('labels every status, postal status and event in Vietnamese, with a short unaccented SMS form', () => {
    for (const s of statusNames) expect(hasVietnamese(statuses[s].label), s).toBe(true);
    for (const p of Object.values(postalStatuses)) expect(hasVietnamese(p.label)).toBe(true);
    for (const type of Object.keys(eventLabels) as EventType[]) {
      expect(smsLabel(type)).toMatch(/^[a-z ,]{1,40}$/);
    }
    expect(smsLabel('dossier.received')).toBe('da duoc tiep nhan');
    expect(Object.keys(eventLabels)).toHaveLength(actionNames.length);
  });

  it('keeps the exports of shared/domain/dossier.ts working', () => {
    expect(dossierStatuses).toBe(statuses);
    expect(dossierEventLabels['dossier.received']).toBe('Đã tiếp nhận hồ sơ');
    expect(dossierEventLabels['dossier.routed']).toBe('Đã chuyển đến cơ quan giải quyết');
    expect(dossierStatuses.received.label).toBe('Đã tiếp nhận');
  });
});

describe('dossier state machine: main paths', () => {
  const online = ['submit:citizen', 'receive:clerk', 'route:system', 'accept:agency'];

  it('takes an online dossier from submission to the returned result, through a supplement request', () => {
    const { state, events } = run([...online, 'request-supplement:agency', 'supplement:citizen', 'complete:agency', 'return:clerk']);
    expect(events.map((e) => [e.type, e.to])).toEqual([
      ['dossier.submitted', 'new'],
      ['dossier.received', 'received'],
      ['dossier.routed', 'routed'],
      ['dossier.accepted', 'processing'],
      ['dossier.supplement-requested', 'supplement-requested'],
      ['dossier.supplemented', 'processing'],
      ['dossier.completed', 'result-ready'],
      ['dossier.returned', 'returned'],
    ]);
    expect(state).toEqual({ status: 'returned', resume: [], chain: { step: 1, length: 1 } });
  });

  it('asks for supplements as many times as needed and resumes where the request interrupted', () => {
    expect(run([...online, 'request-supplement:agency', 'supplement:clerk', 'request-supplement:agency', 'supplement:agency']).state.status).toBe('processing');
    expect(run(['submit:citizen', 'request-supplement:clerk', 'supplement:citizen']).state.status).toBe('new');
  });

  it('waits for the fee and resumes, and extends the appointment without leaving processing', () => {
    expect(run(['submit:citizen', 'request-fee:system', 'pay:system', 'receive:clerk']).state.status).toBe('received');
    const { state, events } = run([...online, 'request-fee:agency', 'pay:courier', 'extend:agency']);
    expect(state.status).toBe('processing');
    expect(events.at(-1)).toEqual({ type: 'dossier.extended', label: 'Xin lỗi và hẹn lại ngày trả kết quả', actor: 'agency', from: 'processing', to: 'processing' });
  });

  it('receives a dossier at the counter in one visit', () => {
    expect(run(['receive:clerk']).events[0]).toEqual(expect.objectContaining({ type: 'dossier.received', from: 'draft', to: 'received' }));
  });

  it('refuses at reception, and the refused dossier accepts nothing more', () => {
    const { state, events } = run(['submit:citizen', 'refuse:clerk']);
    expect([state.status, events.at(-1)?.type]).toEqual(['refused', 'dossier.refused']);
    expect(allowedTransitions(state)).toEqual([]);
    expect(() => transition(state, { type: 'receive', actor: { role: 'clerk' } })).toThrow(IllegalTransitionError);
  });

  it('decides a withdrawal request either way', () => {
    const granted = run([...online, 'request-withdrawal:citizen', 'approve-withdrawal:agency']);
    expect(granted.events.slice(-2).map((e) => e.type)).toEqual(['dossier.withdrawal-requested', 'dossier.withdrawn']);
    expect(isTerminal(granted.state.status)).toBe(true);
    expect(run([...online, 'request-withdrawal:citizen', 'reject-withdrawal:agency']).state.status).toBe('processing');
    const nested = run([...online, 'request-supplement:agency', 'request-withdrawal:citizen', 'reject-withdrawal:agency']);
    expect(nested.state).toEqual(expect.objectContaining({ status: 'supplement-requested', resume: ['processing'] }));
    expect(transition(nested.state, { type: 'supplement', actor: { role: 'citizen' } }).next.status).toBe('processing');
  });

  it('stops processing (notice of stopping) and resumes where it stopped: status 8 is not terminal', () => {
    const { state, events } = run([...online, 'request-coordination:agency', 'stop:agency']);
    expect([state.status, events.at(-1)?.label]).toEqual(['stopped', 'Dừng xử lý hồ sơ']);
    expect(isTerminal('stopped')).toBe(false);
    expect(allowedTransitions(state).map((t) => [t.action, t.roles])).toEqual([
      ['resume-processing', ['agency']],
      ['request-withdrawal', ['citizen', 'clerk']],
    ]);
    const resumed = transition(state, { type: 'resume-processing', actor: { role: 'agency' } });
    expect([resumed.next.status, resumed.event.type, resumed.event.label]).toEqual(['awaiting-coordination', 'dossier.resumed', 'Tiếp tục xử lý hồ sơ']);
    expect(() => transition(state, { type: 'resume-processing', actor: { role: 'citizen' } })).toThrow(ForbiddenError);
    const fromSupplement = run([...online, 'request-supplement:agency', 'stop:agency', 'resume-processing:agency']).state;
    expect(fromSupplement).toEqual(expect.objectContaining({ status: 'supplement-requested', resume: ['processing'] }));
  });

  it('reports a withdrawal as its own outcome, never as "stopped" (8)', () => {
    expect(statuses.withdrawn.reportsAs).toBe(7);
    expect(Object.entries(statuses).filter(([, s]) => s.reportsAs === 8).map(([k]) => k)).toEqual(['stopped']);
    const withdrawnWhileStopped = run([...online, 'stop:agency', 'request-withdrawal:citizen', 'approve-withdrawal:agency']).state;
    expect(withdrawnWhileStopped.status).toBe('withdrawn');
  });

  it('waits for a co-ordinating agency and comes back to processing', () => {
    const { state, events } = run([...online, 'request-coordination:agency', 'extend:agency', 'answer-coordination:agency']);
    expect(state.status).toBe('processing');
    expect(events.slice(-3).map((e) => e.to)).toEqual(['awaiting-coordination', 'awaiting-coordination', 'processing']);
  });

  it('hands a chained dossier to the next agency; only the last one makes the result ready', () => {
    const { state, events } = run([...online, 'complete:agency', 'accept:agency', 'complete:agency', 'accept:agency', 'complete:agency'], initialState(3));
    const completed = events.filter((e) => e.type === 'dossier.completed');
    expect(completed.map((e) => e.to)).toEqual(['routed', 'routed', 'result-ready']);
    expect(state).toEqual({ status: 'result-ready', resume: [], chain: { step: 3, length: 3 } });
  });

  it('carries the paper from the citizen’s home to the agency, in order', () => {
    const { state, events } = run(['submit:citizen', 'pick-up:courier', 'dispatch:courier', 'deliver-to-agency:courier', 'receive:agency']);
    expect(events.slice(1, 4).map((e) => [e.type, e.to, e.postal])).toEqual([
      ['postal.picked-up', 'new', 'picked-up'],
      ['postal.in-transit', 'new', 'in-transit'],
      ['postal.delivered-to-agency', 'new', 'delivered-to-agency'],
    ]);
    expect(state).toEqual(expect.objectContaining({ status: 'received', postal: 'delivered-to-agency' }));
    expect(() => run(['submit:citizen', 'dispatch:courier'])).toThrow(IllegalTransitionError);
  });

  it('delivers the result by post after a failed attempt, which returns the result', () => {
    const ready = run([...online, 'complete:agency']).state;
    const { state, events } = run(['send-out:courier', 'fail-delivery:courier', 'send-out:courier', 'deliver:courier'], ready);
    expect(events.map((e) => [e.type, e.to, e.postal])).toEqual([
      ['postal.out-for-delivery', 'result-ready', 'out-for-delivery'],
      ['postal.delivery-failed', 'result-ready', 'delivery-failed'],
      ['postal.out-for-delivery', 'result-ready', 'out-for-delivery'],
      ['postal.delivered', 'returned', 'delivered'],
    ]);
    expect(state.status).toBe('returned');
  });

  it('keeps an undelivered result at the post office until the citizen collects it, and not while a courier carries it', () => {
    const ready = run([...online, 'complete:agency', 'send-out:clerk']).state;
    expect(() => transition(ready, { type: 'return', actor: { role: 'clerk' } })).toThrow(IllegalTransitionError);
    const { state } = run(['fail-delivery:courier', 'return-to-post-office:courier', 'return:clerk'], ready);
    expect(state).toEqual(expect.objectContaining({ status: 'returned', postal: 'returned-to-post-office' }));
  });
});

describe('dossier state machine: errors', () => {
  const returned = run(['receive:clerk', 'route:system', 'accept:agency', 'complete:agency', 'return:clerk']).state;

  it('answers an illegal transition with a 409 naming the status and the action', () => {
    const error = (() => {
      try {
        transition(returned, { type: 'accept', actor: { role: 'agency' } });
      } catch (e) {
        return e;
      }
    })() as IllegalTransitionError;
    expect(error).toBeInstanceOf(IllegalTransitionError);
    expect(error).toBeInstanceOf(ConflictError);
    expect([error.status, error.type, error.from, error.action]).toEqual([409, 'illegal-transition', 'returned', 'accept']);
    expect(hasVietnamese(error.title)).toBe(true);
    expect(error.message).toBe('Hồ sơ đang ở trạng thái "Đã trả kết quả", không thể nhận xử lý hồ sơ');
  });

  it('answers a role that may not cause the action with a 403', () => {
    expect(() => transition(returned, { type: 'accept', actor: { role: 'citizen' } })).toThrow(new ForbiddenError('Công dân không được nhận xử lý hồ sơ'));
    const routed = run(['receive:clerk', 'route:system']).state;
    // The clerk may refuse at reception, but not once the dossier is with the agency.
    expect(() => transition(routed, { type: 'refuse', actor: { role: 'clerk' } })).toThrow(ForbiddenError);
    expect(new ForbiddenError('x').status).toBe(403);
  });

  it('names the postal status when the postal leg blocks the command', () => {
    const out = run(['receive:clerk', 'route:system', 'accept:agency', 'complete:agency', 'send-out:courier']).state;
    expect(() => transition(out, { type: 'return', actor: { role: 'clerk' } })).toThrow('(bưu chính: "Kết quả đang được phát đến công dân")');
  });
});
