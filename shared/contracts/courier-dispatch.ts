/**
 * The courier dispatch message, version 1: the public contract of every message on the
 * `courier-dispatch` queue, and the body motcua sends to the courier partner (POST /v1/orders).
 * A postal system writes its consumer against it; the JSON Schema in
 * ./courier-dispatch-v1.schema.json is generated from this zod schema (`npm run generate`) and a
 * test keeps the two equal. docs/courier-integration.md explains it to a postal IT team.
 *
 * Delivery: at least once. messageId = the id of the dossier event behind the message, so equal
 * ids mean a redelivery; the partner deduplicates orders by `<itemId>:<type>`.
 */
import * as z from 'zod';
import { publishedJsonSchema } from './published-schema.ts';
import vi from 'zod/v4/locales/vi.js';
import { dossierCodePattern, dossierRefPattern, maxDossierCodeLength, postalReference } from '../domain/dossier.ts';
import { procedureId, servicePointId, unitId } from './ids.ts';
import { personText } from './text.ts';

// Zod's own messages in Vietnamese; only the `vi` locale is imported (LOCAL-CLOUD.md: the
// `z.locales` barrel bundles every locale).
z.config(vi());

export const courierDispatchVersion = '1.0';

/** UPU S10 item id: 2 letters, 8 digits of serial, the check digit, the country `VN`. */
export const s10Pattern = /^[A-Z]{2}\d{9}VN$/;

/**
 * True when the S10 id's ninth digit is the check digit of its serial (weights 8 6 4 2 3 5 9 7,
 * 11 − sum mod 11, 10 → 0, 11 → 5; the arithmetic is the domain's `postalReference`).
 * Example: `s10CheckDigitHolds('RR473124829VN')` -> true.
 */
export function s10CheckDigitHolds(id: string): boolean {
  if (!s10Pattern.test(id)) return false;
  return postalReference(id.slice(0, 2), Number(id.slice(2, 10))) === id;
}

/** An S10 item id in a message: format, then check digit, each with its own Vietnamese message. */
export const s10ItemId = z
  .string()
  .max(13, { abort: true })
  .regex(s10Pattern, { message: 'số hiệu bưu gửi S10 gồm 2 chữ cái, 9 chữ số và VN, ví dụ RR473124829VN', abort: true })
  .refine(s10CheckDigitHolds, 'số hiệu bưu gửi S10 sai chữ số kiểm tra (chữ số thứ 9)')
  .describe('Số hiệu bưu gửi theo chuẩn UPU S10 (2 chữ cái, 8 chữ số, chữ số kiểm tra, VN)')
  .meta({ example: 'RR473124829VN' });

const name = (max: number, description: string) => z.string().min(1).max(max).describe(description);
const dossierRef = z.string().max(13).regex(dossierRefPattern, 'số tham chiếu hồ sơ có dạng HS-K7Q2M4ZX3A');
const dossierCode = z.string().max(maxDossierCodeLength).regex(dossierCodePattern, 'mã hồ sơ có dạng 000.02.28.H21-261126-0001');
/** A UTC instant, ISO 8601 with milliseconds at most (24 characters; the bound leaves room). */
const instant = z.iso.datetime().max(30);
const placeId = z.string().max(41).regex(/^[a-z0-9][a-z0-9-]{1,40}$/, 'mã gồm chữ thường không dấu, số và dấu gạch ngang');

const shipment = z
  .object({
    itemId: s10ItemId,
    kind: z.enum(['pickup', 'result-delivery']).describe('pickup: nhận hồ sơ tại nhà người dân; result-delivery: phát kết quả đến tận nhà'),
    postOffice: z.object({ id: servicePointId, name: name(200, 'Tên bưu cục') }).describe('Bưu cục phục vụ bưu gửi này (bưu tá của bưu cục này đi nhận/phát)'),
    dossierRef: dossierRef.describe('Số tham chiếu của hồ sơ (HS- và 10 ký tự), có từ khi tạo hồ sơ'),
    dossierCode: dossierCode.optional().describe('Mã hồ sơ, có khi hồ sơ đã được tiếp nhận'),
    procedure: z.object({ id: procedureId, name: name(500, 'Tên thủ tục hành chính') }).describe('Thủ tục của hồ sơ'),
    party: z
      .object({
        name: personText({ max: 100 }).describe('Họ tên người bưu tá gặp (người nộp hoặc người nhận)'),
        phone: z
          .string()
          .max(12)
          .regex(/^\+84\d{9}$/, 'số điện thoại theo E.164, ví dụ +84912345678')
          .describe('Số điện thoại theo E.164 (+84…)'),
        address: z
          .object({
            line: personText({ max: 200 }).describe('Số nhà, đường, thôn/làng'),
            unitId: unitId.describe('Mã đơn vị hành chính cấp xã (mã thống kê)'),
            unitName: name(100, 'Tên đơn vị hành chính cấp xã'),
          })
          .describe('Nơi bưu tá đến'),
      })
      .describe('Người bưu tá gặp và nơi gặp (dữ liệu cá nhân: không ghi vào nhật ký)'),
    window: z
      .object({ from: instant, to: instant })
      .refine((w) => w.from <= w.to, { message: 'giờ kết thúc phải sau giờ bắt đầu', path: ['to'] })
      .optional()
      .describe('Khoảng thời gian người dân hẹn bưu tá đến (UTC, ISO 8601)'),
    checklist: z
      .array(
        z.object({
          index: z.number().int().min(0).max(99).describe('Số thứ tự của giấy tờ trong danh mục (từ 0)'),
          name: name(500, 'Tên giấy tờ theo danh mục thủ tục đã công bố'),
          form: z.enum(['original', 'copy']).describe('original: bản chính; copy: bản sao'),
          copies: z.number().int().min(1).max(20).describe('Số bản'),
          mandatory: z.boolean().describe('true: bắt buộc; thiếu thì bưu tá hướng dẫn và không nhận hồ sơ'),
        }),
      )
      .max(100)
      .optional()
      .describe('Nhận hồ sơ: danh mục giấy tờ của thủ tục để bưu tá kiểm đếm'),
    attemptsAllowed: z.number().int().min(1).max(10).optional().describe('Phát kết quả: số lần phát tối đa (mặc định 3), sau đó chuyển hoàn về điểm phục vụ'),
    deliverTo: z
      .object({ kind: z.enum(['receiving-unit', 'agency']), id: placeId, name: name(200, 'Tên nơi nhận') })
      .optional()
      .describe('Nhận hồ sơ: nơi bàn giao hồ sơ (bộ phận tiếp nhận hoặc cơ quan)'),
  })
  .describe('Bưu gửi');

