/**
 * Rollout gating at reception (issue 9): whether the post office can receive a dossier through
 * motcua today follows the competent agency and the receiving point, not where the applicant
 * lives. A procedure of the province's centre can be lodged by a resident of any unit; a dossier
 * whose agency has not joined, or lodged at a point not live yet, is not received at all (no code,
 * no clock), and the refusal says where it can be lodged instead.
 */
import { DomainError, type FieldIssue } from './errors.ts';
import { agencyLive, isLive, lineage, type Agency, type Procedure, type Province, type ReceivingUnit, type ServicePoint } from './province.ts';
import { displayDay } from './text.ts';

/** A place the refusal points to: the agency itself, a receiving unit, a post-office point. */
export interface Alternative {
  kind: 'agency' | 'receiving-unit' | 'service-point';
  id: string;
  name: string;
}

/**
 * 422: the dossier cannot be received through the system yet. `where` lists where it can be lodged
 * (the agency's own desk when the agency has not joined; live receiving points otherwise);
 * `liveFrom`, when the data knows it, is the day it can be.
 */
export class NotReceivableError extends DomainError {
  readonly status = 422;
  readonly type = 'not-receivable-yet';
  readonly title = 'Hồ sơ chưa tiếp nhận được qua hệ thống';
  readonly issues: FieldIssue[];
  constructor(
    issue: FieldIssue,
    readonly where: Alternative[],
    readonly liveFrom?: string,
  ) {
    super(issue.message);
    this.issues = [issue];
  }
  /** The problem's extension members. */
  get extensions() {
    return { where: this.where, ...(this.liveFrom ? { liveFrom: this.liveFrom } : {}) };
  }
}

/** The first day a phase names the agency, if one does (else it is live with the units it serves). */
export function agencyJoins(province: Province, agencyId: string): string | undefined {
  return province.phases
    .filter((ph) => ph.agencies?.includes(agencyId))
    .map((ph) => ph.from)
    .sort()[0];
}

/**
 * Whether a receiving unit (one-stop section, centre) receives through motcua on `date`: a unit it
 * serves, or one below such a unit, is live. The centre of a province with a live pilot is live.
 */
export function receivingUnitLive(province: Province, unit: ReceivingUnit, date: string): boolean {
  const served = new Set(unit.serves);
  if (unit.serves.some((u) => isLive(province, u, date))) return true;
  for (const u of province.units.values()) if (isLive(province, u.id, date) && lineage(province, u.id, date).some((x) => served.has(x.id))) return true;
  return false;
}

/**
 * Whether a post-office service point takes dossiers in on `date`: a one-stop desk with its section
 * (the centre's counter is live with the centre, wherever it stands), any other point when the
 * unit it stands in is live.
 */
export function servicePointLive(province: Province, point: ServicePoint, date: string): boolean {
  const desk = point.receivingUnit === undefined ? undefined : province.receivingUnits.get(point.receivingUnit);
  return desk ? receivingUnitLive(province, desk, date) : isLive(province, point.unit, date);
}

/**
 * The receiving unit of an online dossier (or one carried from a plain post office) under the
 * rollout: the closest one-stop section serving the applicant's unit that is live, else the
 * centre if live (Decree 118/2025: a dossier may be lodged at any one-stop point of the province).
 * Province-level procedures go to the centre.
 * Example: a commune certification for a resident of Xã Ia Tô -> the Ia Tô one-stop section.
 */
export function receivingUnitFor(province: Province, procedure: Procedure, unitId: string, date: string): ReceivingUnit | undefined {
  const units = [...province.receivingUnits.values()];
  const centre = units.find((r) => r.kind === 'centre');
  const level = procedure.competentAgency !== undefined ? province.agencies.get(procedure.competentAgency)?.level : procedure.competentLevel;
  const candidates =
    level === 'province'
      ? [centre]
      : [...lineage(province, unitId, date).flatMap((u) => units.filter((r) => r.kind === 'one-stop-section' && r.serves.includes(u.id))), centre];
  return candidates.find((r): r is ReceivingUnit => r !== undefined && receivingUnitLive(province, r, date));
}

/** The live one-stop desks (post-office points) of a receiving unit, where a dossier for it can be lodged in person. */
function desksOf(province: Province, unit: ReceivingUnit, date: string): Alternative[] {
  return [...province.servicePoints.values()]
    .filter((p) => p.receivingUnit === unit.id && servicePointLive(province, p, date))
    .map((p) => ({ kind: 'service-point' as const, id: p.id, name: p.name }));
}

const list = (where: Alternative[]) => where.map((w) => w.name).join('; ');

/**
 * The gate at reception, for a dossier of `procedure` with competent agency `agency`, lodged online
 * (no `servicePoint`) or at a post-office `servicePoint`, on `date` (Vietnam). Returns the receiving
 * unit when the dossier can be received (a one-stop desk's own section at its counter; else the
 * unit whose reception queue it waits in, or that a carried dossier travels to), else throws
 * NotReceivableError naming the failing field and where to go instead.
 */
export function checkReceivable(
  province: Province,
  input: { procedure: Procedure; agency: Agency; applicantUnitId: string; servicePoint?: ServicePoint; date: string },
): ReceivingUnit {
  const { procedure, agency, servicePoint, date } = input;
  if (!agencyLive(province, agency.id, date)) {
    const from = agencyJoins(province, agency.id);
    const when = from && from > date ? ` (từ ngày ${displayDay(from)})` : '';
    throw new NotReceivableError(
      { field: 'procedureId', message: `${agency.name} chưa nhận hồ sơ "${procedure.name}" qua hệ thống bưu điện${when}; hiện nộp trực tiếp tại ${agency.name}` },
      [{ kind: 'agency', id: agency.id, name: agency.name }],
      from && from > date ? from : undefined,
    );
  }
  const unit = receivingUnitFor(province, procedure, input.applicantUnitId, date);
  const where = unit ? [{ kind: 'receiving-unit' as const, id: unit.id, name: unit.name }, ...desksOf(province, unit, date)] : [];
  if (servicePoint && !servicePointLive(province, servicePoint, date))
    throw new NotReceivableError(
      { field: 'servicePointId', message: `${servicePoint.name} chưa triển khai tiếp nhận hồ sơ thủ tục hành chính${where.length > 0 ? `; nộp tại: ${list(where)}` : ''}` },
      where,
    );
  const desk = servicePoint?.receivingUnit === undefined ? undefined : province.receivingUnits.get(servicePoint.receivingUnit);
  if (desk) return desk;
  if (!unit)
    throw new NotReceivableError({ field: 'applicant.address.unitId', message: `chưa có bộ phận một cửa hay trung tâm nào tiếp nhận hồ sơ "${procedure.name}" qua hệ thống; nộp trực tiếp tại ${agency.name}` }, [
      { kind: 'agency', id: agency.id, name: agency.name },
    ]);
  return unit;
}
