/** Public API: the procedure catalog, dossier submission and tracking, the published contracts. */
import { z } from 'zod';
import { dynamoDocuments } from '../shared/aws/clients.ts';
import { readConfig } from '../shared/aws/config.ts';
import { DossierStore } from '../shared/aws/dossier-store.ts';
import { tokenMatches } from '../shared/app/access-token.ts';
import { submitDossier } from '../shared/app/submit-dossier.ts';
import { dossierView, procedureSummary, procedureView } from '../shared/app/views.ts';
import { agencyEnvelopeJsonSchema } from '../shared/contracts/agency-envelope.ts';
import { openApiDocument } from '../shared/contracts/openapi.ts';
import { contracts } from '../shared/contracts/operations.ts';
import { NotFoundError } from '../shared/domain/errors.ts';
import { httpApi, operation } from '../shared/http/api.ts';
import { province as loadProvince } from '../shared/province/index.ts';
import { vietnamCalendar } from '../shared/calendar/index.ts';

const config = readConfig(z.object({ DOSSIERS_TABLE: z.string(), IDEMPOTENCY_TABLE: z.string(), PROVINCE_DATASET: z.string() }));
const province = loadProvince(config.PROVINCE_DATASET);
const store = new DossierStore(dynamoDocuments(), config.DOSSIERS_TABLE);
const calendar = vietnamCalendar();
let openApi: unknown;

export const handler = httpApi(
  {
    listProcedures: operation(contracts.listProcedures, async () => ({
      status: 200,
      body: { items: [...province.procedures.values()].map(procedureSummary) },
    })),
    getProcedure: operation(contracts.getProcedure, async ({ params }) => {
      const p = province.procedures.get(params.id);
      if (!p) throw new NotFoundError(`không có thủ tục "${params.id}"`);
      return { status: 200, body: procedureView(province, p) };
    }),
    createDossier: operation(contracts.createDossier, async ({ body }) => ({
      status: 201,
      body: await submitDossier({ store, province, calendar, now: () => new Date() }, body, 'online'),
    })),
    trackDossier: operation(contracts.trackDossier, async ({ params, headers }) => {
      const found = await store.getWithEvents(params.code);
      if (!found) throw new NotFoundError(`không có hồ sơ "${params.code}"`);
      const withApplicant = tokenMatches(headers['x-dossier-token'], found.dossier.accessTokenHash);
      return { status: 200, body: dossierView({ province, calendar, now: new Date() }, found.dossier, found.events, withApplicant) };
    }),
    getOpenApi: operation(contracts.getOpenApi, async ({ baseUrl }) => ({ status: 200, body: (openApi ??= openApiDocument(baseUrl)) })),
    getAgencyEnvelopeSchema: operation(contracts.getAgencyEnvelopeSchema, async () => ({
      status: 200,
      body: agencyEnvelopeJsonSchema(),
      headers: { 'content-type': 'application/schema+json' },
    })),
  },
  { idempotencyTable: config.IDEMPOTENCY_TABLE },
);
