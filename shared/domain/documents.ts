/**
 * Scanned documents: what an upload must be to count as a verified scan. The S3 POST policy
 * already pins type, size and key, but the verification step decides on its own (defence in
 * depth): the real type from the file's first bytes, the size, the SHA-256 the client
 * declared, no active content in a PDF (pdf-safety.ts), and a clean malware scan.
 */
import type { MalwareResult, MalwareScan } from './malware-scan.ts';
import { pdfSafety } from './pdf-safety.ts';

export const acceptedTypes = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type AcceptedType = (typeof acceptedTypes)[number];

/** Default size limit of a slot: 20 MB. */
export const defaultMaxBytes = 20 * 1024 * 1024;
/** Bytes needed to recognise a type. */
export const sniffBytes = 8;
/**
 * First bytes kept of every object: readers open a file as PDF when "%PDF-" is anywhere in its
 * first 1024 bytes, so an image is checked that far for a PDF hidden behind its signature.
 */
export const headBytes = 1024;

/**
 * The type a file really is, from its magic bytes; undefined for anything else (an executable
 * renamed .pdf starts with "MZ" and is not recognised). Signatures: PDF "%PDF-" (ISO 32000),
 * JPEG FF D8 FF, PNG 89 "PNG" 0D 0A 1A 0A.
 */
