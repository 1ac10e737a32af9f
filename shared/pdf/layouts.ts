/**
 * One layout per printable paper: pure functions from a form's data to a Printable
 * (./printable.ts). Titles and numbers come from the regime in force on the receipt date
 * (shared/domain/forms.ts `formFor`, BRIEF correction 4), passed in as `form`: never written here.
 * Field lists follow BRIEF 1.3 (from public implementations; the official layouts are unconfirmed).
 */
import type { FormRef } from '../domain/forms.ts';
import { formatVnd } from '../domain/money/format.ts';
import { count, vietnameseDate, vietnameseTime } from './phrases.ts';
import type { Block, Field, Printable } from './printable.ts';

/** The people a form names: the applicant, and the authorised representative if any (BRIEF correction 9). */
export interface PrintedApplicant {
  name: string;
  /** "Số CCCD" for a person, "Mã số thuế" for an organisation. */
  idLabel: string;
  idNumber: string;
  phone: string;
  email?: string;
  address: string;
  representative?: { name: string; cccd: string; phone: string };
}

/** What every dossier form starts with. */
interface DossierPaper {
  form: FormRef;
  /** The receiving unit's name (the issuer). */
  unit: string;
  /** Where the paper is dated ("Gia Lai"). */
  place: string;
  ref: string;
  /** The dossier code, once received; the reference stands in before. */
  code?: string;
  trackingUrl: string;
  applicant: PrintedApplicant;
  procedure: string;
  officer: string;
}

export interface ReceiptSlip extends DossierPaper {
  code: string;
  documents: { name: string; form: 'original' | 'copy'; copies: number }[];
  sets: number;
  receivedAt: Date;
  /** No appointment for procedures without one (BRIEF correction 5). */
  dueAt?: Date;
  resultPlace: string;
}

export interface SupplementRequestPaper extends DossierPaper {
  at: Date;
  items: { document: string; reason: string }[];
}

export interface RefusalPaper extends DossierPaper {
  at: Date;
  reasons: string[];
  legalBasis: string;
}

export interface ExtensionPaper extends DossierPaper {
  /** The deciding agency, which signs the letter. */
  agency: string;
  at: Date;
  receivedAt: Date;
  previousDueAt: Date;
  newDueAt: Date;
  reason: string;
}

export interface StopPaper extends DossierPaper {
  /** The deciding agency, which signs the notice. */
  agency: string;
  at: Date;
  receivedAt: Date;
  reason: string;
  legalBasis?: string;
}

export interface FeeReceiptPaper {
  /** The collecting post-office point, the issuer. */
  unit: string;
  place: string;
  series: string;
  number: string;
  issuedAt: Date;
  payer: string;
  dossier: string;
  trackingUrl: string;
  lines: { label: string; quantity: number; unitAmount: number; amount: number }[];
  total: number;
  method: 'cash' | 'online';
  collector: string;
  cancelled?: { reason: string; at: Date };
}

/** "Gia Lai, ngày 07 tháng 09 năm 2026". */
export function placeAndDate(place: string, at: Date): string {
  const [d, m, y] = vietnameseDate(at).split('/');
  return `${place}, ngày ${d} tháng ${m} năm ${y}`;
}

/** "Mẫu số 01 — ban hành kèm theo Thông tư 03/2025/TT-VPCP": the number and circular of the regime. */
export const formLine = (form: FormRef) => `Mẫu số ${form.number} — ban hành kèm theo Thông tư ${form.regime}`;

const asciiName = (prefix: string, id: string) => `${prefix}-${id}.pdf`.replace(/[^A-Za-z0-9._-]/g, '_');

function applicantFields(a: PrintedApplicant): Field[] {
  return [
    ['Tên người nộp hồ sơ', a.name],
    [a.idLabel, a.idNumber],
    ['Số điện thoại', a.phone],
    ...(a.email ? [['Thư điện tử', a.email] as const] : []),
    ['Địa chỉ', a.address],
    ...(a.representative
      ? ([
          ['Người được ủy quyền', a.representative.name],
          ['Số CCCD người được ủy quyền', a.representative.cccd],
          ['Số điện thoại người được ủy quyền', a.representative.phone],
        ] as const)
      : []),
  ];
}

