/**
 * The postal charge of a dossier's postal leg (Decision 45/2016/QĐ-TTg: home pickup of the
 * dossier, home delivery of the result), quoted before the citizen commits. The tariff is data
 * (postal.json: versions with effective dates, per service, zone and weight band, whole VND);
 * this module only reads it. Pure: the date is passed in.
 */
import { ValidationError } from '../errors.ts';
import { groupThousands } from '../money.ts';
import { lineage, resolveUnit, type PostalService, type PostalZone, type Province, type ServicePoint, type TariffVersion } from '../province.ts';
import { postOfficeFor } from './shipment.ts';

const isoDay = /^\d{4}-\d{2}-\d{2}$/;
const inForce = (t: TariffVersion, date: string) => t.validFrom <= date && (t.validTo === undefined || date <= t.validTo);

export interface PostalQuoteInput {
  procedureId: string;
  /** Where the applicant lives (an address from before a reorganisation resolves to its successor). */
  applicantUnitId: string;
  /** The post office that picks up and delivers; default: the nearest one serving the applicant's unit. */
  servicePointId?: string;
  pickup: boolean;
  delivery: boolean;
  /** Default: the procedure's weight in postal.json, else the file's default. */
  weightGrams?: number;
  /** The day the quote is for, YYYY-MM-DD in Vietnam. */
  date: string;
}

export interface PostalQuoteLine {
  service: PostalService;
  /** The service's Vietnamese name. */
  name: string;
  zone: PostalZone;
  weightBand: { upToGrams: number; label: string };
  /** Whole VND. */
  amount: number;
}

export interface PostalQuote {
  lines: PostalQuoteLine[];
  /** Sum of the lines, whole VND. */
  total: number;
  currency: 'VND';
  tariffVersion: string;
  validOn: string;
}

/** The tariff version in force on `date` (versions never overlap: checked on load). */
export function tariffOn(province: Province, date: string): TariffVersion | undefined {
  return province.postal.tariffs.find((t) => inForce(t, date));
}

/** The communes a post office stands in or serves, as in force on `date`: its nội xã. */
function communesOf(province: Province, point: ServicePoint, date: string): Set<string> {
  const units = [point.unit, ...point.serves].map((id) => resolveUnit(province, id, date));
  return new Set(units.filter((u) => u?.level === 'commune').map((u) => u!.id));
}

// The post office serving an address is the shipment rule's (one rule for quote and dispatch).
export { postOfficeFor };

/**
 * The zone of a round from `point` to an applicant of `applicantUnitId` (resolved, in force on
 * `date`): nội xã when the applicant's commune is one the post office stands in or serves, else
 * nội tỉnh. A post office whose unit is a district (2019 data) has no commune of its own, so
 * every round from it is nội tỉnh unless it names communes in `serves`.
 */
export function postalZone(province: Province, applicantUnitId: string, point: ServicePoint, date: string): PostalZone {
  const commune = lineage(province, applicantUnitId, date).find((u) => u.level === 'commune');
  return commune !== undefined && communesOf(province, point, date).has(commune.id) ? 'noi-xa' : 'noi-tinh';
}

/**
 * The postal charge for the chosen services, line by line. Throws ValidationError naming the
 * field for a procedure not postal-eligible for a chosen service, a weight over the top band, a
 * date without a tariff version, an unknown unit or post office.
 * Example: `quotePostal(gl, { procedureId: 'ltp-cap-phieu', applicantUnitId: '92807', pickup: true, delivery: true, date: '2026-12-01' })`.
 */
export function quotePostal(province: Province, input: PostalQuoteInput): PostalQuote {
  const { date } = input;
  if (!isoDay.test(date) || Number.isNaN(Date.parse(date))) throw ValidationError.field('date', 'ngày phải có dạng YYYY-MM-DD');
  const procedure = province.procedures.get(input.procedureId);
  if (!procedure) throw ValidationError.field('procedureId', `không có thủ tục "${input.procedureId}"`);
  const chosen = postalServices(input);
  for (const service of chosen)
    if (!procedure.postal[service])
      throw ValidationError.field(service, service === 'pickup' ? 'thủ tục này không nhận hồ sơ qua dịch vụ bưu chính (thu gom tại nhà)' : 'thủ tục này không trả kết quả qua dịch vụ bưu chính (phát tại nhà)');
  const applicant = resolveUnit(province, input.applicantUnitId, date);
  if (!applicant) throw ValidationError.field('applicantUnitId', `đơn vị hành chính "${input.applicantUnitId}" không xác định được vào ngày ${date}`);
  const point = input.servicePointId === undefined ? postOfficeFor(province, applicant.id, date) : province.servicePoints.get(input.servicePointId);
  if (!point) throw ValidationError.field('servicePointId', input.servicePointId === undefined ? 'không có bưu cục phục vụ địa bàn này' : `không có điểm phục vụ "${input.servicePointId}"`);
  const tariff = tariffOn(province, date);
  if (!tariff) throw ValidationError.field('date', `chưa có biểu cước bưu chính áp dụng cho ngày ${date}`);
  const weight = input.weightGrams ?? province.postal.weights.procedures[procedure.id] ?? province.postal.weights.defaultGrams;
  if (!Number.isInteger(weight) || weight <= 0) throw ValidationError.field('weightGrams', 'khối lượng tính bằng gam, số nguyên dương');
  const band = tariff.bands.findIndex((upTo) => weight <= upTo);
  if (band < 0) throw ValidationError.field('weightGrams', `khối lượng vượt nấc cao nhất của biểu cước (${groupThousands(tariff.bands.at(-1)!)} g)`);
  const zone = postalZone(province, applicant.id, point, date);
  const upToGrams = tariff.bands[band]!;
  const lines = chosen.map((service) => ({
    service,
    name: province.postal.services[service].name,
    zone,
    weightBand: { upToGrams, label: `đến ${groupThousands(upToGrams)} g` },
    amount: tariff.amounts[service][zone][band]!,
  }));
  return { lines, total: lines.reduce((s, l) => s + l.amount, 0), currency: 'VND', tariffVersion: tariff.id, validOn: date };
}

const postalServices = (input: { pickup: boolean; delivery: boolean }): PostalService[] => [...(input.pickup ? (['pickup'] as const) : []), ...(input.delivery ? (['delivery'] as const) : [])];
