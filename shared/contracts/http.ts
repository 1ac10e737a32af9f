/// <reference types="zod-openapi" />
/**
 * Request and response schemas of the HTTP API. The same zod schemas validate requests (in the
 * functions) and generate the OpenAPI 3.1 document (./openapi.ts), so the two cannot drift.
 * Zod's own messages are Vietnamese (locale `vi`); our refinements name what is wrong.
 */
import * as z from 'zod';
import vi from 'zod/v4/locales/vi.js';
import { feeFactsSchema, paymentsViewSchema } from './money.ts';
import { slotSchema } from './documents.ts';
import { addressSchema, applicantInputSchema } from './applicant.ts';
import { dossierCode, procedureId, servicePointId } from './ids.ts';
import { processingUnits } from '../domain/processing-time.ts';

// Only the `vi` locale: `z.locales.vi()` bundles every locale (254 KB, LOCAL-CLOUD.md). The
// project imports zod as `import * as z`: esbuild then keeps only the members used, where
// `import { z }` materialises the whole namespace, every locale and the JSON-schema code with it
// (measured, issue 15: 443 KB of zod in a bundle, 103 KB after).
z.config(vi());

export const problemSchema = z
  .object({
    type: z.string().meta({ example: 'urn:motcua:problem:validation' }),
    title: z.string().meta({ example: 'Dữ liệu không hợp lệ' }),
    status: z.number().int().meta({ example: 400 }),
    detail: z.string().optional().meta({ example: 'applicant.cccd: số CCCD phải gồm đúng 12 chữ số' }),
    instance: z.string().optional().meta({ example: '/v1/dossiers' }),
    field: z.string().optional().meta({ description: 'Trường đầu tiên không hợp lệ', example: 'applicant.cccd' }),
    errors: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .meta({ example: [{ field: 'applicant.cccd', message: 'số CCCD phải gồm đúng 12 chữ số' }] }),
    correlationId: z.string().optional(),
    where: z
      .array(z.object({ kind: z.enum(['agency', 'receiving-unit', 'service-point']), id: z.string(), name: z.string() }))
      .optional()
      .meta({ description: 'not-receivable-yet: nơi nộp được hồ sơ này' }),
    liveFrom: z.string().optional().meta({ description: 'not-receivable-yet: ngày cơ quan bắt đầu nhận hồ sơ qua hệ thống', example: '2027-01-01' }),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details (application/problem+json)' });

const money = z.number().int().min(0).meta({ description: 'Số tiền, đồng (VND), số nguyên' });

export const procedureDocumentSchema = z.object({
  name: z.string(),
  form: z.enum(['original', 'copy']).meta({ description: 'original = bản chính, copy = bản sao' }),
  copies: z.number().int(),
  mandatory: z.boolean(),
});

const processingTimeSchema = z
  .union([
    z.object({
      unit: z.enum(processingUnits).meta({ description: 'working-days = ngày làm việc, calendar-days = ngày (kể cả ngày nghỉ; Bộ luật Dân sự điều 147-148), working-hours = giờ làm việc' }),
      unitLabel: z.string().meta({ example: 'ngày' }),
      amount: z.number().int().meta({ description: 'Thời hạn theo đơn vị unit', example: 10 }),
      extraWorkingHours: z.number().int().optional().meta({ description: 'Số giờ làm việc cộng thêm (thời hạn ngày làm việc)' }),
      online: z.number().int().optional().meta({ description: 'Thời hạn khi nộp trực tuyến, nếu khác' }),
      paper: z.number().int().optional().meta({ description: 'Thời hạn khi nộp hồ sơ giấy (tại quầy, thu gom tại nhà), nếu khác' }),
      ifVerification: z.number().int().optional().meta({ description: 'Thời hạn khi cần xác minh' }),
      onSupplement: z.enum(['pause', 'restart']).meta({ description: 'Khi yêu cầu bổ sung: pause = dừng đồng hồ rồi tính tiếp, restart = tính lại từ đầu khi nhận đủ' }),
      text: z.string().meta({ example: '10 ngày (15 ngày nếu cần xác minh)' }),
    }),
    z.object({ noAppointment: z.literal(true).meta({ description: 'Không hẹn ngày trả kết quả' }), text: z.string() }),
  ])
  .meta({ id: 'ProcessingTime', description: 'Thời hạn giải quyết với đơn vị tính' });

export const procedureSummarySchema = z
  .object({
    id: z.string().meta({ example: 'ltp-cap-phieu' }),
    name: z.string().meta({ example: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam' }),
    field: z.string().meta({ example: 'Lý lịch tư pháp' }),
    processingDays: z.number().int().meta({ description: 'Thời hạn giải quyết theo ngày, đơn vị ở processingTime.unit (ngày làm việc, trừ khi là ngày); 0 = trong ngày' }),
    processingHours: z.number().int().optional().meta({ description: 'Số giờ làm việc cộng thêm (8 giờ một ngày), ví dụ thủ tục nửa ngày' }),
    sameDay: z.boolean().optional().meta({ description: 'Trả kết quả trong ngày; nhận sau 15 giờ thì trả vào ngày làm việc tiếp theo' }),
    fee: money.meta({ description: 'Phí, lệ phí chuẩn của một hồ sơ (một trang, một bản), đồng (VND); chi tiết ở fees' }),
    feeText: z.string().meta({ example: '200.000 ₫' }),
    processingTime: processingTimeSchema,
    postal: z.object({ pickup: z.boolean(), delivery: z.boolean() }),
    electronicResult: z.boolean().meta({ description: 'Có kết quả điện tử: công dân có thể chọn nhận kết quả trực tuyến (resultDelivery online)' }),
  })
  .meta({ id: 'ProcedureSummary' });

export const procedureFeeSchema = z
  .object({
    name: z.string(),
    kind: z.enum(['fee', 'charge', 'tax']).meta({ description: 'fee = lệ phí, charge = phí, tax = thuế' }),
    basis: z
      .enum(['per-dossier', 'per-case', 'per-page', 'per-copy', 'per-certificate', 'of-value'])
      .meta({ description: 'Cách tính: mỗi hồ sơ, mỗi việc, mỗi trang, mỗi bản, mỗi phiếu/giấy, hoặc theo tỷ lệ giá trị' }),
    amount: money.optional(),
    amountText: z.string().optional().meta({ example: '2.000 đ' }),
    ratePercent: z.number().optional().meta({ description: 'Tỷ lệ % trên giá trị kê khai (basis of-value)' }),
    fromUnit: z.number().int().optional().meta({ description: 'Áp dụng từ trang/bản/phiếu thứ n' }),
    max: money.optional().meta({ description: 'Mức tối đa mỗi bản' }),
    appliesTo: z.string().optional().meta({ description: 'Mức riêng cho các đối tượng này, thay mức chuẩn' }),
    categories: z
      .array(z.object({ id: z.string().meta({ example: 'student' }), name: z.string().meta({ example: 'Sinh viên' }) }))
      .optional()
      .meta({ description: 'Với appliesTo: mã và tên các đối tượng, để khai trong fees.category khi nộp và trong category của fee-quote' }),
    legalSource: z.string(),
  })
  .meta({ id: 'ProcedureFee' });

export const procedureSchema = procedureSummarySchema
  .extend({
    nationalCode: z.string().optional().meta({ description: 'Mã thủ tục trên Cơ sở dữ liệu quốc gia', example: '1.001193' }),
    fees: z.array(procedureFeeSchema),
    feeNote: z.string().optional(),
    postalNote: z.string().optional().meta({ description: 'Lưu ý khi nộp hoặc nhận qua bưu chính' }),
    competentAgency: z
      .object({ id: z.string(), name: z.string() })
      .optional()
      .meta({ description: 'Cơ quan có thẩm quyền, khi cố định' }),
    competentLevel: z.enum(['province', 'district', 'commune']).optional().meta({ description: 'Cấp có thẩm quyền, khi tùy theo địa bàn người nộp' }),
    documents: z.array(procedureDocumentSchema),
  })
  .meta({ id: 'Procedure' });

export const procedureListSchema = z.object({ items: z.array(procedureSummarySchema) }).meta({ id: 'ProcedureList' });

export const procedureParamsSchema = z.object({ id: procedureId });

const createDossierExample = {
  procedureId: 'ltp-cap-phieu',
  applicant: {
    fullName: 'Nguyễn Văn An',
    cccd: '064090001234',
    phone: '0912345678',
    address: { line: 'Thôn Plei Ia Tô', unitId: '23776' },
  },
  resultDelivery: { method: 'post' },
};

export const createDossierSchema = z
  .object({
    procedureId,
    applicant: applicantInputSchema,
    intake: z
      .discriminatedUnion('method', [
        z.object({ method: z.literal('online').meta({ description: 'Tải bản quét lên rồi nộp (mặc định)' }) }),
        z.object({
          method: z.literal('home-pickup').meta({ description: 'Bưu tá đến nhận hồ sơ giấy tại nhà (Quyết định 45/2016/QĐ-TTg); không cần tải bản quét' }),
          address: addressSchema.optional().meta({ description: 'Nơi bưu tá đến nhận (mặc định: địa chỉ người nộp)' }),
          window: z
            .object({ from: z.iso.datetime({ offset: true }).max(40), to: z.iso.datetime({ offset: true }).max(40) })
            .optional()
            .meta({ description: 'Khoảng thời gian công dân muốn bưu tá đến' }),
        }),
      ])
      .optional()
      .meta({ description: 'Cách nộp hồ sơ' }),
    resultDelivery: z
      .discriminatedUnion('method', [
        z.object({
          method: z.literal('post').meta({ description: 'Bưu điện phát kết quả tận nhà' }),
          address: addressSchema.optional().meta({ description: 'Nơi phát kết quả (mặc định: địa chỉ người nộp)' }),
        }),
        z.object({
          method: z.literal('counter').meta({ description: 'Nhận kết quả tại điểm phục vụ bưu điện' }),
          servicePointId,
        }),
        z.object({ method: z.literal('online').meta({ description: 'Nhận kết quả điện tử: tải về trên trang tra cứu (thủ tục có kết quả điện tử)' }) }),
      ])
      .meta({ description: 'Cách nhận kết quả' }),
    fees: feeFactsSchema.optional(),
  })
  .meta({ id: 'CreateDossier', example: createDossierExample });
export type CreateDossierInput = z.infer<typeof createDossierSchema>;

const shipmentSummarySchema = z
  .object({
    itemId: z.string().meta({ example: 'RR473124829VN' }),
    kind: z.enum(['pickup', 'result-delivery']),
    kindLabel: z.string(),
    status: z.string(),
    statusLabel: z.string(),
    postOffice: z.object({ id: z.string(), name: z.string() }),
    attempts: z.array(z.object({ n: z.number().int(), at: z.string(), reason: z.string(), label: z.string() })).optional(),
    returnedTo: z.object({ servicePointId: z.string(), at: z.string() }).optional(),
  })
  .meta({ id: 'ShipmentSummary', description: 'Bưu gửi của hồ sơ (số hiệu S10, loại, trạng thái), không có thông tin cá nhân' });

export const createdDossierSchema = z
  .object({
    ref: z.string().meta({ description: 'Số tham chiếu của hồ sơ từ khi tạo (không phải mã hồ sơ); tra cứu được như mã hồ sơ', example: 'HS-K7Q2M4ZX3A' }),
    code: z.string().optional().meta({ description: 'Mã hồ sơ, cấp khi đơn vị tiếp nhận tiếp nhận hồ sơ: <mã định danh đơn vị tiếp nhận>-YYMMDD-NNNN', example: '000.02.28.H21-261126-0001' }),
    status: z.string().meta({ description: 'draft (trực tuyến: tải bản quét rồi nộp) hoặc received (tại quầy)', example: 'draft' }),
    statusLabel: z.string().meta({ example: 'Nháp, chưa nộp' }),
    createdAt: z.string().meta({ example: '2026-11-26T03:15:00.000Z' }),
    receivedAt: z.string().optional().meta({ description: 'Khi hồ sơ đầy đủ được tiếp nhận (tại quầy: ngay)' }),
    dueAt: z.string().optional().meta({ description: 'Ngày hẹn trả kết quả (UTC, ISO 8601), tính theo ngày làm việc', example: '2026-12-10T03:15:00.000Z' }),
    procedure: z.object({ id: z.string(), name: z.string() }),
    agency: z.object({ id: z.string(), name: z.string() }),
    receivingUnit: z.object({ id: z.string(), name: z.string() }).meta({ description: 'Đơn vị tiếp nhận (bộ phận một cửa hoặc Trung tâm Phục vụ hành chính công)' }),
    carriage: z
      .object({ postalRef: z.string().meta({ example: 'RR473124829VN' }), servicePointId: z.string() })
      .optional()
      .meta({ description: 'Nhận tại điểm bưu điện không có bộ phận một cửa: bưu điện chuyển hồ sơ đến đơn vị tiếp nhận; hồ sơ được tiếp nhận (cấp mã, tính thời hạn) khi đến nơi' }),
    shipments: z.array(shipmentSummarySchema).optional().meta({ description: 'Nhận hồ sơ tại nhà: số hiệu bưu gửi và bưu cục phục vụ' }),
    postalCharges: z.unknown().optional().meta({ description: 'Cước bưu chính của lựa chọn (PostalQuote), một phần chi phí hồ sơ' }),
    documents: z
      .array(z.object({ id: z.string(), name: z.string(), mandatory: z.boolean() }))
      .meta({ description: 'Các thành phần cần tải bản quét (POST .../documents/{slot}/upload-url)' }),
    accessToken: z.string().meta({
      description: 'Mã truy cập hồ sơ: chỉ trả về một lần; gửi lại trong header X-Dossier-Token để xem thông tin cá nhân và thao tác trên hồ sơ',
    }),
  })
  .meta({ id: 'CreatedDossier' });

export const dossierParamsSchema = z.object({ code: dossierCode });

export const timelineEntrySchema = z.object({
  type: z.string().meta({ example: 'dossier.routed' }),
  label: z.string().meta({ example: 'Đã chuyển đến cơ quan giải quyết' }),
  at: z.string(),
  agency: z.object({ id: z.string(), name: z.string() }).optional(),
  // Staff reads (dossier.viewed, document.downloaded): only with the dossier token, or to staff.
  role: z.enum(['clerk', 'agency']).optional().meta({ description: 'Lượt xem của nhân viên: vai trò người xem' }),
  servicePoint: z.object({ id: z.string(), name: z.string() }).optional().meta({ description: 'Điểm phục vụ của nhân viên bưu điện đã xem' }),
  document: z.object({ kind: z.enum(['documents', 'results']), slot: z.string(), name: z.string().optional() }).optional().meta({ description: 'Thành phần đã được tải' }),
  by: z.string().optional().meta({ description: 'Tài khoản (sub) của nhân viên đã xem; chỉ hiển thị cho nhân viên' }),
  receivedBy: z.string().optional().meta({ description: 'Trả kết quả tại quầy: người nhận, loại giấy tờ và 4 ký tự cuối; chỉ với X-Dossier-Token đúng hoặc với nhân viên', example: 'Người nộp hồ sơ Nguyễn Thị Hoa (Căn cước công dân / Căn cước …2345)' }),
});

const applicantContact = {
  phone: z.string().meta({ description: 'E.164', example: '+84912345678' }),
  email: z.string().optional(),
  address: z.object({ line: z.string(), unitId: z.string(), unitPath: z.string() }),
  representative: z
    .object({ fullName: z.string(), cccd: z.string(), phone: z.string().meta({ description: 'E.164' }) })
    .optional()
    .meta({ description: 'Người được ủy quyền nộp hồ sơ' }),
};
export const applicantSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('individual'), fullName: z.string(), cccd: z.string(), ...applicantContact }),
    z.object({ kind: z.literal('organisation'), name: z.string().meta({ description: 'Tên tổ chức' }), taxCode: z.string().meta({ description: 'Mã số thuế' }), ...applicantContact }),
  ])
  .meta({ id: 'Applicant' });

