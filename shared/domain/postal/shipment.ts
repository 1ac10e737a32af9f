/**
 * Shipments of the postal leg (Decision 45/2016/QĐ-TTg, Circular 17/2017/TT-BTTTT): a home pickup
 * carries a dossier from the citizen's door to its receiving unit; a result delivery carries the
 * result back. Each is one S10 item. Pure rules: which post office serves an address, the
 * postman's checklist of the procedure's published document list, what a missing document means,
 * attempts and their reasons, and the record a hand-over or a delivery leaves.
 */
import { DomainError, type FieldIssue } from '../errors.ts';
import { isLive, lineage, type Procedure, type Province, type ServicePoint } from '../province.ts';

export type ShipmentKind = 'pickup' | 'result-delivery';
export const shipmentKindLabels: Record<ShipmentKind, string> = { pickup: 'Nhận hồ sơ tại nhà', 'result-delivery': 'Phát kết quả tận nhà' };

/**
 * Where a shipment stands. Pickup: requested → accepted (a postman took it) → in-transit (collected,
 * sealed) → at-post-office (optional: sorted at his office) → handed-over (at the receiving unit:
 * its reception). Delivery: requested → accepted → at-post-office (optional: the result is at his
 * office) → out-for-delivery → attempt-failed (and out again) → delivered | returned (to the post
 * office, after the last allowed attempt). A withdrawal before anything was collected: cancelled.
 */
export const shipmentStatuses = {
  requested: 'Chờ bưu tá nhận',
  accepted: 'Bưu tá đã nhận việc',
  'in-transit': 'Đang chuyển',
  'at-post-office': 'Đã về bưu cục',
  'handed-over': 'Đã bàn giao cho đơn vị tiếp nhận',
  'out-for-delivery': 'Đang phát',
  'attempt-failed': 'Phát không thành công, sẽ phát lại',
  delivered: 'Đã phát',
  returned: 'Đã chuyển về bưu cục, chờ công dân đến nhận',
  cancelled: 'Đã hủy (hồ sơ được rút)',
} as const;
export type ShipmentStatus = keyof typeof shipmentStatuses;
/** Statuses after which a postman has nothing more to do. */
export const closedShipmentStatuses: readonly ShipmentStatus[] = ['handed-over', 'delivered', 'returned', 'cancelled'];
/** Statuses in which nothing has been collected yet: a withdrawal cancels the shipment. */
export const cancellableShipmentStatuses: readonly ShipmentStatus[] = ['requested', 'accepted'];

/** Why a delivery attempt failed (the postman picks one; the citizen reads the label). */
export const attemptReasons = {
  'not-at-home': 'Người nhận không có nhà',
  refused: 'Người nhận từ chối nhận',
  'wrong-address': 'Địa chỉ không đúng hoặc không tìm thấy',
  'recipient-absent': 'Không gặp người nhận hoặc người được ủy quyền',
  other: 'Lý do khác',
} as const;
export type DeliveryAttemptReason = keyof typeof attemptReasons;

/** Why a home pickup failed: the postman came and took nothing (nothing is collected short of the list). */
export const pickupAttemptReasons = {
  'not-at-home': 'Người nộp hồ sơ không có nhà',
  'documents-incomplete': 'Hồ sơ chưa đủ giấy tờ theo danh mục, bưu tá chưa nhận',
  'wrong-address': 'Địa chỉ không đúng hoặc không tìm thấy',
  other: 'Lý do khác',
} as const;
export type PickupAttemptReason = keyof typeof pickupAttemptReasons;

/** Every reason a postman may give, and the ones each kind of shipment takes (with their labels). */
export const attemptReasonsFor = { pickup: pickupAttemptReasons, 'result-delivery': attemptReasons } as const satisfies Record<ShipmentKind, Record<string, string>>;
export type AttemptReason = DeliveryAttemptReason | PickupAttemptReason;
export const allAttemptReasons = [...new Set([...Object.keys(attemptReasons), ...Object.keys(pickupAttemptReasons)])] as [AttemptReason, ...AttemptReason[]];

/** The label of an attempt's reason for its kind of shipment (the reason itself when the kind does not take it). */
export function attemptReasonLabel(kind: ShipmentKind, reason: AttemptReason): string {
  const labels: Record<string, string> = attemptReasonsFor[kind];
  return labels[reason] ?? reason;
}

/** Relation of whoever took the result to the applicant (proof of delivery). */
export const recipientRelations = {
  applicant: 'Người nộp hồ sơ',
  representative: 'Người được ủy quyền',
  family: 'Người thân trong gia đình',
  other: 'Người khác',
} as const;
export type RecipientRelation = keyof typeof recipientRelations;

/** Identity documents a postman may check (only the type and the last digits are kept). */
export const identityDocuments = { cccd: 'Căn cước công dân / Căn cước', passport: 'Hộ chiếu', other: 'Giấy tờ tùy thân khác' } as const;
export type IdentityDocument = keyof typeof identityDocuments;

/**
 * Delivery rules as data: how many attempts before the result goes back to the post office.
 * Three is the issue's default (no public source fixes it: unconfirmed).
 */
export const deliveryRules = { maxAttempts: 3, source: 'unconfirmed: the issue’s default of 3 attempts' } as const;

export interface ChecklistEntry {
  index: number;
  name: string;
  form: 'original' | 'copy';
  copies: number;
  mandatory: boolean;
}

