/**
 * Money on the wire (issue 12): what the applicant declares for the fees, payments by each
 * collector, cancellations, refunds, an agency's fee request, remittances and reconciliation.
 * Amounts are whole VND (integers); every text is bounded.
 */
import * as z from 'zod';
import { personText } from './text.ts';

const vnd = (max = 10_000_000_000) => z.number().int('số tiền là số nguyên đồng').min(0).max(max);
const positiveVnd = z.number().int('số tiền là số nguyên đồng').min(1, 'số tiền phải lớn hơn 0').max(10_000_000_000);
const category = z.string().max(40).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'mã đối tượng: chữ thường, số và gạch nối');
const requestId = z.uuid('mã yêu cầu nộp tiền không hợp lệ').max(36);
const isoDay = z.string().max(10, { abort: true }).regex(/^\d{4}-\d{2}-\d{2}$/, 'ngày dạng YYYY-MM-DD');

/** What the applicant declares for the fees (shared/domain/money/assessment.ts). */
export const feeFactsSchema = z
  .object({
    category: z.array(category).max(5).optional().meta({ description: 'Đối tượng được mức phí riêng hoặc giảm, miễn (ví dụ student, merit); cán bộ kiểm tra giấy tờ khi tiếp nhận' }),
    quantities: z
      .object({
        pages: z.number().int().min(1).max(10_000).optional(),
        copies: z.number().int().min(1).max(1_000).optional(),
        certificates: z.number().int().min(1).max(100).optional(),
        cases: z.number().int().min(1).max(1_000).optional(),
        value: vnd(1_000_000_000_000_000).optional().meta({ description: 'Giá trị kê khai (thuế, lệ phí theo tỷ lệ)' }),
      })
      
      .optional(),
  })
  
  .meta({ id: 'FeeFacts', description: 'Căn cứ tính phí, lệ phí' });

/** A cash payment of one open request, in full (the clerk at the counter, the postman at the door). */
export const cashPaymentSchema = z
  .object({
    requestId,
    amount: positiveVnd.meta({ description: 'Số tiền nhận, phải đúng số của yêu cầu' }),
  })
  
  .meta({ id: 'CashPayment', example: { requestId: '1b4e28ba-2fa1-41d2-883f-0016d3cca427', amount: 150000 } });

export const receiptCancellationSchema = z.object({ reason: personText({ min: 5, max: 500, tooShort: 'lý do quá ngắn' }) }).meta({ id: 'ReceiptCancellation', example: { reason: 'Thu nhầm hồ sơ, lập lại biên lai' } });

export const refundSchema = z
  .object({
    amount: positiveVnd,
    reason: personText({ min: 5, max: 500, tooShort: 'lý do quá ngắn' }),
    lines: z.array(z.object({ code: z.string().max(200), amount: positiveVnd })).min(1).max(50).optional(),
  })
  
  .meta({ id: 'Refund', example: { amount: 50000, reason: 'Được miễn lệ phí theo quyết định', lines: [{ code: 'fee:le-phi-dang-ky-doanh-nghiep', amount: 50000 }] } });

export const receiptParamsSchema = z.object({ code: z.string().max(40), receiptId: z.string().max(80).regex(/^[A-Z]\d{4}-[A-Za-z0-9_-]{1,40}-\d{7}$/, 'số biên lai không hợp lệ') });

/** An agency's request for fees known only after processing (its own lines). */
export const feeRequestSchema = z
  .object({
    lines: z
      .array(
        z
          .object({
            label: personText({ max: 200 }),
            kind: z.enum(['fee', 'charge', 'tax']).meta({ description: 'fee = lệ phí, charge = phí, tax = thuế' }),
            amount: positiveVnd.meta({ description: 'Đơn giá' }),
            quantity: z.number().int().min(1).max(1000).optional(),
            legalSource: personText({ max: 300 }),
          })
          ,
      )
      .min(1)
      .max(20),
    due: z.enum(['before-processing', 'after-processing']).meta({ description: 'Nộp trước khi giải quyết tiếp, hoặc khi nhận kết quả' }),
    pausesClock: z.boolean().meta({ description: 'Thời hạn giải quyết tạm dừng cho đến khi nộp (chỉ khi nộp trước khi giải quyết)' }),
    note: personText({ max: 1000 }).optional(),
  })
  
  .meta({
    id: 'FeeRequest',
    example: { lines: [{ label: 'Lệ phí cấp giấy chứng nhận', kind: 'fee', amount: 100000, quantity: 1, legalSource: 'Nghị quyết của HĐND tỉnh' }], due: 'before-processing', pausesClock: true },
  });


