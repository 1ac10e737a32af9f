/** Admin API (JWT, role admin, province-wide): remittances to the agencies, the reconciliation of an agency's day, ratings, the escalation list of late dossiers, the figures, rollout and queue health. */
import { Logger } from '@aws-lambda-powertools/logger';
import { adminApiContext, figureStore, queueHealth } from '../shared/app/context.ts';
import { operationsView } from '../shared/app/operations.ts';
import { figuresAnswer } from '../shared/app/figures.ts';
import { escalations } from '../shared/app/deadlines.ts';
import { vietnamCalendar } from '../shared/calendar/index.ts';
import { moneyDayAnswer, reconciliationOf, reconciliationView, recordRemittance, remittanceId, remittanceView, tellDossiers } from '../shared/app/remittances.ts';
import { ratingResults } from '../shared/app/ratings.ts';
import { adminContracts as contracts } from '../shared/contracts/operations/admin.ts';
import { ValidationError } from '../shared/domain/errors.ts';
import { quoteValue } from '../shared/domain/text.ts';
import { httpApi, operation } from '../shared/http/api.ts';

const { deps, api } = adminApiContext();
const calendar = vietnamCalendar();
const figures = figureStore();
const queues = queueHealth();
const logger = new Logger();

export const handler = httpApi(
  {
    adminRecordRemittance: operation(contracts.adminRecordRemittance, async ({ body, headers, caller, once }) => {
      const by = caller!.sub;
      const id = remittanceId(await deps.secret(), by, headers['idempotency-key']);
      // A replay finishes what a failed first request left out (the events are written once each).
      const remittance = await once(
        () => recordRemittance(deps, { ...body, id, by }),
        async () => {
          const stored = (await deps.money.getRemittance(id))!;
          await tellDossiers(deps, stored);
          return stored;
        },
      );
      const { reconciliation } = await reconciliationOf(deps, remittance.agencyId, remittance.day);
      return { status: 201, body: { remittance: remittanceView(remittance), reconciliation: reconciliationView(reconciliation) } };
    }),
    adminGetReconciliation: operation(contracts.adminGetReconciliation, async ({ query }) => {
      if (!deps.province.agencies.has(query.agencyId)) throw ValidationError.field('query.agencyId', `không có cơ quan ${quoteValue(query.agencyId)}`);
      return moneyDayAnswer(deps, query.agencyId, query);
    }),
    adminGetRatings: operation(contracts.adminGetRatings, async ({ query }) => ({ status: 200, body: await ratingResults(deps, query) })),
    adminGetEscalations: operation(contracts.adminGetEscalations, async ({ query }) => {
      if (query.agencyId && !deps.province.agencies.has(query.agencyId)) throw ValidationError.field('query.agencyId', `không có cơ quan ${quoteValue(query.agencyId)}`);
      return { status: 200, body: await escalations({ ...deps, calendar }, query) };
    }),
    adminGetOperations: operation(contracts.adminGetOperations, async () => ({ status: 200, body: await operationsView({ ...deps, ...queues, onAgesFailed: (error) => logger.warn('queue ages unavailable: CloudWatch GetMetricData failed', { error }) }) })),
    adminGetFigures: operation(contracts.adminGetFigures, async ({ query }) => figuresAnswer({ figures, province: deps.province, ratings: deps.ratings, now: deps.now }, query, { agencyId: query.agencyId })),
  },
  api,
);
