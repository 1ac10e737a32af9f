/**
 * The agency API as the connector calls it: read a dossier, download a scan through its
 * short-lived presigned GET, upload a result document through a presigned POST, send a decision.
 * Every POST carries an `Idempotency-Key`. Plain `fetch`, no SDK: this is what any agency
 * integration does over HTTPS.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { defaultDataDir } from '../local/config.ts';
import { signToken } from '../local/keys.ts';
import { tokenClaims } from '../local/token.ts';
import { decisionSchema, type Decision } from '../../shared/contracts/decisions.ts';
// Vietnamese validation messages, as the API gives them (http.ts configures zod's `vi` locale).
import '../../shared/contracts/http.ts';

export const decisionTypes = ['accept', 'request-supplement', 'reject', 'extend', 'complete'] as const;
export type DecisionType = (typeof decisionTypes)[number];

/** A non-2xx answer of the API, with its problem+json when there is one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { type?: string; title?: string; detail?: string } | undefined,
    what: string,
  ) {
    super(`${what}: HTTP ${status}${problem?.title ? ` ${problem.title}` : ''}${problem?.detail ? ` (${problem.detail})` : ''}`);
  }
}

export type TokenSource = () => Promise<string>;

/**
 * A bearer token for the agency: `token` as given, or (local cloud only) a fresh one signed with
 * the key set of `npm start` under MOTCUA_DATA_DIR or `.motcua/`, renewed before it expires.
 * Example: `agencyTokenSource('gl-stp')` after `npm start` has run once.
 */
export function agencyTokenSource(agencyId: string, token?: string, dataDir = defaultDataDir()): TokenSource {
  if (token) return async () => token;
  if (!existsSync(path.join(dataDir, 'keys', 'private-key.jwk.json')))
    throw new Error(`no --token given and no local key set in ${dataDir}/keys (start the local cloud with npm start, or pass --token)`);
  let cached: { token: string; renewAt: number } | undefined;
  return async () => {
    if (!cached || Date.now() > cached.renewAt) {
      const claims = tokenClaims({ role: 'agency', agency: agencyId, sub: `connector-${agencyId}` });
      // Renewed ten minutes before the hour is up.
      cached = { token: await signToken(dataDir, claims), renewAt: Date.now() + 50 * 60_000 };
    }
    return cached.token;
  };
}

export const sha256Base64 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('base64');