export const courierDispatchV1 = z
  .object({
    schemaVersion: z.literal(courierDispatchVersion),
    messageId: z.string().min(1).max(128).describe('Mã sự kiện hồ sơ sinh ra thông điệp; trùng mã là nhận lại cùng một thông điệp'),
    type: z
      .enum(['shipment.requested', 'shipment.cancelled'])
      .describe('shipment.requested: tạo đơn nhận/phát; shipment.cancelled: hủy đơn (người dân rút hồ sơ hoặc đổi cách nhận)'),
    occurredAt: instant.describe('Thời điểm sự kiện (UTC, ISO 8601)'),
    shipment,
  })
  .describe('Thông điệp điều phối bưu tá của motcua, phiên bản 1');
export type CourierDispatchV1 = z.infer<typeof courierDispatchV1>;

/** The JSON Schema document published at /v1/schemas/courier-dispatch-v1.json. */
export function courierDispatchJsonSchema(): Record<string, unknown> {
  return publishedJsonSchema(courierDispatchV1, 'courier-dispatch-v1', 'motcua courier dispatch v1');
}

/** An example message of each kind, valid against the schema (docs/courier-integration.md shows them). */
export const courierDispatchExamples: { pickup: CourierDispatchV1; resultDelivery: CourierDispatchV1 } = {
  pickup: {
    schemaVersion: '1.0',
    messageId: '0b6f3c1e-2d4a-4f7e-9a51-6c2d8e0f1a23',
    type: 'shipment.requested',
    occurredAt: '2026-12-01T02:15:00.000Z',
    shipment: {
      itemId: 'RR473124829VN',
      kind: 'pickup',
      postOffice: { id: 'bd-iagrai', name: 'Bưu điện huyện Ia Grai' },
      dossierRef: 'HS-K7Q2M4ZX3A',
      procedure: { id: 'ltp-cap-phieu', name: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam' },
      party: { name: 'Nguyễn Văn An', phone: '+84912345678', address: { line: 'Thôn Plei Ia Tô', unitId: '23776', unitName: 'Xã Ia Krái' } },
      window: { from: '2026-12-02T01:00:00.000Z', to: '2026-12-02T04:00:00.000Z' },
      checklist: [
        { index: 0, name: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp', form: 'original', copies: 1, mandatory: true },
        { index: 1, name: 'Bản chụp Căn cước công dân', form: 'copy', copies: 1, mandatory: true },
        { index: 2, name: 'Giấy ủy quyền (nếu có)', form: 'original', copies: 1, mandatory: false },
      ],
      deliverTo: { kind: 'receiving-unit', id: 'ttphcc-gialai', name: 'Trung tâm Phục vụ hành chính công tỉnh Gia Lai' },
    },
  },
  resultDelivery: {
    schemaVersion: '1.0',
    messageId: '7d2e9b40-5c1a-4b3e-8f60-1a2b3c4d5e6f',
    type: 'shipment.requested',
    occurredAt: '2026-12-11T08:30:00.000Z',
    shipment: {
      itemId: 'RR000000014VN',
      kind: 'result-delivery',
      postOffice: { id: 'bd-iagrai', name: 'Bưu điện huyện Ia Grai' },
      dossierRef: 'HS-K7Q2M4ZX3A',
      dossierCode: '000.00.00.H21-261201-0001',
      procedure: { id: 'ltp-cap-phieu', name: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam' },
      party: { name: 'Nguyễn Văn An', phone: '+84912345678', address: { line: 'Thôn Plei Ia Tô', unitId: '23776', unitName: 'Xã Ia Krái' } },
      attemptsAllowed: 3,
    },
  },
};
