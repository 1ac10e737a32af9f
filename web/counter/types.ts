/** The counter API's answers as the console reads them: the contracts' own types (type-only imports, nothing bundled). */
import type * as z from 'zod';
import type { counterCreateSchema, uploadFormSchema } from '../../shared/contracts/documents.ts';
import type { createdDossierSchema, dossierViewSchema, procedureListSchema, procedureSchema } from '../../shared/contracts/http.ts';
import type { handoverAnswerSchema, resultHandoverSchema } from '../../shared/contracts/handover.ts';
import type { receptionActionSchema, receptionQueueSchema } from '../../shared/contracts/reception.ts';
import type { receiptViewSchema } from '../../shared/contracts/money.ts';
import type { ReceiptSummary, receiptView } from '../../shared/app/payments.ts';
import type { TrackingBook } from '../../shared/app/tracking-book.ts';

export type DossierView = z.infer<typeof dossierViewSchema>;
export type ReceptionQueue = z.infer<typeof receptionQueueSchema>;
export type ReceptionAction = z.infer<typeof receptionActionSchema>;
export type CounterCreate = z.input<typeof counterCreateSchema>;
export type CreatedDossier = z.infer<typeof createdDossierSchema>;
export type UploadForm = z.infer<typeof uploadFormSchema>;
export type ProcedureList = z.infer<typeof procedureListSchema>;
export type Procedure = z.infer<typeof procedureSchema>;
export type ResultHandover = z.input<typeof resultHandoverSchema>;
export type HandoverAnswer = z.infer<typeof handoverAnswerSchema>;
export type Receipt = z.infer<typeof receiptViewSchema>;
/** A receipt as the dossier lists it (its summary), and as `GET …/receipts/{receiptId}` answers it (lines, refunds, cancellation). */
export type ReceiptListed = ReceiptSummary & { totalText: string };
export type ReceiptDetail = ReturnType<typeof receiptView>;
export type { TrackingBook };
/** One payment request of a dossier (the view passes its lines through). */
export interface PaymentRequest {
  id: string;
  status: string;
  total: number;
  totalText: string;
  receiptId?: string;
  lines?: { code: string; label: string; amountText: string }[];
}
