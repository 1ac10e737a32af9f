/** Labels of the counter API's fields, so a refusal names the field as the clerk sees it on the form. */
import { fieldLabels } from '../common/api.ts';
import type { AuthorisationDocument, IdentityDocument, RecipientKind } from '../../shared/domain/handover.ts';
import type { Status } from '../../shared/domain/state-machine.ts';

Object.assign(fieldLabels, {
  officer: 'Cán bộ tiếp nhận',
  items: 'Giấy tờ cần bổ sung',
  reasons: 'Lý do từ chối',
  legalBasis: 'Căn cứ pháp lý',
  amount: 'Số tiền',
  reason: 'Lý do',
  requestSigned: 'Đơn đề nghị rút hồ sơ',
  'query.from': 'Từ ngày',
  'query.to': 'Đến ngày',
  requestId: 'Yêu cầu nộp tiền',
  'recipient.fullName': 'Họ tên người nhận',
  'recipient.identity.number': 'Số giấy tờ của người nhận',
  'recipient.identity.documentType': 'Loại giấy tờ',
  'recipient.authorisation': 'Văn bản ủy quyền',
  'recipient.authorisation.date': 'Ngày lập văn bản ủy quyền',
  signedBy: 'Người ký nhận',
  'resultDelivery.servicePointId': 'Điểm nhận kết quả',
  'applicant.email': 'Thư điện tử',
} satisfies Record<string, string>);

export { fieldLabels };

/*
 * The handover's choices as the clerk reads them. Copies of shared/domain's labels, typed against
 * its keys (a key added there fails the type-check here): importing the domain module would bundle
 * the province data's schemas with it (measured: the console's JS went from 30 KB to 141 KB).
 */
export const recipientKinds = { applicant: 'Người nộp hồ sơ', authorised: 'Người được ủy quyền' } as const satisfies Record<RecipientKind, string>;
export const identityDocuments = { cccd: 'Căn cước công dân / Căn cước', passport: 'Hộ chiếu', other: 'Giấy tờ tùy thân khác' } as const satisfies Record<IdentityDocument, string>;
export const authorisationDocuments = { 'power-of-attorney': 'Giấy ủy quyền', 'authorisation-contract': 'Hợp đồng ủy quyền', other: 'Văn bản ủy quyền khác' } as const satisfies Record<AuthorisationDocument, string>;

/**
 * The statuses a clerk may take a withdrawal request in: a copy of the transition table's
 * `request-withdrawal` rule (importing the table adds 9.5 KB to the console), kept equal to it by
 * test/unit/staff-sign-in.test.ts.
 */
export const withdrawableStatuses = ['new', 'received', 'routed', 'processing', 'awaiting-coordination', 'supplement-requested', 'awaiting-payment', 'stopped'] as const satisfies readonly Status[];