/** A decision as tracking shows it (shared/app/views.ts): content only with the dossier token or to staff. */
export const decisionViewSchema = z
  .object({
    type: z.string().meta({ example: 'dossier.extended' }),
    label: z.string(),
    at: z.string(),
    form: z
      .object({ regime: z.string().meta({ example: '03/2025/TT-VPCP' }), number: z.string().meta({ example: '04' }), title: z.string() })
      .optional()
      .meta({ description: 'Biểu mẫu của quyết định, theo chế độ biểu mẫu của ngày tiếp nhận hồ sơ' }),
    agency: z.object({ id: z.string(), name: z.string() }).optional(),
    previousDueAt: z.string().optional().meta({ description: 'Ngày hẹn trước khi gia hạn hoặc tiếp tục xử lý' }),
    newDueAt: z.string().optional().meta({ description: 'Ngày hẹn mới' }),
    items: z.array(z.object({ slot: z.string().optional(), document: z.string(), reason: z.string() })).optional().meta({ description: 'Yêu cầu bổ sung: giấy tờ cần bổ sung và lý do' }),
    receivingUnit: z.object({ id: z.string(), name: z.string() }).optional().meta({ description: 'Quyết định của đơn vị tiếp nhận (khi kiểm tra hồ sơ trước khi tiếp nhận)' }),
    reason: z.string().optional(),
    reasons: z.array(z.string()).optional().meta({ description: 'Từ chối khi tiếp nhận (mẫu 03): các lý do' }),
    legalBasis: z.string().optional(),
    signer: z.string().optional().meta({ description: 'Cán bộ yêu cầu, từ chối hoặc người ký' }),
    apology: z.string().optional().meta({ description: 'Lời xin lỗi và ngày hẹn mới (gia hạn)' }),
  })
  .meta({ id: 'DossierDecision' });

