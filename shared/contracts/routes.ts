/**
 * The HTTP routes of motcua: one list, read by the API functions (routing), by the OpenAPI
 * generator and by infra (API Gateway routes locally and in CDK). Request and response schemas
 * live in ./http.ts; a route names them by operationId.
 */
export const audiences = ['public', 'counter', 'agency', 'courier', 'admin'] as const;
export type Audience = (typeof audiences)[number];
export const roles = ['clerk', 'agency', 'courier', 'admin'] as const;
export type Role = (typeof roles)[number];

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway path template, e.g. `/v1/dossiers/{code}`. */
  path: string;
  operationId: string;
  audience: Audience;
  /** `jwt` routes sit behind the JWT authorizer; the function still checks the role claim. */
  auth: 'none' | 'jwt';
  roles?: readonly Role[];
  summary: string;
  /**
   * `natural`: the operation is idempotent by itself, so an Idempotency-Key is accepted but no
   * record is kept. An upload form declares what a slot will receive: a repeat of the same
   * declaration changes nothing and is answered with a fresh form (a form carries a signature and
   * an expiry: a stored one could not be replayed anyway). Issue 15: each form cost an
   * idempotency record and turned a one-item update into a transaction.
   */
  idempotency?: 'natural';
}

export const routes = [
  { method: 'GET', path: '/v1/procedures', operationId: 'listProcedures', audience: 'public', auth: 'none', summary: 'Danh mục thủ tục hành chính' },
  { method: 'GET', path: '/v1/units', operationId: 'listUnits', audience: 'public', auth: 'none', summary: 'Các xã, phường đang có hiệu lực của tỉnh (chọn địa chỉ)' },
  { method: 'GET', path: '/v1/procedures/{id}', operationId: 'getProcedure', audience: 'public', auth: 'none', summary: 'Chi tiết một thủ tục' },
  { method: 'POST', path: '/v1/dossiers', operationId: 'createDossier', audience: 'public', auth: 'none', summary: 'Nộp hồ sơ' },
  { method: 'GET', path: '/v1/dossiers/{code}', operationId: 'trackDossier', audience: 'public', auth: 'none', summary: 'Tra cứu hồ sơ' },
  { method: 'GET', path: '/v1/openapi.json', operationId: 'getOpenApi', audience: 'public', auth: 'none', summary: 'Tài liệu OpenAPI 3.1' },
  { method: 'GET', path: '/v1/schemas/agency-envelope-v1.json', operationId: 'getAgencyEnvelopeSchema', audience: 'public', auth: 'none', summary: 'JSON Schema của thông điệp gửi cơ quan, phiên bản 1' },
  { method: 'POST', path: '/v1/dossiers/{code}/documents/{slot}/upload-url', operationId: 'requestUploadUrl', audience: 'public', auth: 'none', summary: 'Xin đường dẫn tải lên bản quét cho một thành phần hồ sơ', idempotency: 'natural' },
  { method: 'POST', path: '/v1/dossiers/{code}/submit', operationId: 'submitDossier', audience: 'public', auth: 'none', summary: 'Nộp hồ sơ khi đã đủ bản quét hợp lệ' },
  { method: 'POST', path: '/v1/dossiers/{code}/supplement', operationId: 'supplementDossier', audience: 'public', auth: 'none', summary: 'Nộp bổ sung khi cơ quan yêu cầu' },
  { method: 'GET', path: '/v1/dossiers/{code}/results/{slot}', operationId: 'getResultDocument', audience: 'public', auth: 'none', summary: 'Tải kết quả giải quyết' },
  { method: 'POST', path: '/v1/counter/dossiers', operationId: 'counterCreateDossier', audience: 'counter', auth: 'jwt', roles: ['clerk'], summary: 'Tiếp nhận hồ sơ tại quầy (kê khai hỗ trợ)' },
  { method: 'GET', path: '/v1/counter/reception', operationId: 'counterListReception', audience: 'counter', auth: 'jwt', roles: ['clerk'], summary: 'Hàng chờ tiếp nhận của bộ phận một cửa (cũ nhất trước)' },
  { method: 'POST', path: '/v1/counter/dossiers/{code}/acceptance', operationId: 'counterAcceptDossier', audience: 'counter', auth: 'jwt', roles: ['clerk'], summary: 'Tiếp nhận hồ sơ: cấp mã hồ sơ, bắt đầu tính thời hạn (mẫu 01)' },
  { method: 'POST', path: '/v1/counter/dossiers/{code}/arrival', operationId: 'counterConfirmArrival', audience: 'counter', auth: 'jwt', roles: ['clerk'], summary: 'Xác nhận hồ sơ do bưu điện chuyển đến đã đến: tiếp nhận, cấp mã hồ sơ, bắt đầu tính thời hạn' },
  { method: 'POST', path: '/v1/counter/dossiers/{code}/reception-supplement', operationId: 'counterRequestSupplement', audience: 'counter', auth: 'jwt', roles: ['clerk'], summary: 'Yêu cầu bổ sung, hoàn thiện hồ sơ khi tiếp nhận (mẫu 02)' },
  { method: 'POST', path: '/v1/counter/dossiers/{code}/refusal', operationId: 'counterRefuseDossier', audience: 'counter', auth: 'jwt', roles: ['clerk'], summary: 'Từ chối tiếp nhận hồ sơ (mẫu 03)' },
  { method: 'GET', path: '/v1/counter/dossiers/{code}', operationId: 'counterGetDossier', audience: 'counter', auth: 'jwt', roles: ['clerk'], summary: 'Nhân viên quầy xem hồ sơ' },
  { method: 'POST', path: '/v1/counter/dossiers/{code}/documents/{slot}/upload-url', operationId: 'counterRequestUploadUrl', audience: 'counter', auth: 'jwt', roles: ['clerk'], summary: 'Quét hồ sơ tại quầy: đường dẫn tải lên', idempotency: 'natural' },
  { method: 'POST', path: '/v1/counter/dossiers/{code}/supplement', operationId: 'counterSupplementDossier', audience: 'counter', auth: 'jwt', roles: ['clerk'], summary: 'Tiếp nhận hồ sơ bổ sung tại quầy' },
  { method: 'POST', path: '/v1/counter/dossiers/{code}/withdrawal', operationId: 'counterWithdrawDossier', audience: 'counter', auth: 'jwt', roles: ['clerk'], summary: 'Rút hồ sơ theo đơn của công dân' },
  { method: 'GET', path: '/v1/counter/dossiers/{code}/results/{slot}', operationId: 'counterGetResultDocument', audience: 'counter', auth: 'jwt', roles: ['clerk'], summary: 'Tải kết quả để in và trả tại quầy' },
  { method: 'POST', path: '/v1/counter/dossiers/{code}/payments', operationId: 'counterTakePayment', audience: 'counter', auth: 'jwt', roles: ['clerk'], summary: 'Thu tiền mặt tại quầy một yêu cầu nộp phí, lệ phí, cước: cấp biên lai' },
  { method: 'GET', path: '/v1/counter/dossiers/{code}/receipts/{receiptId}', operationId: 'counterGetReceipt', audience: 'counter', auth: 'jwt', roles: ['clerk'], summary: 'Biên lai thu phí, lệ phí của hồ sơ (để in)' },
  { method: 'POST', path: '/v1/counter/dossiers/{code}/receipts/{receiptId}/cancellation', operationId: 'counterCancelReceipt', audience: 'counter', auth: 'jwt', roles: ['clerk'], summary: 'Hủy biên lai (có lý do; không xóa): yêu cầu nộp tiền mở lại' },
  { method: 'POST', path: '/v1/counter/dossiers/{code}/receipts/{receiptId}/refunds', operationId: 'counterRefund', audience: 'counter', auth: 'jwt', roles: ['clerk'], summary: 'Hoàn trả tiền của một biên lai (bản ghi hoàn tiền riêng)' },
  { method: 'GET', path: '/v1/dossiers/{code}/receipts/{receiptId}', operationId: 'getReceipt', audience: 'public', auth: 'none', summary: 'Biên lai của hồ sơ (cần X-Dossier-Token)' },
  { method: 'GET', path: '/v1/procedures/{id}/fee-quote', operationId: 'quoteFees', audience: 'public', auth: 'none', summary: 'Báo giá phí, lệ phí và cước bưu chính trước khi nộp' },
  { method: 'POST', path: '/v1/agency/dossiers/{code}/payment-requests', operationId: 'agencyRequestFee', audience: 'agency', auth: 'jwt', roles: ['agency'], summary: 'Cơ quan yêu cầu nộp phí, lệ phí biết sau khi xử lý (có thể dừng thời hạn đến khi nộp)' },
  { method: 'GET', path: '/v1/agency/collections', operationId: 'agencyGetCollections', audience: 'agency', auth: 'jwt', roles: ['agency'], summary: 'Cơ quan xem tiền bưu điện thu hộ trong một ngày và các khoản đã chuyển (chỉ của cơ quan mình; JSON hoặc CSV)' },
  { method: 'POST', path: '/v1/admin/remittances', operationId: 'adminRecordRemittance', audience: 'admin', auth: 'jwt', roles: ['admin'], summary: 'Ghi nhận lệnh chuyển tiền thu hộ cho cơ quan (số tham chiếu, số tiền, các biên lai); trả kèm đối soát của ngày' },
  { method: 'GET', path: '/v1/admin/reconciliation', operationId: 'adminGetReconciliation', audience: 'admin', auth: 'jwt', roles: ['admin'], summary: 'Đối soát tiền thu hộ của một cơ quan trong một ngày với các lệnh chuyển tiền (JSON hoặc CSV)' },
  { method: 'GET', path: '/v1/agency/dossiers/{code}', operationId: 'agencyGetDossier', audience: 'agency', auth: 'jwt', roles: ['agency'], summary: 'Cơ quan xem hồ sơ được chuyển đến' },
  { method: 'GET', path: '/v1/agency/dossiers/{code}/documents/{slot}', operationId: 'agencyGetDocument', audience: 'agency', auth: 'jwt', roles: ['agency'], summary: 'Cơ quan tải bản quét (đường dẫn sống tối đa 5 phút)' },
  { method: 'POST', path: '/v1/agency/dossiers/{code}/decisions', operationId: 'agencyDecide', audience: 'agency', auth: 'jwt', roles: ['agency'], summary: 'Cơ quan ra quyết định: nhận xử lý, yêu cầu bổ sung, từ chối, gia hạn, hoàn thành' },
  { method: 'POST', path: '/v1/agency/dossiers/{code}/results/{slot}/upload-url', operationId: 'agencyRequestResultUploadUrl', audience: 'agency', auth: 'jwt', roles: ['agency'], summary: 'Cơ quan tải lên văn bản kết quả', idempotency: 'natural' },
  { method: 'GET', path: '/v1/procedures/{id}/postal-quote', operationId: 'quotePostal', audience: 'public', auth: 'none', summary: 'Báo giá cước bưu chính (nhận hồ sơ tại nhà, phát kết quả tận nhà) trước khi nộp' },
  { method: 'POST', path: '/v1/sms/receipts/{provider}', operationId: 'smsReceipt', audience: 'public', auth: 'none', summary: 'Báo cáo phát tin nhắn của cổng SMS brandname (ký X-Signature)' },
  { method: 'GET', path: '/v1/postal/items/{itemId}', operationId: 'trackPostalItem', audience: 'public', auth: 'none', summary: 'Tra cứu bưu gửi theo số hiệu S10 (không có thông tin cá nhân)' },
  { method: 'GET', path: '/v1/courier/shipments', operationId: 'courierListShipments', audience: 'courier', auth: 'jwt', roles: ['courier'], summary: 'Bưu gửi đang mở của bưu cục: của tôi hoặc chưa ai nhận' },
  { method: 'GET', path: '/v1/courier/shipments/{itemId}', operationId: 'courierGetShipment', audience: 'courier', auth: 'jwt', roles: ['courier'], summary: 'Chi tiết một bưu gửi' },
  { method: 'GET', path: '/v1/courier/shipments/{itemId}/pickup-slip', operationId: 'courierGetPickupSlip', audience: 'courier', auth: 'jwt', roles: ['courier'], summary: 'Phiếu nhận hồ sơ tại nhà (PDF) của bưu gửi đã nhận' },
  { method: 'POST', path: '/v1/courier/shipments/{itemId}/accept', operationId: 'courierAcceptShipment', audience: 'courier', auth: 'jwt', roles: ['courier'], summary: 'Bưu tá nhận việc' },
  { method: 'POST', path: '/v1/courier/shipments/{itemId}/pickup', operationId: 'courierPickUp', audience: 'courier', auth: 'jwt', roles: ['courier'], summary: 'Nhận hồ sơ tại nhà: kiểm tra danh mục, niêm phong, ký phiếu' },
  { method: 'POST', path: '/v1/courier/shipments/{itemId}/handover', operationId: 'courierHandOver', audience: 'courier', auth: 'jwt', roles: ['courier'], summary: 'Bàn giao hồ sơ cho đơn vị tiếp nhận: hồ sơ được tiếp nhận (mẫu 01)' },
  { method: 'POST', path: '/v1/courier/shipments/{itemId}/at-post-office', operationId: 'courierAtPostOffice', audience: 'courier', auth: 'jwt', roles: ['courier'], summary: 'Bưu gửi đã về bưu cục (trên đường chuyển)' },
  { method: 'POST', path: '/v1/courier/shipments/{itemId}/out-for-delivery', operationId: 'courierSendOut', audience: 'courier', auth: 'jwt', roles: ['courier'], summary: 'Mang kết quả đi phát' },
  { method: 'POST', path: '/v1/courier/shipments/{itemId}/attempts', operationId: 'courierRecordAttempt', audience: 'courier', auth: 'jwt', roles: ['courier'], summary: 'Ghi nhận phát kết quả hoặc nhận hồ sơ tại nhà không thành công, lý do và giờ hẹn lại' },
  { method: 'POST', path: '/v1/courier/shipments/{itemId}/proof-upload-url', operationId: 'courierProofUploadUrl', audience: 'courier', auth: 'jwt', roles: ['courier'], summary: 'Đường dẫn tải lên ảnh chữ ký hoặc ảnh người nhận', idempotency: 'natural' },
  { method: 'POST', path: '/v1/courier/shipments/{itemId}/delivery', operationId: 'courierDeliver', audience: 'courier', auth: 'jwt', roles: ['courier'], summary: 'Xác nhận đã phát kết quả, kèm bằng chứng' },
  { method: 'POST', path: '/v1/dossiers/{code}/payments/online', operationId: 'startOnlinePayment', audience: 'public', auth: 'none', summary: 'Thanh toán trực tuyến một yêu cầu nộp tiền: đường dẫn đến cổng thanh toán (hiệu lực 15 phút)' },
  { method: 'GET', path: '/v1/payments/vnpay/ipn', operationId: 'vnpayIpn', audience: 'public', auth: 'none', summary: 'Thông báo kết quả thanh toán của VNPAY (IPN, máy chủ gọi máy chủ; xác thực bằng chữ ký)' },
  { method: 'GET', path: '/v1/dossiers/{code}/forms/{form}', operationId: 'getDossierForm', audience: 'public', auth: 'none', summary: 'Biểu mẫu in của hồ sơ (PDF; cần X-Dossier-Token)' },
  { method: 'GET', path: '/v1/counter/dossiers/{code}/forms/{form}', operationId: 'counterGetDossierForm', audience: 'counter', auth: 'jwt', roles: ['clerk'], summary: 'Biểu mẫu in của hồ sơ (PDF) để in tại quầy' },
  { method: 'GET', path: '/v1/agency/dossiers/{code}/forms/{form}', operationId: 'agencyGetDossierForm', audience: 'agency', auth: 'jwt', roles: ['agency'], summary: 'Biểu mẫu in của hồ sơ được chuyển đến cơ quan (PDF)' },
  { method: 'GET', path: '/v1/counter/tracking-book', operationId: 'counterTrackingBook', audience: 'counter', auth: 'jwt', roles: ['clerk'], summary: 'Sổ theo dõi hồ sơ của bộ phận tiếp nhận trong một khoảng ngày (JSON hoặc PDF)' },
  { method: 'GET', path: '/v1/payments/vnpay/return', operationId: 'vnpayReturn', audience: 'public', auth: 'none', summary: 'Kết quả thanh toán khi trình duyệt quay về từ VNPAY (chỉ hiển thị, không ghi nhận)' },
  // Result handover and satisfaction ratings (issue 13).
  { method: 'POST', path: '/v1/counter/dossiers/{code}/handover', operationId: 'counterHandOver', audience: 'counter', auth: 'jwt', roles: ['clerk'], summary: 'Trả kết quả (hoặc văn bản từ chối, dừng xử lý) tại quầy: đối chiếu giấy tờ người nhận, bản chính trả lại, ký nhận' },
  { method: 'POST', path: '/v1/counter/dossiers/{code}/rating', operationId: 'counterRateDossier', audience: 'counter', auth: 'jwt', roles: ['clerk'], summary: 'Ghi nhận đánh giá mức độ hài lòng của công dân sau khi trả kết quả (mỗi hồ sơ một lần)' },
  { method: 'POST', path: '/v1/dossiers/{code}/rating', operationId: 'rateDossier', audience: 'public', auth: 'none', summary: 'Công dân đánh giá mức độ hài lòng sau khi nhận kết quả (mỗi hồ sơ một lần)' },
  { method: 'GET', path: '/v1/ratings/criteria', operationId: 'getRatingCriteria', audience: 'public', auth: 'none', summary: 'Bộ tiêu chí đánh giá mức độ hài lòng đang áp dụng' },
  { method: 'GET', path: '/v1/admin/ratings', operationId: 'adminGetRatings', audience: 'admin', auth: 'jwt', roles: ['admin'], summary: 'Kết quả đánh giá mức độ hài lòng theo cơ quan hoặc điểm phục vụ, theo tháng, trong một khoảng ngày' },
  // The deadline watch's escalation list (issue 14).
  { method: 'GET', path: '/v1/admin/escalations', operationId: 'adminGetEscalations', audience: 'admin', auth: 'jwt', roles: ['admin'], summary: 'Hồ sơ quá hạn theo cơ quan giải quyết (quá hạn lâu nhất trước), chưa có văn bản xin lỗi và hẹn lại ngày trả cho lần quá hạn này; số lần đã gia hạn trước' },
  { method: 'GET', path: '/v1/admin/figures', operationId: 'adminGetFigures', audience: 'admin', auth: 'jwt', roles: ['admin'], summary: 'Số liệu giải quyết hồ sơ toàn tỉnh theo kỳ và cách nhóm bất kỳ (cơ quan, bộ phận tiếp nhận, điểm phục vụ, thủ tục, kênh, ngày, tháng); JSON, CSV hoặc XLSX' },
  { method: 'GET', path: '/v1/admin/operations', operationId: 'adminGetOperations', audience: 'admin', auth: 'jwt', roles: ['admin'], summary: 'Triển khai hôm nay (bộ phận, điểm phục vụ đã triển khai; cơ quan chưa tham gia và số hồ sơ chờ) và tình trạng các hàng đợi (số tin nhắn, hàng đợi thư lỗi)' },
  { method: 'GET', path: '/v1/agency/assigned', operationId: 'agencyGetAssigned', audience: 'agency', auth: 'jwt', roles: ['agency'], summary: 'Hồ sơ đang giao cho cơ quan mình (danh sách làm việc), đến sớm nhất trước, từng trang; lọc theo trạng thái' },
  { method: 'GET', path: '/v1/agency/due-soon', operationId: 'agencyGetDueSoon', audience: 'agency', auth: 'jwt', roles: ['agency'], summary: 'Hồ sơ của cơ quan mình sắp đến hạn (trong 3 ngày làm việc), hạn sớm nhất trước' },
  { method: 'GET', path: '/v1/agency/escalations', operationId: 'agencyGetEscalations', audience: 'agency', auth: 'jwt', roles: ['agency'], summary: 'Hồ sơ quá hạn của cơ quan mình (quá hạn lâu nhất trước), chưa có văn bản xin lỗi và hẹn lại ngày trả cho lần quá hạn này; số lần đã gia hạn trước' },
  { method: 'GET', path: '/v1/agency/figures', operationId: 'agencyGetFigures', audience: 'agency', auth: 'jwt', roles: ['agency'], summary: 'Số liệu giải quyết hồ sơ của cơ quan mình (cơ quan khác: 403); JSON, CSV hoặc XLSX' },
  { method: 'GET', path: '/v1/agency/ratings', operationId: 'agencyGetRatings', audience: 'agency', auth: 'jwt', roles: ['agency'], summary: 'Kết quả đánh giá mức độ hài lòng về hồ sơ của cơ quan mình, theo điểm phục vụ và theo tháng' },
] as const satisfies readonly RouteSpec[];
export type OperationId = (typeof routes)[number]['operationId'];

/** `GET /v1/dossiers/{code}`: the route key API Gateway puts in payload v2. */
export const routeKey = (r: Pick<RouteSpec, 'method' | 'path'>) => `${r.method} ${r.path}`;
