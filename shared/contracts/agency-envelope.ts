/**
 * The agency envelope, version 1: the public contract of every message in an agency's queue.
 * Agencies write consumers against it; the JSON Schema in ./agency-envelope-v1.schema.json is
 * generated from this zod schema (`npm run schemas`) and a test keeps the two equal.
 *
 * Delivery: FIFO, message group = dossier code (one dossier's messages in order), deduplication
 * id = messageId = the id of the dossier event behind the message. A consumer that sees a
 * messageId twice has received the same message twice.
 */
import * as z from 'zod';
import { publishedJsonSchema } from './published-schema.ts';

export const agencyEnvelopeVersion = '1.0';

export const agencyEnvelopeV1 = z
  .object({
    schemaVersion: z.literal(agencyEnvelopeVersion),
    messageId: z.string().min(1).describe('Id of the dossier event behind this message; equal ids mean a redelivery'),
    type: z
      .enum(['dossier.assigned', 'dossier.supplemented', 'dossier.withdrawn', 'dossier.reminder'])
      .describe(
        'dossier.assigned: the dossier is now yours (first agency, or your step of a chain); dossier.supplemented: the citizen sent the complete supplement you asked for; dossier.withdrawn: the citizen withdrew it, stop work; dossier.reminder: the result is due today or on the next working day (once per due date)',
      ),
    dossierCode: z.string().describe('Dossier code, <receiving unit identifier>-YYMMDD-XXXX, assigned at reception (only received dossiers reach agencies)'),
    occurredAt: z.iso.datetime().describe('When the event happened (UTC, ISO 8601)'),
    agency: z.object({ id: z.string(), code: z.string(), name: z.string() }).describe('The agency this message is for'),
    procedure: z.object({
      id: z.string(),
      name: z.string(),
      processingDays: z.number().int().describe('Days of the processing time (working days, or calendar days with processingUnit calendar-days; 0 for same-day and working-hours procedures)'),
      processingUnit: z.enum(['working-days', 'calendar-days', 'working-hours']).optional().describe('How the processing time counts (absent in messages before it was added: working days)'),
      processingTime: z.string().optional().describe('The processing time as people read it, e.g. "10 ngày (15 ngày nếu cần xác minh)"'),
    }),
    applicant: z
      .object({
        kind: z.enum(['individual', 'organisation']).optional().describe('Absent in messages before it was added: individual'),
        fullName: z.string().describe('The person, or the organisation’s name'),
        unitId: z.string(),
        unitName: z.string(),
        representative: z.boolean().optional().describe('true: lodged by an authorised representative (the authorisation is a document slot)'),
      })
      .describe('Summary only; full details through GET /v1/agency/dossiers/{code}'),
    receivedAt: z.iso.datetime(),
    dueAt: z.iso.datetime().optional().describe('Appointment for the result (working-day calendar)'),
    chain: z
      .object({ step: z.number().int(), length: z.number().int(), previousAgencyId: z.string().optional() })
      .optional()
      .describe('Inter-agency chain (một cửa liên thông): your step, and who handed the dossier over'),
    reason: z.string().optional().describe('dossier.withdrawn: why; dossier.reminder: the time left, in Vietnamese'),
    documents: z
      .array(z.object({ slot: z.string(), name: z.string(), contentType: z.string(), size: z.number().int(), sha256: z.string().describe('base64') }))
      .describe('Verified scans; download each with GET /v1/agency/dossiers/{code}/documents/{slot}'),
  })
  .describe('motcua agency envelope, version 1');
export type AgencyEnvelopeV1 = z.infer<typeof agencyEnvelopeV1>;

/** The JSON Schema document published at /v1/schemas/agency-envelope-v1.json. */
export function agencyEnvelopeJsonSchema(): Record<string, unknown> {
  return publishedJsonSchema(agencyEnvelopeV1, 'agency-envelope-v1', 'motcua agency envelope v1');
}
