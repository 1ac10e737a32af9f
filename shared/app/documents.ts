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
  verifiedSlot,
  verifyUpload,
  type AcceptedType,
  type SlotDefinition,
  type SlotKind,
} from '../domain/documents.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import type { Province } from '../domain/province.ts';
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
  if (!dossier) throw new NotFoundError(`không có hồ sơ "${code}"`);
  return dossier;
}

function slotOf(province: Province, dossier: Dossier, slotId: string, kind: SlotKind): SlotDefinition {
  const procedure = province.procedures.get(dossier.procedureId);
  const slot = procedure ? slotsFor(procedure).find((s) => s.id === slotId && s.kind === kind) : undefined;
  if (!slot) throw new NotFoundError(`hồ sơ ${dossier.code} không có thành phần "${slotId}"`);
  return slot;
}

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
    const key = documentKey(dossier.code, input.kind, slot.id);
    const form = await deps.bucket.uploadForm({ key, contentType: input.contentType, maxBytes: slot.maxBytes, sha256: input.sha256, expiresSeconds: uploadExpirySeconds, now });
    const pending = { contentType: input.contentType, size: input.size, sha256: input.sha256, maxBytes: slot.maxBytes, issuedAt: now.toISOString(), by: input.by };
    const states = input.kind === 'documents' ? dossier.documents : dossier.results;
    const outcome = await deps.store.commit(dossier, stateOf(dossier), [], { set: { [`${input.kind}.${slot.id}`]: pendingSlot(states?.[slot.id], pending) } });
    if (outcome === 'committed') return { url: form.url, fields: form.fields, key, maxBytes: slot.maxBytes, expiresAt: form.expiresAt };
  }
  throw new ConflictError('hồ sơ đang được cập nhật, vui lòng thử lại');
}

/**
 * Verifies an object that landed in a slot (S3 object-created): real type by magic bytes, size,
 * SHA-256 against what was declared, and no active content in a PDF (read whole); marks the slot verified or rejected, records the event,
 * and moves a rejected object to quarantine. Once per write: the object's version, or the event's
 * sequencer where the bucket has no versions (a redelivered S3 event is a no-op).
 */
export async function verifyDocument(
  deps: DocumentDeps,
  key: string,
  write: { versionId?: string; sequencer?: string } = {},
): Promise<'verified' | 'rejected' | 'ignored' | 'already'> {
  const parsed = parseDocumentKey(key);
  if (!parsed) return 'ignored';
  const object = await deps.bucket.inspect(key, write.versionId);
  if (!object) return 'ignored'; // replaced or quarantined meanwhile
  // Not the content's checksum: the same file uploaded again after a rejection (declared right
  // this time) is a new write and must be verified again.
  const marker = `UPLOAD#${parsed.kind}#${parsed.slot}#${object.versionId ?? write.sequencer ?? object.sha256}`;
  for (let attempt = 0; attempt < 5; attempt++) {
    const dossier = await deps.store.getDossier(parsed.code);
    if (!dossier) return 'ignored';
    const states = (parsed.kind === 'documents' ? dossier.documents : dossier.results) ?? {};
    const pending = states[parsed.slot]?.pending;
    // The form posted twice (a double click; the policy pins the checksum, so the same bytes):
    // the first write consumed the declaration, the second changes nothing.
    if (!pending && states[parsed.slot]?.status === 'verified' && states[parsed.slot]?.sha256 === object.sha256) return 'already';
    const now = deps.now();
    const verdict = pending
      ? verifyUpload({ head: object.head, ...(object.body ? { body: object.body } : {}), size: object.size, declaredType: pending.contentType, declaredSize: pending.size, declaredSha256: pending.sha256, actualSha256: object.sha256 }, { maxBytes: pending.maxBytes })
      : ({ verified: false, reason: 'tệp không được tải lên qua đường dẫn do hệ thống cấp' } as const);
    const slotState = verifiedSlot(verdict, object, pending ?? { contentType: 'application/pdf', size: 0, sha256: '', maxBytes: 0, issuedAt: '', by: '' }, now.toISOString());
    const event: DossierEvent = {
      eventId: randomUUID(),
      dossierCode: dossier.code,
      seq: dossier.version + 1,
      type: verdict.verified ? 'document.verified' : 'document.rejected',
      at: now.toISOString(),
      actor: 'system',
      data: { kind: parsed.kind, slot: parsed.slot, ...(verdict.verified ? {} : { reason: verdict.reason }) },
    };
    // A write nobody declared over a verified scan (an old form replayed, a stray PutObject) is
    // moved away, and the verified scan stays what the slot holds.
    const keep = !pending && states[parsed.slot]?.status === 'verified';
    if (keep) event.data.kept = 'verified';
    const set = keep ? {} : { [`${parsed.kind}.${parsed.slot}`]: slotState };
    const outcome = await deps.store.commit(dossier, stateOf(dossier), [event], { marker, set });
    if (outcome === 'already') {
      // Recorded by an earlier delivery of this event: if that delivery failed to move a refused
      // file away, the file is still at the slot key (we just read it): move it now.
      const current = states[parsed.slot];
      if (!(current?.status === 'verified' && current.sha256 === object.sha256))
        await deps.bucket.quarantine(key, `quarantine/${dossier.code}/${parsed.kind}/${parsed.slot}/${object.versionId ?? write.sequencer ?? now.getTime()}`, object.versionId);
      return 'already';
    }
    if (outcome === 'committed') {
      if (!verdict.verified) await deps.bucket.quarantine(key, `quarantine/${dossier.code}/${parsed.kind}/${parsed.slot}/${object.versionId ?? now.getTime()}`, object.versionId);
      return verdict.verified ? 'verified' : 'rejected';
    }
  }
  throw new Error(`could not record the verification of ${key}: the dossier keeps changing`);
}