type Column = Extract<Block, { kind: 'table' }>['columns'][number];

/** A table whose rows are numbered (STT) in a first column; `footer` rows (a total) are not. */
function numberedTable(columns: Column[], rows: string[][], options: { heading?: string; footer?: string[][]; dense?: boolean } = {}): Block {
  return {
    kind: 'table',
    ...(options.heading ? { heading: options.heading } : {}),
    ...(options.dense ? { dense: true } : {}),
    columns: [{ title: 'STT', width: 1, align: 'center' }, ...columns],
    rows: [...rows.map((r, i) => [String(i + 1), ...r]), ...(options.footer ?? []).map((r) => ['', ...r])],
  };
}

function dossierHead(p: DossierPaper, at: Date, prefix: string): Omit<Printable, 'blocks'> {
  return {
    title: p.form.title,
    formLine: formLine(p.form),
    issuer: [p.unit],
    placeAndDate: placeAndDate(p.place, at),
    issuedAt: at,
    marks: { code: p.code ?? p.ref, url: p.trackingUrl },
    fileName: asciiName(prefix, p.code ?? p.ref),
  };
}

/** Form 01, the receipt and appointment slip. */
export function receiptSlip(p: ReceiptSlip): Printable {
  const documents = numberedTable(
    [
      { title: 'Tên giấy tờ', width: 8 },
      { title: 'Bản chính', width: 2, align: 'center' },
      { title: 'Bản sao', width: 2, align: 'center' },
    ],
    p.documents.map((d) => [d.name, d.form === 'original' ? count(d.copies) : '', d.form === 'copy' ? count(d.copies) : '']),
    { heading: 'Thành phần hồ sơ đã nhận' },
  );
  return {
    ...dossierHead(p, p.receivedAt, 'giay-tiep-nhan'),
    blocks: [
      { kind: 'text', text: `${p.unit} đã tiếp nhận hồ sơ của:` },
      { kind: 'fields', rows: applicantFields(p.applicant) },
      { kind: 'fields', rows: [['Nội dung yêu cầu giải quyết', p.procedure]] },
      documents,
      {
        kind: 'fields',
        rows: [
          ['Số lượng hồ sơ', `${count(p.sets)} bộ`],
          ['Thời gian tiếp nhận', vietnameseTime(p.receivedAt)],
          ['Thời gian trả kết quả', p.dueAt ? vietnameseTime(p.dueAt) : 'thủ tục không có ngày hẹn trả'],
          ['Nơi trả kết quả', p.resultPlace],
        ],
      },
      { kind: 'text', text: 'Khi đến nhận kết quả, người nhận mang theo giấy tiếp nhận này và giấy tờ tùy thân; người được ủy quyền mang theo văn bản ủy quyền.' },
      { kind: 'signatures', boxes: [{ caption: 'Người nộp hồ sơ', name: p.applicant.representative?.name ?? p.applicant.name }, { caption: 'Người tiếp nhận hồ sơ', name: p.officer }] },
    ],
  };
}

/** Form 02, the request to supplement and complete the dossier. */
export function supplementRequest(p: SupplementRequestPaper): Printable {
  return {
    ...dossierHead(p, p.at, 'phieu-yeu-cau-bo-sung'),
    blocks: [
      { kind: 'fields', rows: [...applicantFields(p.applicant), ['Nội dung yêu cầu giải quyết', p.procedure], ['Ngày yêu cầu', vietnameseTime(p.at)]] },
      { kind: 'text', text: `Sau khi xem xét, ${p.unit} đề nghị bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:` },
      numberedTable(
        [
          { title: 'Giấy tờ', width: 5 },
          { title: 'Nội dung, lý do bổ sung', width: 7 },
        ],
        p.items.map((item) => [item.document, item.reason]),
      ),
      { kind: 'text', text: 'Xin lỗi vì sự bất tiện này. Hồ sơ được giải quyết tiếp khi đã nhận đủ phần bổ sung.' },
      { kind: 'signatures', boxes: [{ caption: 'Người hướng dẫn', name: p.officer }] },
    ],
  };
}

