/**
 * Agency decisions (POST /v1/agency/dossiers/{code}/decisions), each carrying the data of the
 * form it produces. The form's number and title follow the regime in force on the dossier's
 * receipt date (shared/domain/forms.ts): Circular 01/2018/TT-VPCP before 15 Sep 2025, Circular
 * 03/2025/TT-VPCP after. Supplement request (02), refusal (03), extension with apology (04),
 * notice of stopping (05 under 03/2025; 03 under 01/2018), resumption (no form).
 */
import * as z from 'zod';
import { slotId } from './ids.ts';
import { personText } from './text.ts';

const reason = personText({ min: 5, max: 2000, tooShort: 'lý do quá ngắn' });
/** The officer who requests or refuses, or who signs an apology: a person's name and title. */
const officer = personText({ max: 100 });

/** What a supplement request (form 02) lists: each document to add or correct, with its reason; at reception or by the agency. */
export const supplementItemsSchema = z
  .array(
    z.object({
      slot: slotId.optional().meta({ description: 'Thành phần cần nộp lại, nếu có', example: 'doc-2' }),
      document: personText({ max: 500 }).meta({ description: 'Giấy tờ cần bổ sung hoặc sửa' }),
      reason,
    }),
  )
  .min(1)
  .max(50);

export const decisionSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('accept').meta({ description: 'Nhận xử lý hồ sơ (bắt đầu giải quyết)' }), note: personText({ max: 2000 }).optional() }),
    z.object({
      type: z.literal('request-supplement').meta({ description: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu số 02 ở cả hai chế độ biểu mẫu): đồng hồ dừng cho đến khi nhận đủ bổ sung' }),
      items: supplementItemsSchema.meta({ description: 'Từng giấy tờ cần bổ sung hoặc sửa, kèm lý do' }),
      officer: officer.meta({ description: 'Cán bộ yêu cầu' }),
    }),
    z.object({
      type: z
        .literal('reject')
        .meta({ description: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ (mẫu số 03) trước khi nhận xử lý; khi đang xử lý là dừng giải quyết (như type "stop")' }),
      reason,
      legalBasis: personText({ max: 2000 }).meta({ description: 'Căn cứ pháp lý' }),
      officer,
    }),
    z.object({
      type: z.literal('extend').meta({
        description:
          'Mẫu số 04: Phiếu xin lỗi và hẹn lại ngày trả kết quả (Thông tư 01/2018) hoặc Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (Thông tư 03/2025). Chỉ trước ngày hẹn hiện tại, đến một ngày sau đó, không quá thêm một lần thời hạn giải quyết của thủ tục; mỗi lần gia hạn một lý do riêng',
      }),
      reason: reason.meta({ description: 'Lý do chậm trễ, riêng cho lần gia hạn này' }),
      newDueDate: z.string().max(10, { abort: true }).regex(/^\d{4}-\d{2}-\d{2}$/, 'ngày hẹn mới dạng YYYY-MM-DD').meta({ example: '2026-12-18' }),
      signer: officer.meta({ description: 'Người ký phiếu xin lỗi và hẹn lại' }),
    }),
    z.object({
      type: z.literal('stop').meta({ description: 'Thông báo dừng giải quyết hồ sơ (mẫu số 05, Thông tư 03/2025): đồng hồ dừng cho đến khi tiếp tục xử lý' }),
      kind: z.enum(['stop', 'verification']).default('stop').meta({ description: 'stop: dừng xử lý; verification: tạm dừng để xác minh thêm (tin nhắn gửi công dân khác nhau)' }),
      reason,
      legalBasis: personText({ max: 2000 }).optional().meta({ description: 'Căn cứ pháp lý, nếu có' }),
      signer: officer.meta({ description: 'Người ký thông báo dừng' }),
    }),
    z.object({
      type: z.literal('resume').meta({ description: 'Tiếp tục xử lý hồ sơ đã dừng: ngày hẹn lùi thêm đúng thời gian làm việc đã dừng' }),
      reason,
      signer: officer.meta({ description: 'Người quyết định tiếp tục xử lý' }),
    }),
    z.object({
      type: z.literal('complete').meta({ description: 'Hoàn thành: có kết quả, hoặc chuyển cơ quan tiếp theo (liên thông)' }),
      resultSlots: z.array(slotId).max(20).default([]).meta({ description: 'Các thành phần kết quả đã tải lên (result-1, ...); bắt buộc ở bước cuối' }),
      summary: personText({ max: 2000 }).optional(),
    }),
  ])
  .meta({ id: 'Decision', example: { type: 'request-supplement', items: [{ slot: 'doc-2', document: 'Bản chụp Căn cước công dân', reason: 'Ảnh mờ, không đọc được số' }], officer: 'Nguyễn Văn B' } });
export type Decision = z.infer<typeof decisionSchema>;

export const withdrawalSchema = z
  .object({ reason, requestSigned: z.literal(true).meta({ description: 'Công dân đã ký đơn rút hồ sơ tại quầy' }) })
  .meta({ id: 'Withdrawal', example: { reason: 'Công dân không còn nhu cầu', requestSigned: true } });