export interface Shipment {
  /** The S10 item id: the shipment's id everywhere. */
  itemId: string;
  kind: ShipmentKind;
  status: ShipmentStatus;
  /** The post office whose postmen serve it. */
  postOfficeId: string;
  requestedAt: string;
  /** Where the postman goes (the applicant's address unless another was given). */
  address: { line: string; unitId: string };
  window?: { from: string; to: string };
  /** Pickup: the procedure's published document list, as the postman checks it. */
  checklist?: ChecklistEntry[];
  /** Pickup: where the dossier is handed over. */
  deliverTo?: { kind: 'receiving-unit'; id: string };
  attemptsAllowed?: number;
  postman?: { sub: string; name: string; acceptedAt: string };
  /** `collected`: cash the postman took at the door for the dossier's fees, and its receipt. */
  pickup?: { at: string; sealNumber: string; slipSignedBy: string; checklist: { index: number; present: boolean; form: 'original' | 'copy'; count: number }[]; collected?: { amount: number; receiptId: string } };
  handover?: { at: string; by: string; receivedBy: string; receivingUnitId: string };
  attempts?: { n: number; at: string; reason: AttemptReason; note?: string }[];
  delivery?: {
    at: string;
    recipient: { name: string; relation: RecipientRelation };
    identity: { documentType: IdentityDocument; lastDigits: string };
    proof: { kind: 'signature' | 'photo'; key: string };
    /** Where it was handed over, when the postman's phone knows it (WGS 84). */
    place?: { lat: number; lon: number };
    /** Cash on delivery: fees due with the result, and their receipt. */
    collected?: { amount: number; receiptId: string };
  };
  /** The item at the postman's office (sorting), on its way. */
  atPostOffice?: { at: string; servicePointId: string };
  cancelledAt?: string;
  /** After the last failed attempt: the post office where the result waits. */
  returnedTo?: { servicePointId: string; at: string };
}

/** Service points whose postmen go out (the centre's counter does no rounds). */
export const postOfficeKinds: ReadonlySet<string> = new Set(['provincial-post-office', 'district-post-office', 'post-office', 'commune-cultural-post-office']);

/**
 * The post office whose postmen serve an address on `date`: a live post-office point whose area
 * covers the unit, the closest first (a commune's cultural post office before its district's post
 * office, before the provincial one). Undefined when none is live there.
 * Example: an address in Xã Ia Tô (2019 data) -> Bưu điện văn hóa xã Ia Tô.
 */
export function postOfficeFor(province: Province, unitId: string, date: string): ServicePoint | undefined {
  const points = [...province.servicePoints.values()].filter((p) => postOfficeKinds.has(p.kind) && isLive(province, p.unit, date));
  for (const unit of lineage(province, unitId, date)) {
    const hit = points.find((p) => p.serves.includes(unit.id));
    if (hit) return hit;
  }
  return undefined;
}

/** The postman's checklist: the procedure's published document list, numbered from 0. */
export function checklistFor(procedure: Procedure): ChecklistEntry[] {
  return procedure.documents.map((d, index) => ({ index, name: d.name, form: d.form === 'original' ? 'original' : 'copy', copies: d.copies ?? 1, mandatory: d.mandatory }));
}

/** 422: the citizen does not have every mandatory document; nothing is collected. `guidance` says what to do. */
export class PickupIncompleteError extends DomainError {
  readonly status = 422;
  readonly type = 'pickup-incomplete';
  readonly title = 'Hồ sơ chưa đủ thành phần, bưu tá chưa nhận';
  constructor(
    readonly issues: FieldIssue[],
    readonly guidance: string,
  ) {
    super(guidance);
  }
  get extensions() {
    return { guidance: this.guidance };
  }
}

/**
 * Checks what the postman found against the checklist (Decision 45/2016: the postman checks the
 * documents against the published list before taking them): every mandatory document present,
 * in the form the list asks (an original where an original is required; an original also stands
 * for a copy), at least the number of copies. Throws PickupIncompleteError naming each gap.
 */
export function checkPickup(checklist: readonly ChecklistEntry[], found: readonly { index: number; present: boolean; form: 'original' | 'copy'; count: number }[]): void {
  const issues: FieldIssue[] = [];
  for (const entry of checklist) {
    const f = found.find((x) => x.index === entry.index);
    const field = `checklist.${entry.index}`;
    const wanted = `${entry.name} (${entry.form === 'original' ? 'bản chính' : 'bản sao'}, ${entry.copies} bản)`;
    if (!f || !f.present) {
      if (entry.mandatory) issues.push({ field, message: `thiếu ${wanted}` });
      continue;
    }
    if (entry.form === 'original' && f.form !== 'original') issues.push({ field, message: `cần bản chính: ${wanted}` });
    else if (f.count < entry.copies) issues.push({ field, message: `chưa đủ số bản: ${wanted}, mới có ${f.count}` });
  }
  const unknown = found.filter((f) => !checklist.some((e) => e.index === f.index));
  for (const u of unknown) issues.push({ field: `checklist.${u.index}`, message: 'không có trong danh mục giấy tờ của thủ tục' });
  if (issues.length > 0)
    throw new PickupIncompleteError(
      issues,
      `Hồ sơ chưa nhận được: ${issues.map((i) => i.message).join('; ')}. Bưu tá hướng dẫn công dân chuẩn bị đủ giấy tờ theo danh mục của thủ tục và hẹn lại lần nhận; hồ sơ chưa được chuyển đi.`,
    );
}

/** Whether a delivery that has just failed its `n`-th attempt goes back to the post office. */
export function returnsAfter(n: number, attemptsAllowed: number = deliveryRules.maxAttempts): boolean {
  return n >= attemptsAllowed;
}

/** The invitation a citizen gets once the result is back at the post office. */
export function collectionInvitation(point: Pick<ServicePoint, 'name'>): string {
  return `Bưu điện đã phát kết quả ${deliveryRules.maxAttempts} lần không thành công. Mời ông/bà đến ${point.name} để nhận kết quả, mang theo giấy tờ tùy thân.`;
}
