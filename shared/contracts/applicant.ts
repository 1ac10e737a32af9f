/** The applicant as a request declares it (online creation and counter intake share it). */
import { z } from 'zod';
import { unitId } from './ids.ts';
import { personText } from './text.ts';

/**
 * The applicant as declared, online or at the counter. The CCCD and phone are bounded here and
 * checked by the domain (shared/domain/identifiers.ts), which says precisely what is wrong.
 */
export const applicantInputSchema = z.object({
  fullName: personText({ min: 2, max: 100, tooShort: 'họ và tên quá ngắn' }).meta({ example: 'Nguyễn Văn An' }),
  cccd: z.string().max(20).meta({ description: 'Số định danh cá nhân / CCCD, 12 chữ số', example: '064090001234' }),
  phone: z.string().max(20).meta({ description: 'Số di động Việt Nam', example: '0912345678' }),
  // RFC 5321: a path holds at most 256 octets, so an address at most 254 characters.
  email: z.email().max(254).optional(),
  address: z.object({
    line: personText({ min: 1, max: 200 }).meta({ description: 'Số nhà, thôn, đường', example: 'Thôn Plei Ia Tô' }),
    unitId: unitId.meta({ description: 'Mã đơn vị hành chính cấp xã', example: '23803' }),
  }),
});
