/**
 * A province dataset validated and assembled once at build time, in a form that survives JSON: a
 * function's build (infra/bundling.ts) runs loadProvince on the raw files, so a broken file fails
 * the build with its name and field, and puts `toPrepared` of the result in the bundle; the
 * function rebuilds its maps with `fromPrepared` at cold start, with no schema to run (issue 15,
 * item 4: zod validation of the dataset was about a third of a worker's module init).
 */
import type { Agency, FeeReductions, PostalData, Procedure, Province, ReceivingUnit, RolloutPhase, ServicePoint, Unit, WeeklyHours } from '../domain/province.ts';

export interface PreparedProvince {
  id: string;
  /** Every version of each unit, oldest first, units in the order loadProvince keeps them. */
  unitVersions: Unit[][];
  agencies: Agency[];
  /** Service points without their hours, which are kept once per schedule (a sixth of the data otherwise). */
  servicePoints: Omit<ServicePoint, 'hours'>[];
  schedules: Record<string, WeeklyHours>;
  receivingUnits: ReceivingUnit[];
  procedures: Procedure[];
  phases: RolloutPhase[];
  postal: PostalData;
  feeReductions: FeeReductions;
}

/** A loaded province as plain JSON-able data (maps become their values in order). */
export function toPrepared(p: Province): PreparedProvince {
  return {
    id: p.id,
    unitVersions: [...p.unitVersions.values()].map((vs) => [...vs]),
    agencies: [...p.agencies.values()],
    servicePoints: [...p.servicePoints.values()].map(({ hours: _, ...point }) => point),
    schedules: Object.fromEntries([...p.servicePoints.values()].map((s) => [s.schedule, s.hours])),
    receivingUnits: [...p.receivingUnits.values()],
    procedures: [...p.procedures.values()],
    phases: [...p.phases],
    postal: p.postal,
    feeReductions: p.feeReductions,
  };
}

const byId = <T extends { id: string }>(rows: readonly T[]) => new Map(rows.map((r) => [r.id, r]));

/** The province `toPrepared` described, as loadProvince returned it (no validation: that ran at build time). */
export function fromPrepared(p: PreparedProvince): Province {
  return {
    id: p.id,
    // The latest version of a unit is the same object as the last of its versions, as loadProvince gives it.
    units: new Map(p.unitVersions.map((vs) => [vs[0]!.id, vs.at(-1)!])),
    unitVersions: new Map(p.unitVersions.map((vs) => [vs[0]!.id, vs])),
    agencies: byId(p.agencies),
    servicePoints: byId(p.servicePoints.map((point) => ({ ...point, hours: p.schedules[point.schedule]! }))),
    receivingUnits: byId(p.receivingUnits),
    procedures: byId(p.procedures),
    phases: p.phases,
    postal: p.postal,
    feeReductions: p.feeReductions,
  };
}