/**
 * A presigned GET for a verified scan or result, recorded in the dossier's history (who, when,
 * which slot) when `record` says so (agency downloads).
 */
export async function downloadLink(
  deps: DocumentDeps,
  dossier: Dossier,
  input: { slot: string; kind: SlotKind; expiresSeconds: number; record?: { actor: 'agency' | 'clerk' | 'citizen'; who: string } },
) {
  const slot = slotOf(deps.province, dossier, input.slot, input.kind);
  if (input.kind === 'results' && !resultReady.includes(dossier.status)) throw new ConflictError('hồ sơ chưa có kết quả');
  const state = (input.kind === 'documents' ? dossier.documents : dossier.results)?.[slot.id];
  if (state?.status !== 'verified') throw new NotFoundError(`thành phần "${slot.name}" chưa có tệp hợp lệ`);
  const now = deps.now();
  const extension = state.contentType === 'application/pdf' ? 'pdf' : state.contentType === 'image/png' ? 'png' : 'jpg';
  const fileName = `${dossier.code}-${slot.id}.${extension}`;
  if (input.record) {
    const event: DossierEvent = {
      eventId: randomUUID(),
      dossierCode: dossier.code,
      seq: dossier.version + 1,
      type: 'document.downloaded',
      at: now.toISOString(),
      actor: input.record.actor,
      data: { kind: input.kind, slot: slot.id, by: input.record.who },
    };
    // Recorded before the link is handed out: no download goes unrecorded.
    let current = dossier;
    for (let attempt = 0; ; attempt++) {
      const outcome = await deps.store.commit(current, stateOf(current), [{ ...event, seq: current.version + 1 }]);
      if (outcome === 'committed') break;
      if (attempt >= 4) throw new ConflictError('hồ sơ đang được cập nhật, vui lòng thử lại');
      current = await loadDossier(deps.store, dossier.code);
    }
  }
  const url = await deps.bucket.downloadUrl(documentKey(dossier.code, input.kind, slot.id), input.expiresSeconds, fileName);
  return { url, fileName, expiresAt: new Date(now.getTime() + input.expiresSeconds * 1000).toISOString() };
}

/** Only the agency the dossier was routed to may read it. */
export function assertAgencyOwns(dossier: Dossier, agencyId: string | undefined): void {
  if (!agencyId || agencyId !== dossier.agencyId || !dossier.routedAt) throw new ForbiddenError('hồ sơ không được chuyển đến cơ quan của bạn');
}
