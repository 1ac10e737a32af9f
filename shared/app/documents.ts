/**
 * Scans and result documents of a dossier: issuing upload forms, verifying what lands in S3,
 * and handing out short-lived download links. Every change is a dossier event.
 */
import { randomUUID } from 'node:crypto';
import type { DocumentBucket } from '../aws/document-bucket.ts';
import { documentKey, parseDocumentKey } from '../aws/document-bucket.ts';
import type { DossierStore } from '../aws/dossier-store.ts';
import { stateOf, type Dossier, type DossierEvent } from '../domain/dossier.ts';
import {
  pendingSlot,
  slotsFor,
  type PendingUpload,
  verifyUpload,
  type AcceptedType,
  type SlotDefinition,
  type SlotKind,
} from '../domain/documents.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { afterFileChecks, afterMalwareScan, type MalwareResult } from '../domain/malware-scan.ts';
import type { Province } from '../domain/province.ts';
import { quoteValue } from '../domain/text.ts';
import type { Status } from '../domain/state-machine.ts';

export interface DocumentDeps {
  store: DossierStore;
  bucket: DocumentBucket;
  province: Province;
  now: () => Date;
}

/** Upload forms live 15 minutes; download links 5 minutes (agencies) or 15 (citizens, clerks). */
export const uploadExpirySeconds = 15 * 60;
export const agencyDownloadSeconds = 5 * 60;
export const resultDownloadSeconds = 15 * 60;

/** Statuses in which scans may still be uploaded (a supplement request reopens them). */
const scanOpen: readonly Status[] = ['draft', 'new', 'received', 'supplement-requested'];
/** Statuses in which the agency may upload result documents. */
const resultOpen: readonly Status[] = ['processing', 'awaiting-coordination'];
/** A result can be downloaded once the dossier has one. */
const resultReady: readonly Status[] = ['result-ready', 'returned'];

export async function loadDossier(store: DossierStore, code: string): Promise<Dossier> {
  const dossier = await store.getDossier(code);
  if (!dossier) throw new NotFoundError(`không có hồ sơ ${quoteValue(code)}`);
  return dossier;
}

function slotOf(province: Province, dossier: Dossier, slotId: string, kind: SlotKind): SlotDefinition {
  const procedure = province.procedures.get(dossier.procedureId);
  const slot = procedure ? slotsFor(procedure, dossier.applicant).find((s) => s.id === slotId && s.kind === kind) : undefined;
  if (!slot) throw new NotFoundError(`hồ sơ ${dossier.code ?? dossier.ref} không có thành phần ${quoteValue(slotId)}`);
  return slot;
}

const sameDeclaration = (a: PendingUpload | undefined, b: PendingUpload) =>
  a !== undefined && a.contentType === b.contentType && a.size === b.size && a.sha256 === b.sha256 && a.maxBytes === b.maxBytes && a.by === b.by;

/**
 * Issues a presigned POST for one slot (the server fixes the key), pinning type, size range and
 * the declared SHA-256, and records what was declared so verification can hold the upload to it.
 */
