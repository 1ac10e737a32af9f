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
}

export interface ReplayFigures {
  seconds: number;
  hops: Record<string, number[]>;
  rss: { name: string; kb: number | undefined }[];
  /** Agency decisions refused (403) because the message came before the routing was recorded, then tried again. */
  races: number;
}

export interface Checks {
  ok: boolean;
  lost: number;
  duplicated: number;
  unexpected: number;
  wrongState: number;
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
  for (const f of found.filter((x) => x.error).slice(0, 10)) lines.push(`  #${f.plan.index} (${f.plan.channel}, ${f.plan.delivery}) stopped: ${f.error}`);

  // Agency messages: by messageId a second receipt is a duplicate; a planned (dossier, type) never received is lost.
  const seen = new Set<string>();
  let duplicated = 0;
  for (const r of receipts) {
    if (seen.has(r.messageId)) duplicated++;
    seen.add(r.messageId);
  }
  const distinct = new Map<string, Set<string>>();
  for (const r of receipts) {
    const key = `${r.dossierCode}|${r.type}`;
    distinct.set(key, (distinct.get(key) ?? new Set()).add(r.messageId));
  }
  let lost = 0;
  let planned = 0;
  for (const f of found) {
    for (const type of f.plan.expectedMessages) {
      planned++;
      if (!f.code || !distinct.has(`${f.code}|${type}`)) lost++;
    }
  }
  // A message nobody planned (another id for the same event, another dossier's, a type not expected).
  let unexpected = 0;
  for (const [key, ids] of distinct) {
    const [code, type] = key.split('|') as [string, string];
    const f = byCode.get(code);
    const wanted = f ? f.plan.expectedMessages.filter((t) => t === type).length : 0;
    unexpected += Math.max(0, ids.size - wanted);
  }
  lines.push(`agency refused on its message (403: the routing not recorded yet), then again: ${figures.races} time(s) (must be 0)`);
  lines.push(`agency messages: planned ${planned}, received ${receipts.length}, lost ${lost}, duplicated ${duplicated}, unexpected ${unexpected}`);

  // Every SMS a dossier lists as sent reached the gateway, once; held-back ones wait for the deferred sweep (a schedule, off here).
  const sent = found.reduce((s, f) => s + f.smsSent, 0);
  const deferred = found.reduce((s, f) => s + f.smsDeferred, 0);
  const atGateway = found.reduce((s, f) => s + f.smsAtGateway, 0);
  const silent = found.filter((f) => !f.error && f.smsAtGateway === 0).length;
  lines.push(`SMS: ${atGateway} recorded by the local gateway, ${sent} sent by the dossiers' account, ${deferred} held back (per-phone rate limit, quiet hours), ${silent} dossier(s) with none`);

  const done = found.filter((f) => !f.error).length;
  lines.push(`throughput: ${done} dossiers in ${figures.seconds.toFixed(1)} s = ${(done / figures.seconds).toFixed(2)} dossiers/s`);
  lines.push('latency per hop (ms):        n      p50      p99');
  for (const [hop, values] of Object.entries(figures.hops)) {
    lines.push(`  ${hop.padEnd(26)} ${String(values.length).padStart(5)} ${fmt(percentile(values, 50))} ${fmt(percentile(values, 99))}`);
  }
  lines.push('memory (VmRSS):');
  for (const r of figures.rss) lines.push(`  ${r.name.padEnd(26)} ${r.kb === undefined ? '(not found)' : `${Math.round(r.kb / 1024)} MB`}`);

  // An agency acting the moment its message arrives must find the dossier routed to it (the routing is recorded before the message is sent).
  const ok = wrongState === 0 && lost === 0 && duplicated === 0 && unexpected === 0 && sent === atGateway && silent === 0 && figures.races === 0;
  lines.push(ok ? 'replay: every check passed' : 'replay: CHECKS FAILED');
  return { ok, lost, duplicated, unexpected, wrongState, lines };
}

function count(values: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

const fmt = (ms: number | undefined) => (ms === undefined ? '-' : String(Math.round(ms))).padStart(8);
