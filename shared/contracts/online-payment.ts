/**
 * The online payment's wire (issue 12, item 3): what starting an attempt answers, the gateway's
 * signed result as it arrives on the IPN and return routes, and what each answers
 * (docs/payment-integration.md). Every string is bounded.
 */
import * as z from 'zod';

/** The gateway's `vnp_*` parameters as they come: the checksum covers every one, so none is dropped (the adapter bounds them further). */
export const gatewayResultQuerySchema = z
  .object({
    vnp_TxnRef: z.string().max(100).optional(),
    vnp_Amount: z.string().max(12).optional(),
    vnp_ResponseCode: z.string().max(2).optional(),
    vnp_TransactionStatus: z.string().max(2).optional(),
    vnp_SecureHash: z.string().max(128).optional().meta({ description: 'HMAC-SHA512 của các tham số vnp_* (xem docs/payment-integration.md)' }),
  })
  .catchall(z.string().max(2048));

/** Starting an online payment of one open request: the citizen is sent to the gateway. */
export const onlineStartRequestSchema = z
  .object({ requestId: z.uuid('mã yêu cầu nộp tiền không hợp lệ').max(36).meta({ description: 'Yêu cầu nộp tiền (payments.requests[].id của hồ sơ)' }) })
  .meta({ id: 'OnlinePaymentStart', example: { requestId: '1b4e28ba-2fa1-41d2-883f-0016d3cca427' } });

const attemptViewSchema = z.object({ txnRef: z.string(), startedAt: z.string(), expiresAt: z.string(), status: z.enum(['running', 'expired', 'paid', 'failed', 'cancelled']) });

export const onlineStartSchema = z
  .object({
    requestId: z.string(),
    txnRef: z.string().meta({ description: 'Mã giao dịch gửi cổng thanh toán (vnp_TxnRef)' }),
    paymentUrl: z.string().meta({ description: 'Đường dẫn (đã ký) đưa trình duyệt đến trang thanh toán' }),
    amount: z.number().int(),
    amountText: z.string(),
    expiresAt: z.string().meta({ description: 'Sau thời điểm này cổng thanh toán không nhận thanh toán cho giao dịch; có thể bắt đầu giao dịch mới' }),
    expiresAtText: z.string(),
    resumed: z.boolean().meta({ description: 'true: giao dịch đang chạy được trả lại, không tạo giao dịch thứ hai' }),
    attempts: z.array(attemptViewSchema),
  })
  .meta({ id: 'OnlinePaymentStarted' });

export const ipnAnswerSchema = z.object({ RspCode: z.string(), Message: z.string() }).meta({ id: 'IpnAnswer', description: 'Trả lời theo quy định của VNPAY (luôn HTTP 200): 00 đã ghi nhận, 02 đã ghi nhận trước đó, 01 không có giao dịch, 04 sai số tiền, 97 sai chữ ký, 99 lỗi khác' });

export const paymentReturnSchema = z
  .object({
    outcome: z.enum(['paid', 'failed', 'cancelled', 'expired', 'suspected', 'pending']),
    txnRef: z.string(),
    dossierRef: z.string(),
    dossierCode: z.string().optional(),
    amount: z.number().int(),
    amountText: z.string(),
    receiptId: z.string().optional().meta({ description: 'Biên lai, khi thông báo của cổng thanh toán đã được ghi nhận' }),
  })
  .meta({ id: 'PaymentReturn' });