export const dossierViewSchema = z
  .object({
    ref: z.string().meta({ description: 'Số tham chiếu của hồ sơ từ khi tạo (không phải mã hồ sơ); tra cứu được như mã hồ sơ', example: 'HS-K7Q2M4ZX3A' }),
    code: z.string().optional().meta({ description: 'Mã hồ sơ, cấp khi đơn vị tiếp nhận tiếp nhận hồ sơ: <mã định danh đơn vị tiếp nhận>-YYMMDD-NNNN', example: '000.02.28.H21-261126-0001' }),
    status: z.string(),
    statusLabel: z.string(),
    createdAt: z.string(),
    receivingUnit: z.object({ id: z.string(), name: z.string() }).meta({ description: 'Đơn vị tiếp nhận (bộ phận một cửa hoặc Trung tâm Phục vụ hành chính công)' }),
    receivedAt: z.string().optional(),
    dueAt: z.string().optional().meta({ description: 'Ngày hẹn trả kết quả' }),
    remaining: z
      .object({
        workingMinutes: z.number().int().meta({ description: 'Số phút làm việc còn lại (âm khi quá hạn)' }),
        workingDays: z.number().meta({ description: 'Số ngày làm việc còn lại (8 giờ một ngày)' }),
        text: z.string().meta({ example: 'còn 3 ngày làm việc' }),
        overdue: z.boolean(),
      })
      .optional()
      .meta({ description: 'Thời gian còn lại đến hạn; không có khi hồ sơ đã xong' }),
    procedure: z.object({ id: z.string(), name: z.string() }),
    agency: z.object({ id: z.string(), name: z.string() }),
    routedAt: z.string().optional(),
    shipments: z.array(shipmentSummarySchema).optional().meta({ description: 'Chặng bưu chính: nhận hồ sơ tại nhà, phát kết quả' }),
    postalCharges: z.unknown().optional().meta({ description: 'Cước bưu chính của lựa chọn (PostalQuote), một phần chi phí hồ sơ' }),
    decisions: z
      .array(decisionViewSchema)
      .meta({ description: 'Các quyết định (bổ sung, từ chối, dừng, tiếp tục, gia hạn) và biểu mẫu; nội dung chỉ khi có X-Dossier-Token đúng (hoặc với nhân viên)' }),
    timeline: z.array(timelineEntrySchema),
    held: z
      .object({ agency: z.object({ id: z.string(), name: z.string() }), since: z.string().optional(), reason: z.string() })
      .optional()
      .meta({ description: 'Hồ sơ đang chờ vì cơ quan giải quyết chưa tham gia triển khai' }),
    chain: z
      .object({ step: z.number().int(), length: z.number().int(), agencies: z.array(z.object({ id: z.string(), name: z.string() })) })
      .optional()
      .meta({ description: 'Liên thông: các cơ quan giải quyết lần lượt và bước hiện tại' }),
    supplementRequest: z
      .object({ items: z.array(z.object({ slot: z.string().optional(), document: z.string(), reason: z.string() })).optional(), at: z.string() })
      .optional()
      .meta({ description: 'Yêu cầu bổ sung đang chờ (mẫu 02): từ khi nào; các thành phần và lý do chỉ khi có X-Dossier-Token đúng (hoặc với nhân viên)' }),
    documents: z.array(slotSchema).optional().meta({ description: 'Các thành phần hồ sơ và trạng thái bản quét' }),
    results: z.array(slotSchema).optional().meta({ description: 'Văn bản kết quả' }),
    applicant: applicantSchema.optional().meta({ description: 'Chỉ khi có X-Dossier-Token đúng (hoặc với cơ quan được giao)' }),
    sms: z
      .array(z.object({ scenario: z.string(), to: z.string(), recipient: z.string(), text: z.string(), encoding: z.string(), segments: z.number().int(), status: z.string(), statusLabel: z.string(), createdAt: z.string() }).passthrough())
      .optional()
      .meta({ description: 'Tin nhắn SMS đã gửi về hồ sơ (số điện thoại che bớt); chỉ khi có X-Dossier-Token đúng' }),
    resultDelivery: z.unknown().optional(),
    payments: paymentsViewSchema.optional().meta({ description: 'Các yêu cầu nộp phí, lệ phí, cước và biên lai; chỉ khi có X-Dossier-Token đúng (hoặc với nhân viên)' }),
  })
  .meta({ id: 'Dossier' });

