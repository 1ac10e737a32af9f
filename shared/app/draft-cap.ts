/**
 * The cap on open drafts per applicant: an anonymous `POST /v1/dossiers` allocates a dossier
 * code, so one person (or a script posing as many under one identity) may hold only so many
 * drafts not yet submitted. Applicants are found by a keyed hash of their CCCD (an organisation:
 * of its tax code) and of their phone (shared/app/keys.ts), never by the number. A draft counts while it is a draft and for
 * `draftCountsDays`; after that it is abandoned and frees its place (it can still be submitted).
 * The lists are written in the create's own transaction, guarded by the version they were read at.
 */
import type { DossierStore, TransactItem } from '../aws/dossier-store.ts';
import { draftIdentity, type Applicant } from '../domain/applicant.ts';
import { DomainError } from '../domain/errors.ts';
import { keyedHash, type KeyPurpose } from './keys.ts';

interface DraftCap { purpose: KeyPurpose; field: string; label: string; max: number }
/**
 * Per CCCD: one person rarely needs more than a few procedures at once. A phone may be a family's.
 * An organisation is counted by its tax code, with the same cap as a person for now.
 */
export const draftCaps: { cccd: DraftCap; taxCode: DraftCap; phone: DraftCap } = {
  cccd: { purpose: 'applicant-cccd', field: 'applicant.cccd', label: 'số CCCD', max: 5 },
  taxCode: { purpose: 'applicant-tax-code', field: 'applicant.taxCode', label: 'mã số thuế', max: 5 },
  phone: { purpose: 'applicant-phone', field: 'applicant.phone', label: 'số điện thoại', max: 10 },
};
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
 * answers the transaction items that add a new draft's code to them: the applicant's CCCD (an
 * organisation's tax code) and E.164 phone. The lists are read in one call, eventually consistent
 * unless `fresh` (a retry after their write was refused): a stale list fails its version guard.
 */
export async function reserveDraft(
  deps: { store: DossierStore; secret: Buffer },
  applicant: Applicant,
  now: Date,
  options: { fresh?: boolean } = {},
): Promise<(code: string) => TransactItem[]> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const horizon = nowSeconds - draftCountsDays * 86400;
  const { who, phone } = draftIdentity(applicant);
  const caps = [who.kind === 'tax-code' ? draftCaps.taxCode : draftCaps.cccd, draftCaps.phone];
  const identity = [who.value, phone];
  const keys = caps.map((cap, i) => keyedHash(deps.secret, cap.purpose, identity[i]!));
  const lists = await deps.store.applicantDrafts(keys, { consistent: options.fresh ?? false });
  // Only drafts still drafts count: one submitted since is dropped from the list here.
  const listed = [...new Set([...lists.values()].flatMap((l) => Object.entries(l.drafts).filter(([, at]) => at > horizon).map(([c]) => c)))];
  const statuses = await deps.store.statusesOf(listed);
  const issues: { field: string; message: string }[] = [];
  const next = caps.map((cap, i) => {
    const read = lists.get(keys[i]!);
    const open = Object.fromEntries(Object.entries(read?.drafts ?? {}).filter(([c, at]) => at > horizon && statuses.get(c) === 'draft'));
    if (Object.keys(open).length >= cap.max)
      issues.push({ field: cap.field, message: `đã có ${cap.max} hồ sơ nháp chưa nộp với ${cap.label} này; hãy nộp hoặc chờ ${draftCountsDays} ngày` });
    return { key: keys[i]!, version: read?.version, open };
  });
  if (issues.length > 0) throw new TooManyDraftsError(issues);
  return (code) =>
    next.map((l) => deps.store.applicantDraftsPut(l.key, l.version, { ...l.open, [code]: nowSeconds }, nowSeconds + draftCountsDays * 86400));
}