/** Form 03, the refusal to receive and process the dossier, with its reasons and legal basis. */
export function refusalNotice(p: RefusalPaper): Printable {
  return {
    ...dossierHead(p, p.at, 'phieu-tu-choi'),
    blocks: [
      { kind: 'fields', rows: [...applicantFields(p.applicant), ['Nội dung yêu cầu giải quyết', p.procedure], ['Ngày từ chối', vietnameseTime(p.at)]] },
      { kind: 'text', text: `${p.unit} không tiếp nhận, giải quyết hồ sơ này với lý do:` },
      ...p.reasons.map((r, i) => ({ kind: 'text' as const, text: `${i + 1}. ${r}` })),
      { kind: 'fields', rows: [['Căn cứ', p.legalBasis]] },
      { kind: 'text', text: 'Xin thông báo để ông/bà (tổ chức) được biết.' },
      { kind: 'signatures', boxes: [{ caption: 'Người tiếp nhận hồ sơ', name: p.officer }] },
    ],
  };
}

/** A paper the deciding agency signs (forms 04, 05): the dossier's facts, `when` it happened, the body, the head's signature. */
function agencyPaper(p: DossierPaper & { agency: string; at: Date; receivedAt: Date }, prefix: string, when: Field, body: Block[]): Printable {
  return {
    ...dossierHead(p, p.at, prefix),
    issuer: [p.agency],
    blocks: [
      { kind: 'fields', rows: [...applicantFields(p.applicant), ['Nội dung yêu cầu giải quyết', p.procedure], ['Thời gian tiếp nhận', vietnameseTime(p.receivedAt)], when] },
      ...body,
      { kind: 'signatures', boxes: [{ caption: 'Thủ trưởng cơ quan', hint: '(Ký, ghi rõ họ tên, đóng dấu)', name: p.officer }] },
    ],
  };
}

/**
 * Form 04: the apology and new appointment (01/2018), or the apology letter asking for more time
 * (03/2025); the title is the regime's, the content is the same: why late, the new date.
 */
export function extensionLetter(p: ExtensionPaper): Printable {
  return agencyPaper(p, 'phieu-xin-loi-hen-lai', ['Thời gian hẹn trả kết quả', vietnameseTime(p.previousDueAt)], [
    { kind: 'text', text: 'Hồ sơ không giải quyết được đúng thời hạn hẹn trả kết quả.' },
    { kind: 'fields', rows: [['Lý do', p.reason]] },
    { kind: 'text', text: `${p.agency} xin lỗi ông/bà (tổ chức) và hẹn lại thời gian trả kết quả:` },
    { kind: 'fields', rows: [['Thời gian hẹn trả kết quả mới', vietnameseTime(p.newDueAt)]] },
  ]);
}

/**
 * Form 05 of 03/2025, the notice that processing is stopped; under 01/2018 a stop is written on
 * the refusal form (03), as shared/domain/forms.ts maps it. The reason and its basis, the signer.
 */
export function stopNotice(p: StopPaper): Printable {
  return agencyPaper(p, 'thong-bao-dung', ['Ngày dừng giải quyết', vietnameseTime(p.at)], [
    { kind: 'text', text: `${p.agency} thông báo dừng giải quyết hồ sơ.` },
    { kind: 'fields', rows: [['Lý do', p.reason], ...(p.legalBasis ? [['Căn cứ', p.legalBasis] as const] : [])] },
  ]);
}

/**
 * The fee receipt (biên lai thu phí, lệ phí): series, number, date, payer, lines, total, collector.
 * Not one of the circulars' forms (BRIEF 1.3); its official layout is unconfirmed.
 */
