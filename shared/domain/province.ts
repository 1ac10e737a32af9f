/**
 * Province data: administrative units, agencies, service points, procedures and rollout phases.
 * It is data, validated by a schema when loaded; a broken file fails with its name and the field.
 */
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'phải là ngày dạng YYYY-MM-DD');
/** Electronic identifier of an agency: V1V2V3.Z1Z2.Y1Y2.MX1X2, lowest level first (BRIEF 1.4). */
export const agencyCodePattern = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{1,40}$/, 'chỉ gồm chữ thường không dấu, số và dấu gạch ngang');

export const unitLevels = ['province', 'district', 'commune'] as const;
export type UnitLevel = (typeof unitLevels)[number];

const unitSchema = z.object({
  id: z.string().regex(/^\d{2,5}$/, 'mã đơn vị hành chính là 2 đến 5 chữ số'),
  name: z.string().min(1),
  kind: z.string().min(1),
  level: z.enum(unitLevels),
  parent: z.string().optional(),
  validFrom: isoDate,
  validTo: isoDate.optional(),
  illustrative: z.boolean().optional(),
});

const agencySchema = z.object({
  id: slug,
  code: z.string().regex(agencyCodePattern, 'mã định danh phải có dạng VVV.ZZ.YY.MXX'),
  name: z.string().min(1),
  level: z.enum(unitLevels),
  serves: z.array(z.string()).min(1),
  illustrative: z.boolean().optional(),
});

const servicePointSchema = z.object({
  id: slug,
  name: z.string().min(1),
  kind: z.enum(['provincial-post-office', 'district-post-office', 'post-office', 'commune-cultural-post-office']),
  unit: z.string(),
  serves: z.array(z.string()).min(1),
});

const documentSchema = z.object({
  name: z.string().min(1),
  form: z.enum(['original', 'copy']),
  copies: z.number().int().min(1),
  mandatory: z.boolean(),
});

const procedureSchema = z
  .object({
    id: slug,
    name: z.string().min(1),
    field: z.string().min(1),
    competentAgency: z.string().optional(),
    competentLevel: z.enum(unitLevels).optional(),
    processingDays: z.number().int().min(0),
    fee: z.number().int('lệ phí là số nguyên đồng').min(0, 'lệ phí không được âm'),
    feeNote: z.string().optional(),
    postal: z.object({ pickup: z.boolean(), delivery: z.boolean() }),
    documents: z.array(documentSchema).min(1),
  })
  .refine((p) => (p.competentAgency === undefined) !== (p.competentLevel === undefined), {
    message: 'cần đúng một trong hai: competentAgency hoặc competentLevel',
    path: ['competentAgency'],
  });

const phaseSchema = z.object({
  id: slug,
  name: z.string().min(1),
  from: isoDate,
  units: z.array(z.string()).min(1),
});

/** The files of one dataset and the schema of each. */
const fileSchemas = {
  'units.json': z.object({ units: z.array(unitSchema).min(1) }),
  'agencies.json': z.object({ agencies: z.array(agencySchema).min(1) }),
  'service-points.json': z.object({ servicePoints: z.array(servicePointSchema) }),
  'procedures.json': z.object({ procedures: z.array(procedureSchema).min(1) }),
  'rollout.json': z.object({ phases: z.array(phaseSchema) }),
} as const;
export type ProvinceFiles = { [K in keyof typeof fileSchemas]: unknown };

export type Unit = z.infer<typeof unitSchema>;
export type Agency = z.infer<typeof agencySchema>;
export type ServicePoint = z.infer<typeof servicePointSchema>;
export type Procedure = z.infer<typeof procedureSchema>;
export type RolloutPhase = z.infer<typeof phaseSchema>;

export interface Province {
  id: string;
  units: ReadonlyMap<string, Unit>;
  agencies: ReadonlyMap<string, Agency>;
  servicePoints: ReadonlyMap<string, ServicePoint>;
  procedures: ReadonlyMap<string, Procedure>;
  phases: readonly RolloutPhase[];
}

/** Raised when a dataset does not load; names the file and the field. */
export class ProvinceDataError extends Error {
  constructor(
    readonly dataset: string,
    readonly problems: { file: string; field: string; message: string }[],
  ) {
    super(
      `province data "${dataset}" is invalid:\n` +
        problems.map((p) => `  ${p.file}: ${p.field}: ${p.message}`).join('\n'),
    );
  }
}

const path = (parts: readonly PropertyKey[]) => parts.map(String).join('.');

/**
 * Validates the raw files of a dataset and cross-checks references (parents, agencies, units,
 * duplicates). Example: `loadProvince('gia-lai-2019', { 'units.json': ..., ... })`.
 */
