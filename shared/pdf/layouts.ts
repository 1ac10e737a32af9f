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
function numberedTable(columns: Column[], rows: string[][], options: { heading?: string; footer?: string[][] } = {}): Block {
  return {
    kind: 'table',
    ...(options.heading ? { heading: options.heading } : {}),
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
