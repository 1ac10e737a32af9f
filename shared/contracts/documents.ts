/** Schemas of the document endpoints: upload forms, slots, downloads, submission. */
import * as z from 'zod';
import { feeFactsSchema } from './money.ts';
import { acceptedTypes } from '../domain/documents.ts';
import { applicantInputSchema } from './applicant.ts';
import { dossierCode, procedureId, servicePointId, slotId } from './ids.ts';

export const slotParamsSchema = z.object({
  code: dossierCode,
  slot: slotId,
});

export const uploadRequestSchema = z
  .object({
    contentType: z.enum(acceptedTypes).meta({ description: 'Loại tệp: PDF, JPEG hoặc PNG' }),
    size: z.number().int().min(1).meta({ description: 'Kích thước tệp, byte', example: 182044 }),
    sha256: z
      .string()
      .max(44, { abort: true })
      .regex(/^[A-Za-z0-9+/]{43}=$/, 'SHA-256 phải ở dạng base64 (44 ký tự)')
      .meta({ description: 'SHA-256 của tệp, base64', example: 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=' }),
  })
  .meta({ id: 'UploadRequest', example: { contentType: 'application/pdf', size: 182044, sha256: 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=' } });

export const uploadFormSchema = z
  .object({
    url: z.string().meta({ description: 'Địa chỉ gửi biểu mẫu (multipart/form-data POST)' }),
    fields: z.record(z.string(), z.string()).meta({ description: 'Các trường phải gửi kèm, trước trường file' }),
    key: z.string(),
    maxBytes: z.number().int(),
    expiresAt: z.string().meta({ description: 'Đường dẫn hết hạn sau tối đa 15 phút' }),
  })
  .meta({ id: 'UploadForm' });

export const downloadSchema = z
  .object({ url: z.string(), expiresAt: z.string(), fileName: z.string() })
  .meta({ id: 'Download', description: 'Đường dẫn tải về có thời hạn' });

export const slotSchema = z
  .object({
    id: z.string().meta({ example: 'doc-1' }),
    name: z.string(),
    mandatory: z.boolean(),
    status: z.enum(['empty', 'uploaded', 'verified', 'rejected']),
    statusLabel: z.string(),
    reason: z.string().optional().meta({ description: 'Lý do từ chối' }),
    contentType: z.string().optional(),
    size: z.number().int().optional(),
    updatedAt: z.string().optional(),
  })
  .meta({ id: 'DocumentSlot' });

export const counterCreateSchema = z
  .object({
    procedureId,
    applicant: applicantInputSchema,
    resultDelivery: z.discriminatedUnion('method', [
      z.object({ method: z.literal('post') }),
      z.object({ method: z.literal('counter'), servicePointId }),
      z.object({ method: z.literal('online') }),
    ]),
    fees: feeFactsSchema.optional(),
    smsOptIn: z.boolean().default(false).meta({ description: 'Công dân nộp tại quầy đồng ý nhận tin nhắn SMS khi hồ sơ được tiếp nhận (các tin khác luôn được gửi)' }),
    papersChecked: z
      .array(z.object({ document: z.number().int().min(1).max(100), form: z.enum(['original', 'copy']), copies: z.number().int().min(1).max(100) }))
      .max(50)
      .optional()
      .meta({ description: 'Giấy tờ đã kiểm đếm tại quầy, theo thứ tự trong danh mục của thủ tục' }),
  })
  .meta({
    id: 'CounterCreateDossier',
    example: {
      procedureId: 'ltp-cap-phieu',
      applicant: { fullName: 'Nguyễn Văn An', cccd: '064090001234', phone: '0912345678', address: { line: 'Thôn Plei Ia Tô', unitId: '23776' } },
      resultDelivery: { method: 'counter', servicePointId: 'bd-iagrai' },
    },
  });