export function feeReceipt(p: FeeReceiptPaper): Printable {
  return {
    title: 'Biên lai thu phí, lệ phí',
    formLine: `Ký hiệu: ${p.series} — Số: ${p.number}`,
    issuer: [p.unit],
    placeAndDate: placeAndDate(p.place, p.issuedAt),
    issuedAt: p.issuedAt,
    marks: { code: p.dossier, url: p.trackingUrl },
    fileName: asciiName('bien-lai', `${p.series}-${p.number}`),
    blocks: [
      ...(p.cancelled ? [{ kind: 'text' as const, bold: true, text: `BIÊN LAI ĐÃ HỦY ngày ${vietnameseDate(p.cancelled.at)}: ${p.cancelled.reason}` }] : []),
      {
        kind: 'fields',
        rows: [
          ['Ký hiệu', p.series],
          ['Số', p.number],
          ['Ngày thu', vietnameseTime(p.issuedAt)],
          ['Người nộp', p.payer],
          ['Hồ sơ', p.dossier],
          ['Hình thức thanh toán', p.method === 'cash' ? 'Tiền mặt' : 'Trực tuyến'],
        ],
      },
      numberedTable(
        [
          { title: 'Nội dung thu', width: 7 },
          { title: 'Số lượng', width: 2, align: 'center' },
          { title: 'Đơn giá', width: 3, align: 'right' },
          { title: 'Thành tiền', width: 3, align: 'right' },
        ],
        p.lines.map((l) => [l.label, String(l.quantity), formatVnd(l.unitAmount), formatVnd(l.amount)]),
        { footer: [['Tổng cộng', '', '', formatVnd(p.total)]] },
      ),
      { kind: 'signatures', boxes: [{ caption: 'Người nộp tiền', name: p.payer }, { caption: 'Người thu tiền', name: p.collector }] },
    ],
  };
}

export interface PickupSlipPaper {
  /** The slip's own title, as shared/app/courier.ts `pickupSlip` names it. */
  title: string;
  /** The post office whose postman collected. */
  unit: string;
  place: string;
  itemId: string;
  ref: string;
  code?: string;
  trackingUrl: string;
  applicant: PrintedApplicant;
  /** Where the dossier was collected. */
  address: string;
  procedure: string;
  collectedAt: Date;
  sealNumber: string;
  documents: { name: string; form: 'original' | 'copy'; count: number }[];
  collected: { amount: number; receipt?: string };
  signedBy: { citizen: string; postman: string };
}

/**
 * The slip of a home pickup (Decision 45/2016): what the postman collected, how many of each,
 * the seal, the fees taken and their receipt, both signatures. Not one of the circulars' forms
 * (its official layout is unconfirmed): the item id stands where a form number would.
 */
export function pickupSlipPaper(p: PickupSlipPaper): Printable {
  return {
    title: p.title,
    formLine: `Số hiệu bưu gửi: ${p.itemId}`,
    issuer: [p.unit],
    placeAndDate: placeAndDate(p.place, p.collectedAt),
    issuedAt: p.collectedAt,
    marks: { code: p.code ?? p.ref, url: p.trackingUrl },
    fileName: asciiName('phieu-nhan-tai-nha', p.itemId),
    blocks: [
      { kind: 'fields', rows: [...applicantFields(p.applicant), ['Nơi nhận hồ sơ', p.address], ['Nội dung yêu cầu giải quyết', p.procedure], ['Thời gian nhận', vietnameseTime(p.collectedAt)]] },
      numberedTable(
        [
          { title: 'Tên giấy tờ', width: 8 },
          { title: 'Bản chính', width: 2, align: 'center' },
          { title: 'Bản sao', width: 2, align: 'center' },
        ],
        p.documents.map((d) => [d.name, d.form === 'original' ? count(d.count) : '', d.form === 'copy' ? count(d.count) : '']),
        { heading: 'Giấy tờ đã nhận' },
      ),
      {
        kind: 'fields',
        rows: [
          ['Số niêm phong', p.sealNumber],
          ['Phí, lệ phí đã thu', formatVnd(p.collected.amount)],
          ...(p.collected.receipt ? [['Biên lai', p.collected.receipt] as const] : []),
        ],
      },
      { kind: 'text', text: 'Hồ sơ được niêm phong trước mặt người nộp và chuyển đến bộ phận tiếp nhận; thời hạn giải quyết tính từ khi bộ phận tiếp nhận nhận được hồ sơ.' },
      { kind: 'signatures', boxes: [{ caption: 'Người nộp hồ sơ', name: p.signedBy.citizen }, { caption: 'Bưu tá', name: p.signedBy.postman }] },
    ],
  };
}

export interface ControlSlipPaper extends Omit<DossierPaper, 'officer'> {
  code: string;
  receivedAt: Date;
  dueAt?: Date;
  /** The hand-overs, oldest first (shared/domain/control-slip.ts), with their result's label. */
  steps: { what: string; from: string; to: string; at: Date; dueAt?: Date; result: string; note?: string }[];
}

