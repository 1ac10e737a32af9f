/** What the citizen does next, from the dossier's status as tracking shows it (Vietnamese, one or two sentences). */
import { formatDate } from '../common/format.ts';
import type { DossierView } from './types.ts';

export function nextStep(d: DossierView): string {
  const unit = d.receivingUnit.name;
  const due = d.dueAt ? ` Ngày hẹn trả kết quả: ${formatDate(d.dueAt)}.` : '';
  const method = (d.resultDelivery as { method?: string } | undefined)?.method;
  const byPost = method === 'post';
  switch (d.status) {
    case 'draft':
      return 'Hồ sơ chưa nộp. Tải lên đủ bản quét các thành phần bắt buộc rồi bấm “Nộp hồ sơ”.';
    case 'new':
      return `Hồ sơ đang chờ ${unit} kiểm tra và tiếp nhận. Bạn chưa cần làm gì: khi hồ sơ được tiếp nhận, bạn nhận tin nhắn có mã hồ sơ và ngày hẹn.`;
    case 'received':
    case 'routed':
    case 'processing':
    case 'awaiting-coordination':
      return `Hồ sơ đang được giải quyết, bạn chưa cần làm gì.${due}`;
    case 'supplement-requested':
      return 'Cơ quan yêu cầu bổ sung giấy tờ. Nộp bổ sung tại điểm bưu điện hoặc trực tuyến; thời hạn tạm dừng đến khi nhận đủ.';
    case 'awaiting-payment':
      return 'Cần nộp phí, lệ phí để cơ quan tiếp tục xử lý: nộp tại điểm bưu điện, cho bưu tá hoặc thanh toán trực tuyến.';
    case 'withdrawal-requested':
      return 'Yêu cầu rút hồ sơ của bạn đang chờ cơ quan xem xét.';
    case 'stopped':
      return 'Hồ sơ đang dừng xử lý. Xem lý do trong thông báo của cơ quan, hoặc gọi 1900 54 54 81.';
    case 'result-ready':
      if (method === 'online') return 'Đã có kết quả điện tử: nhập mã truy cập hồ sơ trên trang này rồi bấm “Tải kết quả”.';
      return byPost ? 'Đã có kết quả: bưu điện sẽ phát kết quả đến địa chỉ của bạn. Giữ điện thoại để bưu tá liên hệ.' : 'Đã có kết quả. Mang giấy tờ tùy thân và phiếu hẹn đến điểm nhận kết quả đã chọn.';
    case 'returned':
      return 'Đã trả kết quả. Cảm ơn bạn đã sử dụng dịch vụ; bạn có thể đánh giá mức độ hài lòng.';
    case 'refused':
      return 'Hồ sơ không được tiếp nhận. Xem lý do trong thông báo từ chối; bạn có thể nộp hồ sơ mới khi đã đủ điều kiện.';
    case 'withdrawn':
      return 'Hồ sơ đã được rút theo yêu cầu của bạn.';
    default:
      return `Trạng thái: ${d.statusLabel}.`;
  }
}