/** A remittance: the post office's transfer to an agency's account, and the receipts it covers. */
export const remittanceSchema = z
  .object({
    agencyId: z.string().max(40),
    day: isoDay.meta({ description: 'Ngày thu (giờ Việt Nam) mà khoản chuyển này thanh toán' }),
    reference: personText({ max: 100 }).meta({ description: 'Số tham chiếu của lệnh chuyển khoản' }),
    amount: positiveVnd,
    at: z.iso.datetime({ offset: true }).max(40).meta({ description: 'Thời điểm chuyển khoản' }),
    receiptIds: z.array(z.string().max(80)).min(1).max(1000),
  })
  
  .meta({
    id: 'Remittance',
    // A day and a receipt no test uses: the fuzzer posts the example as it is.
    example: { agencyId: 'gl-skhdt', day: '2026-11-30', reference: 'UNC-20261130-0001', amount: 150000, at: '2026-11-30T15:30:00+07:00', receiptIds: ['B2026-postman-example-0000001'] },
  });

export const moneyDayQuerySchema = z.object({ day: isoDay, format: z.enum(['json', 'csv']).default('json') });
export const adminMoneyDayQuerySchema = moneyDayQuerySchema.extend({ agencyId: z.string().max(40) });

/** Answers are documented loosely (their fields come from shared/domain/money); each carries amounts as integers and as text. */
export const receiptViewSchema = z.object({ id: z.string(), series: z.string(), number: z.string(), total: z.number().int(), totalText: z.string(), status: z.string() }).passthrough().meta({ id: 'Receipt' });
export const paymentRequestViewSchema = z.object({ id: z.string(), status: z.string(), total: z.number().int(), totalText: z.string() }).passthrough().meta({ id: 'PaymentRequest' });
export const paymentsViewSchema = z.object({ requests: z.array(paymentRequestViewSchema), receipts: z.array(z.object({}).passthrough()), owed: z.number().int() }).meta({ id: 'Payments' });
export const reconciliationViewSchema = z.object({ agencyId: z.string(), day: z.string() }).passthrough().meta({ id: 'Reconciliation' });

/** What a dossier would owe, before it is created: the procedure's fees for the channel and the applicant, and the postal charges chosen. */
export const feeQuoteQuerySchema = z.object({
  channel: z.enum(['online', 'counter', 'home-pickup']).default('online'),
  category: z
    .string()
    .max(200, { abort: true })
    .regex(/^[a-z0-9-]+(,[a-z0-9-]+){0,4}$/, 'đối tượng: các mã cách nhau bằng dấu phẩy')
    .optional()
    .meta({ description: 'Đối tượng (mã), cách nhau bằng dấu phẩy, ví dụ student' }),
  pages: z.coerce.number().int().min(1).max(10_000).optional(),
  copies: z.coerce.number().int().min(1).max(1_000).optional(),
  certificates: z.coerce.number().int().min(1).max(100).optional(),
  cases: z.coerce.number().int().min(1).max(1_000).optional(),
  value: z.coerce.number().int().min(0).max(1_000_000_000_000_000).optional(),
  unitId: z.string().max(5, { abort: true }).regex(/^\d{2,5}$/, 'mã đơn vị hành chính là 2 đến 5 chữ số').optional().meta({ description: 'Nơi bưu tá đến, khi chọn dịch vụ bưu chính' }),
  pickup: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  delivery: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});
export const feeQuoteSchema = z.object({ lines: z.array(z.object({}).passthrough()), totals: z.object({}).passthrough(), totalText: z.string() }).passthrough().meta({ id: 'FeeQuote' });