/** The process control slip (05 under 01/2018, 06 under 03/2025): the dossier, then one row per hand-over. */
export function controlSlip(p: ControlSlipPaper): Printable {
  return {
    ...dossierHead({ ...p, officer: '' }, p.receivedAt, 'phieu-kiem-soat'),
    blocks: [
      { kind: 'fields', rows: [['Tên người nộp hồ sơ', p.applicant.name], ['Số điện thoại', p.applicant.phone], ['Địa chỉ', p.applicant.address], ['Nội dung yêu cầu giải quyết', p.procedure], ['Thời gian tiếp nhận', vietnameseTime(p.receivedAt)], ['Thời gian hẹn trả kết quả', p.dueAt ? vietnameseTime(p.dueAt) : 'thủ tục không có ngày hẹn trả']] },
      numberedTable(
        [
          { title: 'Bước', width: 4 },
          { title: 'Bên giao', width: 3 },
          { title: 'Bên nhận', width: 3 },
          { title: 'Thời gian giao, nhận', width: 3 },
          { title: 'Hạn', width: 3 },
          { title: 'Kết quả', width: 2, align: 'center' },
        ],
        p.steps.map((s) => [s.note ? `${s.what} (${s.note})` : s.what, s.from, s.to, vietnameseTime(s.at), s.dueAt ? vietnameseTime(s.dueAt) : '', s.result]),
        { heading: 'Quá trình giao, nhận hồ sơ', dense: true },
      ),
      { kind: 'text', text: 'Kết quả của mỗi bước so thời gian đã dùng với thời gian được giao đến hạn của bước (tính theo ngày, giờ làm việc).' },
    ],
  };
}

export interface TrackingBookPaper {
  form: FormRef;
  unit: string;
  place: string;
  from: string;
  to: string;
  /** When the book was printed (the last instant of its period it covers). */
  at: Date;
  rows: { code: string; procedure: string; applicant: string; receivedAt: Date; dueAt?: Date; sentAt?: Date; resultAt?: Date; returnedAt?: Date; recipient?: string; note?: string }[];
}

const isoToVietnamese = (day: string) => day.split('-').reverse().join('/');

/** The tracking book of a receiving unit for a period (06 under 01/2018, 07 under 03/2025), on A4 landscape: one row per dossier received. */
export function trackingBook(p: TrackingBookPaper): Printable {
  const day = (d: Date | undefined) => (d ? vietnameseDate(d) : '');
  return {
    title: p.form.title,
    formLine: formLine(p.form),
    issuer: [p.unit],
    placeAndDate: placeAndDate(p.place, p.at),
    issuedAt: p.at,
    orientation: 'landscape',
    fileName: asciiName('so-theo-doi', `${p.from}-${p.to}`),
    blocks: [
      { kind: 'text', bold: true, text: `Từ ngày ${isoToVietnamese(p.from)} đến ngày ${isoToVietnamese(p.to)}: ${p.rows.length} hồ sơ tiếp nhận` },
      numberedTable(
          [
            // A date column holds dd/mm/yyyy on one line at the dense size.
            { title: 'Mã hồ sơ', width: 4 },
            { title: 'Thủ tục', width: 4 },
            { title: 'Người nộp', width: 3 },
            { title: 'Ngày tiếp nhận', width: 2.5, align: 'center' },
            { title: 'Ngày hẹn trả', width: 2.5, align: 'center' },
            { title: 'Chuyển cơ quan giải quyết', width: 2.5, align: 'center' },
            { title: 'Nhận kết quả', width: 2.5, align: 'center' },
            { title: 'Trả kết quả', width: 2.5, align: 'center' },
            { title: 'Người nhận', width: 3 },
            { title: 'Ghi chú', width: 2.5 },
          ],
          p.rows.map((r) => [r.code, r.procedure, r.applicant, day(r.receivedAt), day(r.dueAt), day(r.sentAt), day(r.resultAt), day(r.returnedAt), r.recipient ?? '', r.note ?? '']),
          { dense: true },
        ),
    ],
  };
}
