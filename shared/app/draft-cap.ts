/**
 * The cap on open drafts per applicant: an anonymous `POST /v1/dossiers` allocates a dossier
 * code, so one person (or a script posing as many under one identity) may hold only so many
 * drafts not yet submitted. Applicants are found by a keyed hash of their CCCD and of their phone
 * (shared/app/keys.ts), never by the number. A draft counts while it is a draft and for
 * `draftCountsDays`; after that it is abandoned and frees its place (it can still be submitted).
 * The lists are written in the create's own transaction, guarded by the version they were read at.
 */
import type { DossierStore, TransactItem } from '../aws/dossier-store.ts';
import { DomainError } from '../domain/errors.ts';
import { keyedHash, type KeyPurpose } from './keys.ts';

/** Per CCCD: one person rarely needs more than a few procedures at once. A phone may be a family's. */
export const draftCaps: { purpose: KeyPurpose; field: string; max: number }[] = [
  { purpose: 'applicant-cccd', field: 'applicant.cccd', max: 5 },
  { purpose: 'applicant-phone', field: 'applicant.phone', max: 10 },
];
export const draftCountsDays = 7;

/** 429: the applicant already holds the most open drafts allowed. */
export class TooManyDraftsError extends DomainError {
  readonly status = 429;
  readonly type = 'too-many-drafts';
  readonly title = 'Quá nhiều hồ sơ nháp chưa nộp';
  override readonly retryAfterSeconds = 3600;
  constructor(readonly issues: { field: string; message: string }[]) {
    super(issues.map((i) => i.message).join('; '));
  }
}

/**
 * Checks the applicant's open drafts (429 when a list is full, before any code is allocated) and
 * answers the transaction items that add a new draft's code to them. `identity`: the CCCD and the
 * E.164 phone, in `draftCaps` order.
 */
export async function reserveDraft(
  deps: { store: DossierStore; secret: Buffer },
  identity: [cccd: string, phone: string],
  now: Date,
): Promise<(code: string) => TransactItem[]> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const horizon = nowSeconds - draftCountsDays * 86400;
  const keys = draftCaps.map((cap, i) => keyedHash(deps.secret, cap.purpose, identity[i]!));
  const lists = await deps.store.applicantDrafts(keys);
  // Only drafts still drafts count: one submitted since is dropped from the list here.
  const listed = [...new Set([...lists.values()].flatMap((l) => Object.entries(l.drafts).filter(([, at]) => at > horizon).map(([c]) => c)))];
  const statuses = await deps.store.statusesOf(listed);
  const issues: { field: string; message: string }[] = [];
  const next = draftCaps.map((cap, i) => {
    const read = lists.get(keys[i]!);
    const open = Object.fromEntries(Object.entries(read?.drafts ?? {}).filter(([c, at]) => at > horizon && statuses.get(c) === 'draft'));
    if (Object.keys(open).length >= cap.max)
      issues.push({ field: cap.field, message: `đã có ${cap.max} hồ sơ nháp chưa nộp với ${cap.field === 'applicant.cccd' ? 'số CCCD' : 'số điện thoại'} này; hãy nộp hoặc chờ ${draftCountsDays} ngày` });
    return { key: keys[i]!, version: read?.version, open };
  });
  if (issues.length > 0) throw new TooManyDraftsError(issues);
  return (code) =>
    next.map((l) => deps.store.applicantDraftsPut(l.key, l.version, { ...l.open, [code]: nowSeconds }, nowSeconds + draftCountsDays * 86400));
}