export async function requestUpload(
  deps: DocumentDeps,
  input: { code: string; slot: string; kind: SlotKind; contentType: AcceptedType; size: number; sha256: string; by: string },
) {
  const now = deps.now();
  for (let attempt = 0; attempt < 5; attempt++) {
    const dossier = await loadDossier(deps.store, input.code);
    const slot = slotOf(deps.province, dossier, input.slot, input.kind);
    const open = input.kind === 'documents' ? scanOpen : resultOpen;
    if (!open.includes(dossier.status))
      throw new ConflictError(`hồ sơ đang ở trạng thái "${dossier.status}", không nhận tải lên ${input.kind === 'documents' ? 'bản quét' : 'văn bản kết quả'}`);
    if (input.size > slot.maxBytes)
      throw ValidationError.field('size', `tệp ${input.size} byte vượt quá giới hạn ${slot.maxBytes} byte của thành phần "${slot.name}"`);
    const key = documentKey(dossier.ref, input.kind, slot.id);
    const form = await deps.bucket.uploadForm({ key, contentType: input.contentType, maxBytes: slot.maxBytes, sha256: input.sha256, expiresSeconds: uploadExpirySeconds, now });
    const pending = { contentType: input.contentType, size: input.size, sha256: input.sha256, maxBytes: slot.maxBytes, issuedAt: now.toISOString(), by: input.by };
    const answer = { url: form.url, fields: form.fields, key, maxBytes: slot.maxBytes, expiresAt: form.expiresAt };
    const states = input.kind === 'documents' ? dossier.documents : dossier.results;
    // The same declaration again (a retry, a double click): nothing to write, a fresh form.
    if (sameDeclaration(states?.[slot.id]?.pending, pending)) return answer;
    const outcome = await deps.store.commit(dossier, stateOf(dossier), [], {
      set: { [`${input.kind}.${slot.id}`]: pendingSlot(states?.[slot.id], pending) },
      guard: { path: `${input.kind}.${slot.id}`, rev: states?.[slot.id]?.rev },
    });
    if (outcome === 'committed') return answer;
  }
  throw new ConflictError('hồ sơ đang được cập nhật, vui lòng thử lại');
}

/** The write an object is: its version, or its ETag where the bucket has no versions (locally). */
const writeIdOf = (o: { versionId?: string; eTag?: string }) => o.versionId ?? o.eTag;

/**
 * The file-check half of a scan's verification (S3 object-created): real type by magic bytes,
 * size, SHA-256 against what was declared, and no active content in a PDF. A failure rejects the
 * slot and moves the object to quarantine; a pass leaves the slot `uploaded` until the malware
 * result for the same write is in (`recordMalwareScan`), unless it already is: then the slot is
 * verified. Once per write: the object's version, or the event's sequencer where the bucket has
 * no versions (a redelivered S3 event is a no-op).
 */
export async function verifyDocument(
  deps: DocumentDeps,
  key: string,
  write: { versionId?: string; sequencer?: string } = {},
): Promise<'verified' | 'rejected' | 'awaiting' | 'ignored' | 'already'> {
  const parsed = parseDocumentKey(key);
  if (!parsed) return 'ignored';
  const object = await deps.bucket.inspect(key, write.versionId);
  if (!object) return 'ignored'; // replaced or quarantined meanwhile
  // Not the content's checksum: the same file uploaded again after a rejection (declared right
  // this time) is a new write and must be verified again.
  const marker = `UPLOAD#${parsed.kind}#${parsed.slot}#${object.versionId ?? write.sequencer ?? object.sha256}`;
  const writeId = writeIdOf(object) ?? object.sha256;
  const quarantineKey = (now: Date) => `quarantine/${parsed.code}/${parsed.kind}/${parsed.slot}/${object.versionId ?? write.sequencer ?? now.getTime()}`;
  for (let attempt = 0; attempt < 5; attempt++) {
    const dossier = await deps.store.getDossier(parsed.code);
    if (!dossier) return 'ignored';
    const states = (parsed.kind === 'documents' ? dossier.documents : dossier.results) ?? {};
    const current = states[parsed.slot];
    const pending = current?.pending;
    const now = deps.now();
    // The form posted twice (a double click; the policy pins the checksum, so the same bytes):
    // the first write consumed the declaration, the second changes nothing.
    if (!pending && (current?.status === 'verified' || current?.awaiting) && current.sha256 === object.sha256) return 'already';
    // Decided already without this event: the malware result came first and refused the write.
    if (!pending && current?.writeId === writeId && current.status === 'rejected') {
      await deps.bucket.quarantine(key, quarantineKey(now), object.versionId);
      return 'already';
    }
    const verdict = pending
      ? verifyUpload(
          { head: object.head, ...(object.body ? { body: object.body } : {}), size: object.size, declaredType: pending.contentType, declaredSize: pending.size, declaredSha256: pending.sha256, actualSha256: object.sha256 },
          { maxBytes: pending.maxBytes },
        )
      : ({ verified: false, reason: 'tệp không được tải lên qua đường dẫn do hệ thống cấp' } as const);
    const next = afterFileChecks(
      current,
      verdict,
      { writeId, size: object.size, sha256: object.sha256, ...(object.versionId ? { versionId: object.versionId } : {}) },
      pending ?? { contentType: 'application/pdf', size: 0, sha256: '', maxBytes: 0, issuedAt: '', by: '' },
      now.toISOString(),
    );
    // The file checks alone never make a history entry: the verdict does, once both halves are in.
    const events = next.outcome === 'awaiting' ? [] : [verdictEvent(dossier, next.outcome === 'verified', now, { kind: parsed.kind, slot: parsed.slot, ...(next.reason ? { reason: next.reason } : {}) })];
    // A write nobody declared over a verified scan (an old form replayed, a stray PutObject) is
    // moved away, and the verified scan stays what the slot holds.
    const keep = !pending && current?.status === 'verified';
    if (keep) events[0]!.data.kept = 'verified';
    const set = keep ? {} : { [`${parsed.kind}.${parsed.slot}`]: { ...next.state, rev: (current?.rev ?? 0) + 1 } };
    const guard = { path: `${parsed.kind}.${parsed.slot}`, rev: current?.rev };
    const outcome = await deps.store.commit(dossier, stateOf(dossier), events, { marker, set, ...(keep ? {} : { guard }) });
    if (outcome === 'already') {
      // Recorded by an earlier delivery of this event: if that delivery failed to move a refused
      // file away, the file is still at the slot key (we just read it): move it now.
      const holds = (current?.status === 'verified' || current?.status === 'uploaded') && (current.writeId === writeId || current.sha256 === object.sha256);
      if (!holds) await deps.bucket.quarantine(key, quarantineKey(now), object.versionId);
      return 'already';
    }
    if (outcome === 'committed') {
      if (next.outcome === 'rejected' || keep) await deps.bucket.quarantine(key, quarantineKey(now), object.versionId);
      return keep ? 'rejected' : next.outcome;
    }
  }
  throw new Error(`could not record the verification of ${key}: the dossier keeps changing`);
}