export const dossierTokenHeaderSchema = z.object({
  'x-dossier-token': z.string().max(64).optional().meta({ description: 'Mã truy cập hồ sơ nhận khi nộp (43 ký tự base64url)' }),
});

/** 16 to 64 of A–Z a–z 0–9 `_` `-`: a UUID fits, and 16 such characters carry 95 bits. */
export const idempotencyKeyPattern = /^[A-Za-z0-9_-]{16,64}$/;
const idempotencyKeyMessage = 'Idempotency-Key phải gồm 16 đến 64 ký tự A–Z, a–z, 0–9, "_" hoặc "-" (ví dụ một UUID)';
const idempotencyKey = (required: boolean) =>
  z
    .string({ error: () => 'thiếu header Idempotency-Key: yêu cầu tạo hồ sơ phải có khóa chống gửi trùng; khi thử lại, gửi lại đúng khóa đó' })
    .min(16, idempotencyKeyMessage)
    .max(64, idempotencyKeyMessage)
    .regex(idempotencyKeyPattern, idempotencyKeyMessage)
    .meta({
      description: `Khóa chống gửi trùng (16–64 ký tự A–Z a–z 0–9 _ -)${required ? ', bắt buộc' : ''}: gửi lại cùng khóa với cùng nội dung và cùng người gửi sẽ nhận lại kết quả lần đầu; khác nội dung hoặc người gửi: 422`,
      example: '8f14e45f-ceea-467f-a0e6-0e4b0d2f3c11',
    });

/** On POSTs that change something: optional (the state machine refuses a repeated step anyway). */
export const idempotencyHeaderSchema = z.object({ 'idempotency-key': idempotencyKey(false).optional() });
/** On creates: required, so that a retried create never makes a second dossier. */
export const requiredIdempotencyHeaderSchema = z.object({ 'idempotency-key': idempotencyKey(true) });
