/** Deadline watch (schedule every 15 minutes): reminders, 3-hour warnings and lateness of dossiers, each once per due date. */
import { Logger } from '@aws-lambda-powertools/logger';
import * as z from 'zod';
import { vietnamCalendar } from '../shared/calendar/index.ts';
import { dynamoDocuments } from '../shared/aws/clients.ts';
import { now } from '../shared/aws/clock.ts';
import { readConfig } from '../shared/aws/config.ts';
import { DossierStore } from '../shared/aws/dossier-store.ts';
import { watchDeadlines } from '../shared/app/deadlines.ts';

const logger = new Logger();
// Only the store and the calendar: no province data to load at cold start.
const config = readConfig(z.object({ DOSSIERS_TABLE: z.string() }));
const deps = { store: new DossierStore(dynamoDocuments(), config.DOSSIERS_TABLE), calendar: vietnamCalendar(), now };

export const handler = async () => {
  const result = await watchDeadlines(deps);
  // Counts only: codes are not personal data, but a log line per run stays small.
  logger.info('deadline run', { reminded: result.reminded.length, warned: result.warned.length, late: result.late.length });
  return result;
};
