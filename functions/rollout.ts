/**
 * Rollout job (hourly schedule): routes the dossiers held back for agencies that were not live yet,
 * once they are, and publishes how many still wait (`DossiersWaitingForRollout`, per agency).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { vietnamCalendar } from '../shared/calendar/index.ts';
import { dossierContext } from '../shared/app/context.ts';
import { releaseHeld } from '../shared/app/rollout.ts';

const logger = new Logger();
const metrics = new Metrics({ namespace: 'motcua' });
const deps = { ...dossierContext({}), calendar: vietnamCalendar() };

export const handler = async () => {
  const { released, waiting } = await releaseHeld(deps);
  metrics.addMetric('DossiersReleased', MetricUnit.Count, released.length);
  for (const [agencyId, count] of Object.entries(waiting)) {
    const single = metrics.singleMetric();
    single.addDimension('agencyId', agencyId);
    single.addMetric('DossiersWaitingForRollout', MetricUnit.Count, count);
  }
  metrics.publishStoredMetrics();
  logger.info('rollout run', { released: released.length, waiting });
  return { released, waiting };
};
