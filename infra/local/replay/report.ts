/**
 * The replay's end: what was found checked against the plan (final states, agency messages by
 * messageId, SMS), and the figures (throughput, p50/p99 per hop, memory), as lines to print.
 * Pure: the caller gathers what it found.
 */
import type { Receipt } from './agency-inbox.ts';
import type { PlannedDossier } from './plan.ts';

export interface Found {
  plan: PlannedDossier;
  code?: string;
  status?: string;
  /** Why the journey stopped, if it did. */
  error?: string;
  /** SMS the dossier lists as sent, those it holds back (deferred), and the ones the gateway took for its phone. */
  smsSent: number;
  smsDeferred: number;
  smsAtGateway: number;
  /** What the dossier still owes (payments.owed), when read back. */
  owed?: number;
}

/** VmRSS of one local process at one moment of the run. */
export interface MemorySample {
  at: 'start' | 'middle' | 'end';
  name: string;
  kb: number | undefined;
}

export interface ReplayFigures {
  seconds: number;
  hops: Record<string, number[]>;
  rss: MemorySample[];
  /** Agency decisions refused (403) because the message came before the routing was recorded, then tried again. */
  races: number;
  /** The agency inbox's failed receives and deletes (a message not deleted comes back). */
  inboxErrors?: number;
  /** 503s retried with the same Idempotency-Key, 409 contentions retried (./client.ts). */
  retried: { count: number; conflicts: number };
  /** Live units, agencies with procedures touched / in the data; channel × outcome kinds played. */
  coverage: { units: [number, number]; agencies: [number, number]; kinds: number };
}

export interface Checks {
  ok: boolean;
  lost: number;
  /** Second sends: one envelope messageId in more than one SQS message. */
  duplicated: number;
  /** The same SQS message received again (at-least-once delivery; not a failure). */
  redelivered: number;
  unexpected: number;
  wrongState: number;
  /** SMS a dossier lists as sent that the gateway never got, and gateway messages beyond what dossiers list. */
  smsLost: number;
  smsDuplicated: number;
  /** Dossiers whose payments were planned and still owe something. */
  unpaid: number;
  lines: string[];
}