export function loadProvince(dataset: string, files: ProvinceFiles): Province {
  const problems: { file: string; field: string; message: string }[] = [];
  const parsed: Record<string, unknown> = {};
  for (const [file, schema] of Object.entries(fileSchemas)) {
    const result = schema.safeParse(files[file as keyof ProvinceFiles]);
    if (result.success) parsed[file] = result.data;
    else for (const issue of result.error.issues) problems.push({ file, field: path(issue.path), message: issue.message });
  }
  if (problems.length > 0) throw new ProvinceDataError(dataset, problems);

  const { units } = parsed['units.json'] as { units: Unit[] };
  const { agencies } = parsed['agencies.json'] as { agencies: Agency[] };
  const { servicePoints } = parsed['service-points.json'] as { servicePoints: ServicePoint[] };
  const { procedures } = parsed['procedures.json'] as { procedures: Procedure[] };
  const { phases } = parsed['rollout.json'] as { phases: RolloutPhase[] };

  const index = <T extends { id: string }>(file: string, key: string, rows: T[]) => {
    const map = new Map<string, T>();
    rows.forEach((row, i) => {
      if (map.has(row.id)) problems.push({ file, field: `${key}.${i}.id`, message: `mã "${row.id}" bị trùng` });
      map.set(row.id, row);
    });
    return map;
  };
  const unitMap = index('units.json', 'units', units);
  const agencyMap = index('agencies.json', 'agencies', agencies);
  const pointMap = index('service-points.json', 'servicePoints', servicePoints);
  const procedureMap = index('procedures.json', 'procedures', procedures);
  const codes = new Map<string, string>();
  agencies.forEach((a, i) => {
    const other = codes.get(a.code);
    if (other) problems.push({ file: 'agencies.json', field: `agencies.${i}.code`, message: `mã định danh "${a.code}" trùng với ${other}` });
    codes.set(a.code, a.id);
  });

  const unitRef = (file: string, field: string, id: string | undefined) => {
    if (id !== undefined && !unitMap.has(id)) problems.push({ file, field, message: `đơn vị hành chính "${id}" không có trong units.json` });
  };
  units.forEach((u, i) => unitRef('units.json', `units.${i}.parent`, u.parent));
  agencies.forEach((a, i) => a.serves.forEach((s, j) => unitRef('agencies.json', `agencies.${i}.serves.${j}`, s)));
  servicePoints.forEach((p, i) => {
    unitRef('service-points.json', `servicePoints.${i}.unit`, p.unit);
    p.serves.forEach((s, j) => unitRef('service-points.json', `servicePoints.${i}.serves.${j}`, s));
  });
  procedures.forEach((p, i) => {
    if (p.competentAgency !== undefined && !agencyMap.has(p.competentAgency))
      problems.push({ file: 'procedures.json', field: `procedures.${i}.competentAgency`, message: `cơ quan "${p.competentAgency}" không có trong agencies.json` });
  });
  phases.forEach((ph, i) => ph.units.forEach((u, j) => unitRef('rollout.json', `phases.${i}.units.${j}`, u)));
  if (problems.length > 0) throw new ProvinceDataError(dataset, problems);

  return { id: dataset, units: unitMap, agencies: agencyMap, servicePoints: pointMap, procedures: procedureMap, phases };
}

/** The unit and its ancestors, nearest first. */
export function lineage(province: Province, unitId: string): Unit[] {
  const out: Unit[] = [];
  for (let u = province.units.get(unitId); u; u = u.parent ? province.units.get(u.parent) : undefined) out.push(u);
  return out;
}

/** Whether residents of a unit may lodge dossiers on `date` (YYYY-MM-DD) under the rollout. */
export function isLive(province: Province, unitId: string, date: string): boolean {
  const ids = new Set(lineage(province, unitId).map((u) => u.id));
  return province.phases.some((ph) => ph.from <= date && ph.units.some((u) => ids.has(u)));
}

/**
 * The agency competent for a procedure lodged by a resident of `unitId`: the named agency, or the
 * agency of the procedure's level that serves the unit (routing follows competence, not the place
 * of lodging: Decree 118/2025 "phi địa giới").
 */
export function competentAgency(province: Province, procedure: Procedure, unitId: string): Agency | undefined {
  if (procedure.competentAgency) return province.agencies.get(procedure.competentAgency);
  const ids = new Set(lineage(province, unitId).map((u) => u.id));
  for (const agency of province.agencies.values())
    if (agency.level === procedure.competentLevel && agency.serves.some((s) => ids.has(s))) return agency;
  return undefined;
}