export function sniffType(head: Uint8Array): AcceptedType | undefined {
  const starts = (sig: number[]) => sig.every((b, i) => head[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  return undefined;
}

export interface UploadFacts {
  /** First bytes of the object (at least `sniffBytes`; `headBytes` to catch a PDF behind an image). */
  head: Uint8Array;
  /** The whole object, read for PDFs (capped by the slot's size limit); undefined otherwise. */
  body?: Uint8Array;
  size: number;
  /** Content type the client declared when asking for the upload URL. */
  declaredType: string;
  /** Size the client declared; the policy only pins the slot's range. */
  declaredSize?: number;
  /** SHA-256 (base64) the client declared; the policy pins it. */
  declaredSha256: string;
  /** SHA-256 (base64) of the stored object, computed on verification. */
  actualSha256: string;
}

export type Verdict = { verified: true; type: AcceptedType } | { verified: false; reason: string };

/** Decides whether an uploaded object is a valid scan for a slot; the reason is Vietnamese. */
export function verifyUpload(facts: UploadFacts, limits: { maxBytes: number; minBytes?: number } = { maxBytes: defaultMaxBytes }): Verdict {
  const min = limits.minBytes ?? 1;
  if (facts.size < min) return { verified: false, reason: 'tệp rỗng' };
  if (facts.size > limits.maxBytes)
    return { verified: false, reason: `tệp ${megabytes(facts.size)} vượt quá giới hạn ${megabytes(limits.maxBytes)}` };
  if (facts.declaredSize !== undefined && facts.size !== facts.declaredSize)
    return { verified: false, reason: `tệp ${facts.size} byte, khác với kích thước đã khai báo ${facts.declaredSize} byte` };
  const type = sniffType(facts.head);
  if (!type) return { verified: false, reason: 'nội dung tệp không phải PDF, JPEG hoặc PNG' };
  if (type !== facts.declaredType) return { verified: false, reason: `tệp khai báo là ${facts.declaredType} nhưng nội dung là ${type}` };
  if (facts.actualSha256 !== facts.declaredSha256) return { verified: false, reason: 'mã kiểm tra SHA-256 không khớp: tệp bị hỏng hoặc bị thay đổi khi tải lên' };
  if (type === 'application/pdf') {
    // Never verified unread: a PDF's active content can sit anywhere in the file (finding 9).
    if (!facts.body || facts.body.length !== facts.size) return { verified: false, reason: 'không đọc được toàn bộ tệp PDF để kiểm tra' };
    const safety = pdfSafety(facts.body);
    if (!safety.safe) return { verified: false, reason: safety.reason };
  } else if (Buffer.from(facts.head.buffer, facts.head.byteOffset, Math.min(facts.head.byteLength, headBytes)).includes('%PDF-')) {
    return { verified: false, reason: `tệp ${type === 'image/png' ? 'PNG' : 'JPEG'} có chứa nội dung PDF (tệp đa định dạng): không được chấp nhận` };
  }
  return { verified: true, type };
}

const megabytes = (n: number) => `${(n / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;

// ---------------------------------------------------------------------------------------------
// Slots: one per document a procedure requires, a few optional extras, and result slots.
// ---------------------------------------------------------------------------------------------

export type SlotKind = 'documents' | 'results';
export type SlotStatus = 'empty' | 'uploaded' | 'verified' | 'rejected';

/** `uploaded` covers both checks still running: the file checks, and the malware scan. */
export const slotStatusLabels: Record<SlotStatus, string> = {
  empty: 'Chưa tải lên',
  uploaded: 'Đã tải lên, đang kiểm tra',
  verified: 'Hợp lệ',
  rejected: 'Không hợp lệ',
};

export interface SlotDefinition {
  id: string;
  name: string;
  kind: SlotKind;
  mandatory: boolean;
  maxBytes: number;
}

/** What was declared when an upload form was issued; verification holds the object to it. */
export interface PendingUpload {
  contentType: AcceptedType;
  size: number;
  sha256: string;
  maxBytes: number;
  issuedAt: string;
  /** Who asked for the form: citizen, clerk or agency. */
  by: string;
}

export interface SlotState {
  status: SlotStatus;
  pending?: PendingUpload;
  reason?: string;
  contentType?: string;
  size?: number;
  sha256?: string;
  versionId?: string;
  updatedAt?: string;
  /** The write (version id, or ETag without versions) this state is about (malware-scan.ts). */
  writeId?: string;
  /** `uploaded` with the file checks passed: the malware result is awaited. */
  awaiting?: 'malware-scan';
  /** Malware results received for recent writes, kept until their file checks run. */
  scans?: MalwareScan[];
  /** A rejection by the malware scan: its result. */
  malware?: MalwareResult;
  /** Bumped by every change made without a dossier event (the store's `guard`), so none is lost. */
  rev?: number;
}

/** Extra optional slots a citizen may fill (a supporting document the list does not name). */
export const extraSlots = 3;
/** Result document slots an agency may fill. */
export const resultSlots = 3;

/** The slot of the authorisation (văn bản ủy quyền) when a representative acts for the applicant. */
export const authorisationSlot: SlotDefinition = { id: 'uy-quyen', name: 'Văn bản ủy quyền', kind: 'documents', mandatory: true, maxBytes: defaultMaxBytes };

/**
 * The slots of a dossier of a procedure: `doc-1` … one per required document (in the catalogue's
 * order), `uy-quyen` (mandatory) when the applicant acts through a representative, `extra-1` …
 * optional, and `result-1` … for the agency's result documents.
 */
export function slotsFor(
  procedure: { documents: readonly { name: string; mandatory: boolean; maxMegabytes?: number }[] },
  applicant?: { representative?: unknown },
): SlotDefinition[] {
  return [
    ...procedure.documents.map((d, i) => ({
      id: `doc-${i + 1}`,
      name: d.name,
      kind: 'documents' as const,
      mandatory: d.mandatory,
      maxBytes: d.maxMegabytes ? d.maxMegabytes * 1024 * 1024 : defaultMaxBytes,
    })),
    ...(applicant?.representative ? [authorisationSlot] : []),
    ...Array.from({ length: extraSlots }, (_, i) => ({ id: `extra-${i + 1}`, name: `Giấy tờ bổ sung ${i + 1}`, kind: 'documents' as const, mandatory: false, maxBytes: defaultMaxBytes })),
    ...Array.from({ length: resultSlots }, (_, i) => ({ id: `result-${i + 1}`, name: `Văn bản kết quả ${i + 1}`, kind: 'results' as const, mandatory: false, maxBytes: defaultMaxBytes })),
  ];
}

/** Mandatory slots whose scan is not verified yet: what stops a submission. */
export function missingSlots(definitions: readonly SlotDefinition[], states: Readonly<Record<string, SlotState>>): SlotDefinition[] {
  return definitions.filter((d) => d.kind === 'documents' && d.mandatory && states[d.id]?.status !== 'verified');
}

/** The slot state right after an upload form is issued: any previous file stays until replaced. */
export function pendingSlot(previous: SlotState | undefined, pending: PendingUpload): SlotState {
  return { ...(previous ?? { status: 'empty' }), pending, rev: (previous?.rev ?? 0) + 1 };
}
