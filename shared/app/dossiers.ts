/**
 * Creating and submitting dossiers. Online: a draft gets its code and access token, the citizen
 * uploads the scans, then submits; the clock starts when the system logs the complete dossier.
 * At the counter: the clerk checks the papers and receives the dossier at once (clock starts),
 * then scans them; routing waits until the mandatory scans are verified (see route-dossier.ts).
 */
import { randomUUID } from 'node:crypto';
import type { DossierStore } from '../aws/dossier-store.ts';
import { dueDate, type Calendar } from '../domain/calendar.ts';
import { channelOf } from '../domain/processing-time.ts';
import { missingSlots, slotsFor } from '../domain/documents.ts';
import { checkDossierRequest, createDossier, formatDossierCode, localDay, statuses, submitOnline, type Dossier, type DossierRequest } from '../domain/dossier.ts';
import { ConflictError, ValidationError } from '../domain/errors.ts';
import type { Province } from '../domain/province.ts';
import { hashAccessToken, tokenMatches } from './access-token.ts';
import { reserveDraft } from './draft-cap.ts';

export interface DossierDeps {
  store: DossierStore;
  province: Province;
  calendar: Calendar;
  now: () => Date;
}

/**
 * Creates a dossier: a draft online, or received at once by a clerk at `counter.servicePointId`
 * (an existing service point: the counter API checks the clerk's token first).
 * `token` is the dossier's access token (derived from the request's Idempotency-Key, see
 * shared/app/keys.ts): only its hash is stored. Online drafts count against the applicant's cap
 * (shared/app/draft-cap.ts), checked before a code is allocated.
 */
export async function openDossier(
  deps: DossierDeps & { secret: Buffer },
  request: DossierRequest,
  channel: Dossier['channel'],
  options: { token: string; counter?: { servicePointId: string } },
) {
  const now = deps.now();
  const accepted = checkDossierRequest(deps.province, request, now);
  const { counter } = options;
  for (let attempt = 0; attempt < 3; attempt++) {
    const drafts = channel === 'online' ? await reserveDraft(deps, accepted.applicant, now) : () => [];
    const seq = await deps.store.nextSequence(accepted.agency.code, localDay(now), now);
    const code = formatDossierCode(accepted.agency.code, now, seq);
    const { dossier, events } = createDossier(accepted, {
      code,
      now,
      eventIds: [randomUUID(), randomUUID()],
      accessTokenHash: hashAccessToken(options.token),
      channel,
      ...(counter ? { counter: { servicePointId: counter.servicePointId, dueAt: dueDate(now, accepted.procedure, deps.calendar, { channel: channelOf(channel) }) } } : {}),
    });
    // A draft list that changed since it was read (the same applicant creating another draft at
    // this moment) is read again; the allocated number is skipped, never reused.
    if ((await deps.store.create(dossier, events, drafts(code))) === 'created') return createdView(deps.province, dossier, options.token);
  }
  throw new ConflictError('hồ sơ nháp của người nộp vừa thay đổi, vui lòng thử lại');
}

/** What a create answers: the dossier's code, status and slots, and its access token (the only time it is shown). */
export function createdView(province: Province, dossier: Dossier, token: string) {
  const procedure = province.procedures.get(dossier.procedureId);
  const agency = province.agencies.get(dossier.agencyId);
  return {
    code: dossier.code,
    status: dossier.status,
    statusLabel: statuses[dossier.status].label,
    createdAt: dossier.createdAt,
    ...(dossier.receivedAt ? { receivedAt: dossier.receivedAt, dueAt: dossier.dueAt } : {}),
    procedure: { id: dossier.procedureId, name: procedure?.name ?? dossier.procedureId },
    agency: { id: dossier.agencyId, name: agency?.name ?? dossier.agencyId },
    documents: procedure
      ? slotsFor(procedure, dossier.applicant)
          .filter((s) => s.kind === 'documents')
          .map((s) => ({ id: s.id, name: s.name, mandatory: s.mandatory }))
      : [],
    accessToken: token,
  };
}

/**
 * The answer to a create retried under the same key: the dossier it made, with the token derived
 * again. A token that no longer matches the stored hash is never handed out.
 */
export async function replayCreated(deps: { store: DossierStore; province: Province }, code: string, token: string) {
  const dossier = await deps.store.getDossier(code);
  if (!dossier || !tokenMatches(token, dossier.accessTokenHash)) throw new Error(`idempotent replay: dossier ${code} is missing or its token does not match`);
  return createdView(deps.province, dossier, token);
}

/** A citizen's submission: refused with 409 listing each mandatory scan that is not verified. */
export async function submitDossier(deps: DossierDeps, dossier: Dossier): Promise<void> {
  const procedure = deps.province.procedures.get(dossier.procedureId);
  if (!procedure) throw new Error(`procedure ${dossier.procedureId} of ${dossier.code} is not in the catalogue`);
  if (dossier.status === 'draft') {
    const missing = missingSlots(slotsFor(procedure, dossier.applicant), dossier.documents ?? {});
    if (missing.length > 0)
      throw new MissingDocumentsError(missing.map((s) => ({ field: `documents.${s.id}`, message: `chưa có bản quét hợp lệ: ${s.name}` })));
  }
  const now = deps.now();
  const change = submitOnline(dossier, { now, dueAt: dueDate(now, procedure, deps.calendar, { channel: channelOf(dossier.channel) }), eventIds: [randomUUID(), randomUUID()] });
  const outcome = await deps.store.commit(dossier, change.state, change.events, { set: change.set });
  if (outcome !== 'committed') throw new ConflictError('hồ sơ vừa được cập nhật, vui lòng thử lại');
}

/** 409: the dossier cannot be submitted yet; `issues` names each missing slot. */
export class MissingDocumentsError extends ConflictError {
  override readonly type = 'documents-missing';
  override readonly title = 'Hồ sơ chưa đủ thành phần';
  constructor(readonly issues: { field: string; message: string }[]) {
    super(`còn thiếu ${issues.length} thành phần bắt buộc`);
  }
}
