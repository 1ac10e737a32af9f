/**
 * Reception by an officer of the receiving unit (POST /v1/counter/dossiers/{code}/acceptance,
 * .../reception-supplement-request, .../refusal, GET /v1/counter/reception), each carrying the
 * data of the form it stands for (Circular 01/2018/TT-VPCP, BRIEF 1.3): receipt and appointment
 * slip (form 01), supplement request (form 02), refusal (form 03).
 */
import * as z from 'zod';
import { supplementItemsSchema } from './decisions.ts';
import { dossierViewSchema } from './http.ts';
import { personText } from './text.ts';

const reason = personText({ min: 5, max: 2000, tooShort: 'lý do quá ngắn' });
/** The officer of the receiving unit: a person's name (and title). */
const officer = personText({ max: 100 }).meta({ description: 'Cán bộ tiếp nhận' });

export const acceptanceSchema = z.object({ officer }).meta({ id: 'Acceptance', example: { officer: 'Rơ Mah H’Lan' } });

export const receptionSupplementSchema = z
  .object({
    items: supplementItemsSchema.meta({ description: 'Từng giấy tờ cần bổ sung hoặc sửa, kèm lý do (mẫu 02)' }),
    officer,
  })
  .meta({ id: 'ReceptionSupplementRequest', example: { items: [{ slot: 'doc-2', document: 'Bản chụp Căn cước công dân', reason: 'Ảnh mờ, không đọc được số' }], officer: 'Rơ Mah H’Lan' } });

export const refusalSchema = z
  .object({
    reasons: z.array(reason).min(1).max(20).meta({ description: 'Lý do từ chối (mẫu 03)' }),
    legalBasis: personText({ max: 2000 }).meta({ description: 'Căn cứ pháp lý' }),
    officer,
  })
  .meta({ id: 'Refusal', example: { reasons: ['Thủ tục không thuộc thẩm quyền tiếp nhận của đơn vị'], legalBasis: 'Khoản 3 Điều 19 Nghị định 61/2018/NĐ-CP', officer: 'Rơ Mah H’Lan' } });

/** The data of the form an officer's act produces, printed and handed to (or sent to) the applicant. */
export const receptionFormSchema = z
  .object({
    form: z.enum(['01', '02', '03']).meta({ description: '01: giấy tiếp nhận và hẹn trả kết quả; 02: phiếu yêu cầu bổ sung; 03: phiếu từ chối' }),
    regime: z.string().meta({ description: 'Thông tư quy định mẫu, theo ngày lập phiếu', example: '03/2025/TT-VPCP' }),
    title: z.string(),
    ref: z.string(),
    code: z.string().optional().meta({ description: 'Mã hồ sơ (mẫu 01)' }),
    receivingUnit: z.object({ id: z.string(), name: z.string(), code: z.string() }),
    officer: z.string(),
    at: z.string(),
    receivedAt: z.string().optional(),
    dueAt: z.string().optional(),
    documents: z.array(z.object({ slot: z.string(), name: z.string() })).optional().meta({ description: 'Thành phần hồ sơ đã nhận (mẫu 01)' }),
    items: z.array(z.object({ slot: z.string().optional(), document: z.string(), reason: z.string() })).optional(),
    reasons: z.array(z.string()).optional(),
    legalBasis: z.string().optional(),
  })
  .meta({ id: 'ReceptionForm' });

export const receptionActionSchema = z.object({ form: receptionFormSchema, dossier: dossierViewSchema }).meta({ id: 'ReceptionAction' });

export const receptionQueueSchema = z
  .object({
    receivingUnit: z.object({ id: z.string(), name: z.string() }),
    items: z.array(
      z.object({
        ref: z.string(),
        status: z.string(),
        statusLabel: z.string(),
        channel: z.string(),
        queuedAt: z.string().meta({ description: 'Khi hồ sơ vào hàng chờ tiếp nhận' }),
        procedure: z.object({ id: z.string(), name: z.string() }),
      }),
    ),
  })
  .meta({ id: 'ReceptionQueue', description: 'Hồ sơ chờ tiếp nhận, cũ nhất trước; không có thông tin cá nhân (mở hồ sơ để xem, lượt xem được ghi lại)' });