const contentTypes: Record<string, 'application/pdf' | 'image/jpeg' | 'image/png'> = { '.pdf': 'application/pdf', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png' };

export const extensionOf = (contentType: string) => (contentType === 'image/png' ? 'png' : contentType === 'image/jpeg' ? 'jpg' : 'pdf');

export class AgencyApi {
  constructor(
    private readonly baseUrl: string,
    private readonly token: TokenSource,
    private readonly pollMs = 250,
  ) {}

  private async call<T = any>(method: 'GET' | 'POST', route: string, body?: unknown, idempotencyKey?: string): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${await this.token()}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method === 'POST') headers['idempotency-key'] = idempotencyKey ?? randomUUID();
    const res = await fetch(new URL(route, this.baseUrl), { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    let parsed: any;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!res.ok) throw new ApiError(res.status, parsed, `${method} ${route}`);
    return parsed as T;
  }

  /** The dossier with the applicant's details and its slots (`documents[]`, `results[]`). */
  getDossier(code: string): Promise<any> {
    return this.call('GET', `/v1/agency/dossiers/${encodeURIComponent(code)}`);
  }

  /** Downloads one scan: asks for its presigned GET (valid at most 5 minutes) and fetches it. */
  async downloadScan(code: string, slot: string): Promise<Buffer> {
    const link = await this.call<{ url: string }>('GET', `/v1/agency/dossiers/${encodeURIComponent(code)}/documents/${encodeURIComponent(slot)}`);
    const res = await fetch(link.url);
    if (!res.ok) throw new ApiError(res.status, undefined, `download of ${code}/${slot}`);
    return Buffer.from(await res.arrayBuffer());
  }

  /**
   * Uploads a result document into a result slot (`result-1` ...) and waits until the document
   * check has verified it; throws if it was rejected (with the reason) or never checked.
   */
  async uploadResult(code: string, slot: string, file: string, timeoutMs = 30_000): Promise<void> {
    const contentType = contentTypes[path.extname(file).toLowerCase()];
    if (!contentType) throw new Error(`${file}: a result must be a .pdf, .jpg or .png file`);
    const bytes = await readFile(file);
    const form = await this.call<{ url: string; fields: Record<string, string> }>(
      'POST',
      `/v1/agency/dossiers/${encodeURIComponent(code)}/results/${encodeURIComponent(slot)}/upload-url`,
      { contentType, size: bytes.length, sha256: sha256Base64(bytes) },
    );
    // A browser-style form: every field the API returned, then the file last (S3 ignores fields after it).
    const body = new FormData();
    for (const [k, v] of Object.entries(form.fields)) body.append(k, v);
    body.append('file', new Blob([new Uint8Array(bytes)], { type: contentType }), path.basename(file));
    const posted = await fetch(form.url, { method: 'POST', body });
    if (!posted.ok) throw new ApiError(posted.status, undefined, `upload of ${file} to ${code}/${slot}`);

    const until = Date.now() + timeoutMs;
    for (;;) {
      const dossier = await this.getDossier(code);
      const state = (dossier.results ?? []).find((r: { id: string }) => r.id === slot);
      if (state?.status === 'verified') return;
      if (state?.status === 'rejected') throw new Error(`${code}/${slot}: văn bản kết quả bị từ chối: ${state.reason ?? 'không rõ lý do'}`);
      if (Date.now() > until) throw new Error(`${code}/${slot}: the result document was not verified within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, this.pollMs));
    }
  }

  /** POST /v1/agency/dossiers/{code}/decisions; the same key sent again gets the first answer back. */
  decide(code: string, decision: Decision, idempotencyKey: string): Promise<any> {
    return this.call('POST', `/v1/agency/dossiers/${encodeURIComponent(code)}/decisions`, decision, idempotencyKey);
  }
}

/** The flags a decision is built from (CLI options, or the connector's `decide` option). */
export interface DecisionFlags {
  type: DecisionType;
  note?: string;
  /** request-supplement: "slot|document|reason" or "document|reason", one per item. */
  items?: string[];
  officer?: string;
  reason?: string;
  legalBasis?: string;
  signer?: string;
  newDueDate?: string;
  summary?: string;
  /** complete: result files, uploaded to result-1, result-2, ... in order. */
  results?: string[];
}

/** Builds and validates a decision body; throws with the failing field (Vietnamese messages from the contract). */
export function decisionFromFlags(flags: DecisionFlags): Decision {
  const items = (flags.items ?? []).map((raw) => {
    const parts = raw.split('|').map((s) => s.trim());
    if (parts.length === 3) return { slot: parts[0], document: parts[1], reason: parts[2] };
    if (parts.length === 2) return { document: parts[0], reason: parts[1] };
    throw new Error(`--item "${raw}": expected "slot|document|reason" or "document|reason"`);
  });
  const resultSlots = (flags.results ?? []).map((_, i) => `result-${i + 1}`);
  const candidate: Record<DecisionType, unknown> = {
    accept: { type: 'accept', note: flags.note },
    'request-supplement': { type: 'request-supplement', items, officer: flags.officer },
    reject: { type: 'reject', reason: flags.reason, legalBasis: flags.legalBasis, officer: flags.officer },
    extend: { type: 'extend', reason: flags.reason, newDueDate: flags.newDueDate, signer: flags.signer },
    complete: { type: 'complete', resultSlots, summary: flags.summary },
  };
  if (!decisionTypes.includes(flags.type)) throw new Error(`--type/--decide must be one of ${decisionTypes.join(', ')}`);
  const parsed = decisionSchema.safeParse(JSON.parse(JSON.stringify(candidate[flags.type])));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'decision'}: ${i.message}`);
    throw new Error(`quyết định "${flags.type}" chưa đủ thông tin: ${issues.join('; ')}`);
  }
  return parsed.data;
}

/**
 * Sends one decision the way an officer would: `complete` first uploads the result files (and, if
 * the agency has not yet taken the dossier up, accepts it, since only a dossier being processed
 * can be completed); `extend` also needs the dossier in processing. Keys derive from `keyBase`, so
 * a retry with the same base repeats nothing.
 */
export async function sendDecision(api: AgencyApi, code: string, flags: DecisionFlags, keyBase: string, log: (line: string) => void): Promise<unknown> {
  const decision = decisionFromFlags(flags);
  if (decision.type === 'complete' || decision.type === 'extend') {
    let dossier = await api.getDossier(code);
    if (dossier.status === 'routed') {
      dossier = await api.decide(code, { type: 'accept' }, `${keyBase}-accept`);
      log(`  ${code}: đã nhận xử lý (accept)`);
    }
    if (decision.type === 'complete' && dossier.status === 'processing') {
      for (const [i, file] of (flags.results ?? []).entries()) {
        await api.uploadResult(code, `result-${i + 1}`, file);
        log(`  ${code}: đã tải lên văn bản kết quả result-${i + 1} (${path.basename(file)}), đã kiểm tra hợp lệ`);
      }
    }
  }
  const answer = await api.decide(code, decision, `${keyBase}-${decision.type}`);
  log(`  ${code}: đã gửi quyết định ${decision.type} → ${answer?.statusLabel ?? answer?.status ?? 'OK'}`);
  return answer;
}