/** The history entry of a scan's verdict, once both halves (file checks, malware scan) are in. */
function verdictEvent(dossier: Dossier, verified: boolean, now: Date, data: Record<string, unknown>): DossierEvent {
  return {
    eventId: randomUUID(),
    dossierRef: dossier.ref,
    seq: dossier.version + 1,
    type: verified ? 'document.verified' : 'document.rejected',
    at: now.toISOString(),
    actor: 'system',
    data,
  };
}

/** A malware scan result for one object (GuardDuty's "Object Scan Result" event, or the local stand-in's). */
export interface MalwareScanReport {
  /** The event's id: a redelivered event carries the same one. */
  eventId: string;
  key: string;
  versionId?: string;
  eTag?: string;
  result: MalwareResult;
  threats?: string[];
}

/**
 * The malware half of a scan's verification: a clean result verifies a slot whose file checks
 * passed for the same write; otherwise it is recorded for the file checks to find. An infected
 * file is rejected (with the threat named) and moved to quarantine, whether or not its file
 * checks ran. Once per result: a redelivered one finds itself in the slot's results and is a no-op.
 */
export async function recordMalwareScan(deps: DocumentDeps, report: MalwareScanReport): Promise<'verified' | 'rejected' | 'recorded' | 'ignored' | 'already'> {
  const parsed = parseDocumentKey(report.key);
  const writeId = writeIdOf(report);
  if (!parsed || !writeId) return 'ignored';
  const quarantineKey = (now: Date) => `quarantine/${parsed.code}/${parsed.kind}/${parsed.slot}/${report.versionId ?? `malware-${now.getTime()}`}`;
  for (let attempt = 0; attempt < 5; attempt++) {
    const dossier = await deps.store.getDossier(parsed.code);
    if (!dossier) return 'ignored';
    const states = (parsed.kind === 'documents' ? dossier.documents : dossier.results) ?? {};
    // Without versions (locally) the key is all there is: only the write still there can be moved.
    const atKey = await deps.bucket.current(report.key);
    const isCurrent = atKey !== undefined && writeIdOf(atKey) === writeId;
    const now = deps.now();
    const next = afterMalwareScan(states[parsed.slot], { writeId, result: report.result, ...(report.threats?.length ? { threats: report.threats } : {}), at: now.toISOString() }, isCurrent);
    // A refused or infected write leaves the slot's key, or (an older write) the bucket's history;
    // without versions an overwritten write is gone already.
    const moveAway = async () => {
      if ((next.outcome === 'rejected' || report.result === 'THREATS_FOUND') && (report.versionId || isCurrent))
        await deps.bucket.quarantine(report.key, quarantineKey(now), report.versionId);
    };
    if (next.outcome === 'unchanged') {
      // Already recorded (a redelivered result: the slot's state says so, no marker needed): if
      // that delivery failed to move an infected file away, move it now.
      const slot = states[parsed.slot];
      if (slot?.status === 'rejected' && slot.writeId === writeId && slot.malware && isCurrent) await deps.bucket.quarantine(report.key, quarantineKey(now), report.versionId);
      return 'already';
    }
    const events =
      next.outcome === 'recorded'
        ? []
        : [verdictEvent(dossier, next.outcome === 'verified', now, { kind: parsed.kind, slot: parsed.slot, malware: report.result, ...(next.reason ? { reason: next.reason } : {}) })];
    const slotPath = `${parsed.kind}.${parsed.slot}`;
    const previous = states[parsed.slot];
    // No marker: the slot's guarded rev makes two deliveries of one result race, and the loser
    // reads it as recorded (unchanged above). A result that decides nothing is then a one-item
    // update, not a transaction (issue 15: cheaper writes).
    const outcome = await deps.store.commit(dossier, stateOf(dossier), events, {
      set: { [slotPath]: { ...next.state, rev: (previous?.rev ?? 0) + 1 } },
      guard: { path: slotPath, rev: previous?.rev },
    });
    if (outcome === 'committed') {
      await moveAway();
      return next.outcome;
    }
  }
  throw new Error(`could not record the malware scan of ${report.key}: the dossier keeps changing`);
}

