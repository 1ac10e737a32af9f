/**
 * The courier API's choices as the postman reads them. Copies of shared/domain/postal/shipment.ts's
 * and due.ts's maps: importing those modules would bundle the province's schemas and the calendar
 * (about 90 KB more, gzipped 30 KB, on a cheap phone); test/unit/postman-labels.test.ts keeps the
 * copies equal to the domain's.
 */
export const attemptReasons = {
  'not-at-home': 'Người nhận không có nhà',
  refused: 'Người nhận từ chối nhận',
  'wrong-address': 'Địa chỉ không đúng hoặc không tìm thấy',
  'recipient-absent': 'Không gặp người nhận hoặc người được ủy quyền',
  other: 'Lý do khác',
} as const;

export const pickupAttemptReasons = {
  'not-at-home': 'Người nộp hồ sơ không có nhà',
  'documents-incomplete': 'Hồ sơ chưa đủ giấy tờ theo danh mục, bưu tá chưa nhận',
  'wrong-address': 'Địa chỉ không đúng hoặc không tìm thấy',
  other: 'Lý do khác',
} as const;

export const recipientRelations = {
  applicant: 'Người nộp hồ sơ',
  representative: 'Người được ủy quyền',
  family: 'Người thân trong gia đình',
  other: 'Người khác',
} as const;

export const identityDocuments = { cccd: 'Căn cước công dân / Căn cước', passport: 'Hộ chiếu', other: 'Giấy tờ tùy thân khác' } as const;

export const dueTimingLabels = { today: 'Hôm nay', upcoming: 'Sắp tới', overdue: 'Quá hẹn' } as const;
