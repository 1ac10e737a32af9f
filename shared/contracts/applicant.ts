/** The applicant as a request declares it (online creation and counter intake share it). */
import * as z from 'zod';
import { unitId } from './ids.ts';
import { personText } from './text.ts';

const cccd = z.string().max(20).meta({ description: 'Số định danh cá nhân / CCCD, 12 chữ số (mã tỉnh hoặc mã quốc gia nơi đăng ký khai sinh)', example: '064090001234' });
const phone = z.string().max(20).meta({ description: 'Số di động Việt Nam', example: '0912345678' });

/** A person acting for the applicant (ủy quyền): the authorisation is then a mandatory scan. */
export const representativeInputSchema = z
  .object({
    fullName: personText({ min: 2, max: 100, tooShort: 'họ và tên quá ngắn' }).meta({ example: 'Trần Văn Bình' }),
    cccd,
    phone,
  })
  .meta({ description: 'Người được ủy quyền nộp hồ sơ; khi có, văn bản ủy quyền là thành phần bắt buộc (thành phần "uy-quyen")' });

/** A postal address: the line and the commune-level unit. */
export const addressSchema = z.object({
  line: personText({ min: 1, max: 200 }).meta({ description: 'Số nhà, thôn, đường (tổ chức: địa chỉ trụ sở)', example: 'Thôn Plei Ia Tô' }),
  unitId: unitId.meta({ description: 'Mã đơn vị hành chính cấp xã', example: '23776' }),
});

const contact = {
  phone,
  // RFC 5321: a path holds at most 256 octets, so an address at most 254 characters.
  email: z.email().max(254).optional(),
  address: addressSchema,
  representative: representativeInputSchema.optional(),
};

/**
 * The applicant as declared, online or at the counter: an individual (`kind` may be left out) or
 * an organisation identified by its tax code. Identifiers are bounded here and checked by the
 * domain (shared/domain/applicant.ts), which says precisely what is wrong.
 */
export const applicantInputSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({
      kind: z.literal('individual').default('individual').meta({ description: 'Cá nhân (mặc định)' }),
      fullName: personText({ min: 2, max: 100, tooShort: 'họ và tên quá ngắn' }).meta({ example: 'Nguyễn Văn An' }),
      cccd,
      ...contact,
    }),
    z.object({
      kind: z.literal('organisation').meta({ description: 'Tổ chức, định danh bằng mã số thuế' }),
      name: personText({ min: 2, max: 200, tooShort: 'tên tổ chức quá ngắn' }).meta({ description: 'Tên tổ chức', example: 'Công ty TNHH Cà phê Ia Grai' }),
      taxCode: z.string().max(20).meta({ description: 'Mã số thuế: 10 chữ số, hoặc 0123456789-001 cho đơn vị phụ thuộc', example: '5900123451' }),
      ...contact,
    }),
  ],
  { error: () => 'loại người nộp (kind) phải là "individual" (cá nhân) hoặc "organisation" (tổ chức)' },
);
