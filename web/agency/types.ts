/** The agency API's answers as the inbox reads them: the contracts' own types (type-only imports, nothing bundled). */
import type * as z from 'zod';
import type { dossierViewSchema } from '../../shared/contracts/http.ts';
import type { downloadSchema, uploadFormSchema } from '../../shared/contracts/documents.ts';
import type { assignedSchema, dueSoonSchema, escalationsSchema } from '../../shared/contracts/escalations.ts';

export type DossierView = z.infer<typeof dossierViewSchema>;
export type Escalations = z.infer<typeof escalationsSchema>;
export type DueSoon = z.infer<typeof dueSoonSchema>;
export type Assigned = z.infer<typeof assignedSchema>;
export type Download = z.infer<typeof downloadSchema>;
export type UploadFormView = z.infer<typeof uploadFormSchema>;
