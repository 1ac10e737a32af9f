/** The API's answers as the citizen's pages read them: the contracts' own types (type-only imports, nothing bundled). */
import type * as z from 'zod';
import type { unitListSchema } from '../../shared/contracts/units.ts';
import type { dossierViewSchema, procedureListSchema, procedureSchema, procedureSummarySchema } from '../../shared/contracts/http.ts';

export type ProcedureSummary = z.infer<typeof procedureSummarySchema>;
export type ProcedureList = z.infer<typeof procedureListSchema>;
export type Procedure = z.infer<typeof procedureSchema>;
export type DossierView = z.infer<typeof dossierViewSchema>;
export type UnitList = z.infer<typeof unitListSchema>;