/** Nearest-rank percentile (p in 0–100) of a list of milliseconds; undefined when empty. */
export function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Checks the found dossiers and agency receipts against the plan, and renders the whole report. */
export function report(found: Found[], receipts: Receipt[], figures: ReplayFigures): Checks {
  const lines: string[] = [];
  const byCode = new Map(found.filter((f) => f.code).map((f) => [f.code!, f]));

  // Final states, expected vs found.
  const expected = count(found.map((f) => f.plan.expectedStatus));
  const got = count(found.map((f) => f.status ?? '(not found)'));
  const wrongState = found.filter((f) => f.status !== f.plan.expectedStatus).length;
  lines.push('final states (expected / found):');
  for (const s of new Set([...expected.keys(), ...got.keys()])) lines.push(`  ${s.padEnd(20)} ${String(expected.get(s) ?? 0).padStart(6)} / ${String(got.get(s) ?? 0).padStart(6)}`);
  lines.push(`dossiers in their expected state: ${found.length - wrongState} of ${found.length}`);
  for (const f of found.filter((x) => x.error || x.status !== x.plan.expectedStatus).slice(0, 10))
    lines.push(`  #${f.plan.index} (${f.plan.procedureId}, unit ${f.plan.unitId}, ${f.plan.channel}, ${f.plan.outcome}, ${f.plan.delivery}) ${f.error ? `stopped: ${f.error}` : `is ${f.status}`}`);
  lines.push('outcomes by channel (dossiers):');
  for (const o of new Set(found.map((f) => f.plan.outcome))) {
    const of = found.filter((f) => f.plan.outcome === o);
    const by = count(of.map((f) => f.plan.channel));
    lines.push(`  ${o.padEnd(22)} ${String(of.length).padStart(6)}  (${[...by].map(([c, n]) => `${c} ${n}`).join(', ')})`);
  }
  lines.push(`coverage: ${figures.coverage.units[0]} of ${figures.coverage.units[1]} live units, ${figures.coverage.agencies[0]} of ${figures.coverage.agencies[1]} agencies with procedures, ${figures.coverage.kinds} channel × outcome kinds`);
  const payers = found.filter((f) => !f.error && f.plan.payment !== 'none');
  const unpaid = payers.filter((f) => (f.owed ?? 0) > 0).length;
  lines.push(`payments: ${found.filter((f) => f.plan.payment === 'cash').length} cash, ${found.filter((f) => f.plan.payment === 'online').length} online through the gateway; ${unpaid} of ${payers.length} still owing (must be 0)`);
  for (const f of payers.filter((x) => (x.owed ?? 0) > 0).slice(0, 10))
    lines.push(`  #${f.plan.index} ${f.code ?? ''} (${f.plan.procedureId}, ${f.plan.channel}, ${f.plan.outcome}, ${f.plan.delivery}, ${f.plan.payment}) is ${f.status}, owes ${f.owed}`);

  // Agency messages: a planned (dossier, type) never received is lost; one envelope in two SQS
  // messages is a second send (duplicated); the same SQS message again is a redelivery.
  const { messages, duplicated, redelivered, secondSends } = deliveries(receipts);
  const distinct = new Map<string, Set<string>>();
  for (const r of receipts) {
    const key = `${r.agencyId}|${r.dossierCode}|${r.type}`;
    distinct.set(key, (distinct.get(key) ?? new Set()).add(r.messageId));
  }
  let lost = 0;
  let planned = 0;
  // A journey that stopped before reception has no code and made no message: its failure is its state, not a lost message.
  let unreached = 0;
  for (const f of found) {
    for (const m of f.plan.expectedMessages) {
      if (!f.code) {
        unreached++;
        continue;
      }
      planned++;
      if (!distinct.has(`${m.agencyId}|${f.code}|${m.type}`)) lost++;
    }
  }
  // A message nobody planned (another id for the same event, another dossier's, a type not expected).
  let unexpected = 0;
  for (const [key, ids] of distinct) {
    const [agencyId, code, type] = key.split('|') as [string, string, string];
    const f = byCode.get(code);
    const wanted = f ? f.plan.expectedMessages.filter((m) => m.type === type && m.agencyId === agencyId).length : 0;
    unexpected += Math.max(0, ids.size - wanted);
  }
  lines.push(`agency refused on its message (403: the routing not recorded yet), tried again: ${figures.races} time(s); 503 retried ${figures.retried.count}, 409 contention retried ${figures.retried.conflicts}`);
  lines.push(`agency messages: planned ${planned}, received ${messages}, lost ${lost}, duplicated ${duplicated}, unexpected ${unexpected}${unreached ? ` (${unreached} more planned for journeys stopped before reception)` : ''}`);
  for (const d of secondSends.slice(0, 10)) lines.push(`  sent twice: ${d.type} of ${d.dossierCode} at ${d.agencyId}, messageId ${d.messageId} in SQS messages ${d.sqsMessageIds.join(', ')}`);
  lines.push(`agency messages redelivered (the same SQS message again after its visibility timeout; at-least-once, absorbed by messageId): ${redelivered}${figures.inboxErrors ? `; ${figures.inboxErrors} receive/delete call(s) of the agencies' consumer failed` : ''}`);

  // Every SMS a dossier lists as sent reached the gateway, once; held-back ones wait for the deferred sweep (a schedule, off here).
  const sent = found.reduce((s, f) => s + f.smsSent, 0);
  const deferred = found.reduce((s, f) => s + f.smsDeferred, 0);
  const atGateway = found.reduce((s, f) => s + f.smsAtGateway, 0);
  const smsLost = found.reduce((s, f) => s + Math.max(0, f.smsSent - f.smsAtGateway), 0);
  const smsDuplicated = found.reduce((s, f) => s + Math.max(0, f.smsAtGateway - f.smsSent), 0);
  const silent = found.filter((f) => !f.error && f.smsAtGateway === 0).length;
  lines.push(`SMS: ${atGateway} recorded by the local gateway, ${sent} sent by the dossiers' account, lost ${smsLost}, duplicated ${smsDuplicated}, ${deferred} held back (per-phone rate limit, quiet hours), ${silent} dossier(s) with none`);
  for (const o of new Set(found.map((f) => f.plan.outcome))) {
    const of = found.filter((f) => f.plan.outcome === o);
    lines.push(`  ${o.padEnd(22)} ${String(of.reduce((s, f) => s + f.smsAtGateway, 0)).padStart(6)} at the gateway for ${of.length} dossier(s)`);
  }

  const done = found.filter((f) => !f.error).length;
  lines.push(`throughput: ${done} dossiers in ${figures.seconds.toFixed(1)} s = ${(done / figures.seconds).toFixed(2)} dossiers/s`);
  lines.push('latency per hop (ms):        n      p50      p99');
  for (const [hop, values] of Object.entries(figures.hops)) {
    lines.push(`  ${hop.padEnd(26)} ${String(values.length).padStart(5)} ${fmt(percentile(values, 50))} ${fmt(percentile(values, 99))}`);
  }
  lines.push('memory (VmRSS, MB):            start   middle      end');
  for (const name of new Set(figures.rss.map((r) => r.name))) {
    const at = (w: MemorySample['at']) => figures.rss.find((r) => r.name === name && r.at === w)?.kb;
    lines.push(`  ${name.padEnd(26)} ${mb(at('start'))} ${mb(at('middle'))} ${mb(at('end'))}`);
  }

  // A 403 race is tolerated (the agency's consumer tries again, as a real one does) and counted above.
  const ok = wrongState === 0 && lost === 0 && duplicated === 0 && unexpected === 0 && smsLost === 0 && smsDuplicated === 0 && silent === 0 && unpaid === 0;
  lines.push(ok ? 'replay: every check passed' : 'replay: CHECKS FAILED');
  return { ok, lost, duplicated, redelivered, unexpected, wrongState, smsLost, smsDuplicated, unpaid, lines };
}

/** A second send: one envelope `messageId` that came in more than one SQS message. */
export interface SecondSend {
  agencyId: string;
  dossierCode: string;
  type: string;
  messageId: string;
  sqsMessageIds: string[];
}

/**
 * Tells the two ways an envelope arrives twice apart. Example: receipts (A, sqs 1), (A, sqs 1,
 * count 2), (B, sqs 2), (B, sqs 3) are 1 redelivery and 1 duplicate (B sent twice).
 */
export function deliveries(receipts: Receipt[]): { messages: number; duplicated: number; redelivered: number; secondSends: SecondSend[] } {
  const sqsSeen = new Set<string>();
  const byEnvelope = new Map<string, { first: Receipt; sqs: Set<string> }>();
  let redelivered = 0;
  for (const r of receipts) {
    // Seen again, or seen first on a later receive (the answer to an earlier one was lost on the way).
    if (sqsSeen.has(r.sqsMessageId) || r.receiveCount > 1) redelivered++;
    sqsSeen.add(r.sqsMessageId);
    const e = byEnvelope.get(r.messageId);
    if (e) e.sqs.add(r.sqsMessageId);
    else byEnvelope.set(r.messageId, { first: r, sqs: new Set([r.sqsMessageId]) });
  }
  const secondSends = [...byEnvelope.values()]
    .filter((e) => e.sqs.size > 1)
    .map(({ first, sqs }) => ({ agencyId: first.agencyId, dossierCode: first.dossierCode, type: first.type, messageId: first.messageId, sqsMessageIds: [...sqs] }));
  return { messages: sqsSeen.size, duplicated: secondSends.reduce((n, d) => n + d.sqsMessageIds.length - 1, 0), redelivered, secondSends };
}

function count(values: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

const mb = (kb: number | undefined) => (kb === undefined ? '-' : String(Math.round(kb / 1024))).padStart(8);
const fmt = (ms: number | undefined) => (ms === undefined ? '-' : String(Math.round(ms))).padStart(8);