/**
 * A presigned GET for a verified scan or result. `record` runs once the slot is known to hold a
 * verified file and before the link exists (staff downloads: shared/app/staff-access.ts records
 * who read which slot; if it throws, no link is handed out).
 */
export async function downloadLink(
  deps: DocumentDeps,
  dossier: Dossier,
  input: { slot: string; kind: SlotKind; expiresSeconds: number; record?: (slot: string) => Promise<void> },
) {
  const slot = slotOf(deps.province, dossier, input.slot, input.kind);
  if (input.kind === 'results' && !resultReady.includes(dossier.status)) throw new ConflictError('hồ sơ chưa có kết quả');
  const state = (input.kind === 'documents' ? dossier.documents : dossier.results)?.[slot.id];
  if (state?.status !== 'verified') throw new NotFoundError(`thành phần "${slot.name}" chưa có tệp hợp lệ`);
  const now = deps.now();
  const extension = state.contentType === 'application/pdf' ? 'pdf' : state.contentType === 'image/png' ? 'png' : 'jpg';
  const fileName = `${dossier.code ?? dossier.ref}-${slot.id}.${extension}`;
  if (input.record) await input.record(slot.id);
  const url = await deps.bucket.downloadUrl(documentKey(dossier.ref, input.kind, slot.id), input.expiresSeconds, fileName);
  return { url, fileName, expiresAt: new Date(now.getTime() + input.expiresSeconds * 1000).toISOString() };
}

/** Only the agency the dossier was routed to may read it. */
export function assertAgencyOwns(dossier: Dossier, agencyId: string | undefined): void {
  if (!agencyId || agencyId !== dossier.agencyId || !dossier.routedAt) throw new ForbiddenError('hồ sơ không được chuyển đến cơ quan của bạn');
}
