/** What the API shows of procedures and dossiers. */
import { eventLabels, statuses, unitPath, type Dossier, type DossierEvent } from '../domain/dossier.ts';
import { formatVnd } from '../domain/money.ts';
import type { Procedure, Province } from '../domain/province.ts';

export function procedureSummary(p: Procedure) {
  return { id: p.id, name: p.name, field: p.field, processingDays: p.processingDays, fee: p.fee, feeText: formatVnd(p.fee), postal: p.postal };
}

export function procedureView(province: Province, p: Procedure) {
  const agency = p.competentAgency ? province.agencies.get(p.competentAgency) : undefined;
  return {
    ...procedureSummary(p),
    ...(p.feeNote ? { feeNote: p.feeNote } : {}),
    ...(agency ? { competentAgency: { id: agency.id, name: agency.name } } : {}),
    ...(p.competentLevel ? { competentLevel: p.competentLevel } : {}),
    documents: p.documents,
  };
}

const agencyRef = (province: Province, id: string | undefined) => {
  const a = id ? province.agencies.get(id) : undefined;
  return a ? { id: a.id, name: a.name } : undefined;
};

/**
 * A dossier as tracking shows it. The timeline and status are public (anyone with the code);
 * the applicant's details only with `withApplicant` (dossier token, or the agency in charge).
 */
export function dossierView(province: Province, dossier: Dossier, events: DossierEvent[], withApplicant: boolean) {
  const procedure = province.procedures.get(dossier.procedureId);
  return {
    code: dossier.code,
    status: dossier.status,
    statusLabel: statuses[dossier.status].label,
    receivedAt: dossier.receivedAt,
    procedure: { id: dossier.procedureId, name: procedure?.name ?? dossier.procedureId },
    agency: agencyRef(province, dossier.agencyId) ?? { id: dossier.agencyId, name: dossier.agencyId },
    ...(dossier.routedAt ? { routedAt: dossier.routedAt } : {}),
    timeline: events.map((e) => {
      const agency = agencyRef(province, e.data.agencyId);
      return { type: e.type, label: eventLabels[e.type] ?? e.type, at: e.at, ...(agency ? { agency } : {}) };
    }),
    ...(withApplicant
      ? {
          applicant: {
            ...dossier.applicant,
            address: { ...dossier.applicant.address, unitPath: unitPath(province, dossier.applicant.address.unitId) },
          },
          resultDelivery: dossier.resultDelivery,
        }
      : {}),
  };
}
