/**
 * The forms of the one-stop mechanism, as data: one regime per dossier, chosen by its receipt date
 * (BRIEF corrections 4, 1.3). Circular 01/2018/TT-VPCP (Decree 61/2018) has six forms; Circular
 * 03/2025/TT-VPCP (Decree 118/2025) has seven, with a new notice of stopping (05) and the apology
 * become a letter that also asks for more time (04). The two sets are never mixed on one dossier.
 */
import { localIsoDate } from './dossier.ts';

/** What a form is for, whatever its number in a regime. */
export type FormKind = 'receipt' | 'supplement-request' | 'refusal' | 'extension' | 'stop-notice' | 'control-slip' | 'tracking-book';

export interface FormRegime {
  /** The circular, as it is cited: "03/2025/TT-VPCP". */
  readonly id: string;
  readonly title: string;
  /** First receipt date (YYYY-MM-DD, Asia/Ho_Chi_Minh) the regime applies to; `null`: every date before the next regime. */
  readonly from: string | null;
  /** Where the date and the titles come from, and how sure we are (BRIEF labels). */
  readonly source: string;
  readonly forms: Readonly<Partial<Record<FormKind, { readonly number: string; readonly title: string }>>>;
}

/** Oldest first. */
export const formRegimes: readonly FormRegime[] = [
  {
    id: '01/2018/TT-VPCP',
    title: 'Thông tư 01/2018/TT-VPCP hướng dẫn Nghị định 61/2018/NĐ-CP',
    from: null,
    source: 'BRIEF 1.3 (secondary: titles from public one-stop source code); start date not needed: the first regime we handle',
    forms: {
      receipt: { number: '01', title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả' },
      'supplement-request': { number: '02', title: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ' },
      refusal: { number: '03', title: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ' },
      extension: { number: '04', title: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả' },
      // No notice of stopping in this circular: a stop is a refusal to process (form 03, "từ chối
      // tiếp nhận giải quyết"), with its reasons. Our reading.
      'stop-notice': { number: '03', title: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ' },
      'control-slip': { number: '05', title: 'Phiếu kiểm soát quá trình giải quyết hồ sơ' },
      'tracking-book': { number: '06', title: 'Sổ theo dõi hồ sơ' },
    },
  },
  {
    id: '03/2025/TT-VPCP',
    title: 'Thông tư 03/2025/TT-VPCP hướng dẫn Nghị định 118/2025/NĐ-CP',
    // Issued 15 Sep 2025, forms (Phụ lục I) from that day: secondary, a legal-news write-up
    // (https://thuviennhadat.vn/phap-luat/tai-file-word-bieu-mau-thong-tu-03-2025-tt-vpcp-ve-giai-quyet-thu-tuc-hanh-chinh-tai-bo-phan-mot-cua-708489.html);
    // check the circular's own article on entry into force.
    from: '2025-09-15',
    source: 'secondary: thuviennhadat.vn write-up of Phụ lục I (15 Sep 2025); official text not seen',
    forms: {
      receipt: { number: '01', title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả' },
      'supplement-request': { number: '02', title: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ' },
      refusal: { number: '03', title: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ' },
      extension: { number: '04', title: 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết' },
      'stop-notice': { number: '05', title: 'Thông báo dừng giải quyết hồ sơ' },
      'control-slip': { number: '06', title: 'Phiếu kiểm soát quá trình giải quyết hồ sơ' },
      'tracking-book': { number: '07', title: 'Sổ theo dõi hồ sơ' },
    },
  },
];

/** What a decision names in its event and in the views. */
export interface FormRef {
  regime: string;
  number: string;
  title: string;
}

/**
 * The regime in force on the receipt date (an instant; its day in Vietnam decides).
 * Example: `regimeOn(new Date('2025-09-14T18:00:00Z'))` (01:00 on 15 Sep in Vietnam) -> 03/2025.
 */
export function regimeOn(receivedAt: Date): FormRegime {
  const day = localIsoDate(receivedAt);
  let found = formRegimes[0]!;
  for (const r of formRegimes) if (r.from === null || r.from <= day) found = r;
  return found;
}

/**
 * The form a decision produces on a dossier received at `receivedAt`. A dossier not yet received
 * has no regime yet: a decision at its reception check is dated the day it is received, so the
 * caller passes that day. Example: `formFor('extension', receivedAt)` -> `{ regime: '03/2025/TT-VPCP', number: '04', ... }`.
 */
export function formFor(kind: FormKind, receivedAt: Date): FormRef {
  const regime = regimeOn(receivedAt);
  const form = regime.forms[kind];
  if (!form) throw new Error(`regime ${regime.id} has no form for ${kind}`);
  return { regime: regime.id, number: form.number, title: form.title };
}
