/**
 * Agency decisions (POST /v1/agency/dossiers/{code}/decisions), each carrying the data of the
 * form it stands for (Circular 01/2018/TT-VPCP, BRIEF 1.3): supplement request (form 02),
 * refusal (form 03), apology and new appointment (form 04).
 */
import { z } from 'zod';

const reason = z.string().trim().min(5, 'lý do quá ngắn').max(2000);

export const decisionSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('accept').meta({ description: 'Nhận xử lý hồ sơ (bắt đầu giải quyết)' }), note: z.string().max(2000).optional() }),
    z.object({
      type: z.literal('request-supplement').meta({ description: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu 02): đồng hồ dừng cho đến khi nhận đủ bổ sung' }),
      items: z
        .array(z.object({ slot: z.string().optional().meta({ description: 'Thành phần cần nộp lại, nếu có', example: 'doc-2' }), document: z.string().min(1), reason }))
        .min(1)
        .meta({ description: 'Từng giấy tờ cần bổ sung hoặc sửa, kèm lý do' }),
      officer: z.string().min(1).meta({ description: 'Cán bộ yêu cầu' }),
    }),
    z.object({
      type: z.literal('reject').meta({ description: 'Phiếu từ chối tiếp nhận, giải quyết hồ sơ (mẫu 03)' }),
      reason,
      legalBasis: z.string().min(1).meta({ description: 'Căn cứ pháp lý' }),
      officer: z.string().min(1),
    }),
    z.object({
      type: z.literal('extend').meta({ description: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả (mẫu 04)' }),
      reason,
      newDueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ngày hẹn mới dạng YYYY-MM-DD').meta({ example: '2026-12-18' }),
      signer: z.string().min(1),
    }),
    z.object({
      type: z.literal('complete').meta({ description: 'Hoàn thành: có kết quả, hoặc chuyển cơ quan tiếp theo (liên thông)' }),
      resultSlots: z.array(z.string()).default([]).meta({ description: 'Các thành phần kết quả đã tải lên (result-1, ...); bắt buộc ở bước cuối' }),
      summary: z.string().max(2000).optional(),
    }),
  ])
  .meta({ id: 'Decision', example: { type: 'request-supplement', items: [{ slot: 'doc-2', document: 'Bản chụp Căn cước công dân', reason: 'Ảnh mờ, không đọc được số' }], officer: 'Nguyễn Văn B' } });
export type Decision = z.infer<typeof decisionSchema>;

export const withdrawalSchema = z
  .object({ reason: z.string().trim().min(5).max(2000), requestSigned: z.literal(true).meta({ description: 'Công dân đã ký đơn rút hồ sơ tại quầy' }) })
  .meta({ id: 'Withdrawal', example: { reason: 'Công dân không còn nhu cầu', requestSigned: true } });
