/**
 * `npm run recount [-- --write] [--aws]`
 *
 * Rebuilds the figures from the dossiers' history (shared/app/figures.ts `recount`) and prints
 * where the kept figures differ; exits 1 when they do. `--write` replaces the kept figures by the
 * recount (pause the figures function's stream mapping first: a record counted while the table is
 * rewritten could be lost or counted twice). Against the local cloud of `npm start` by default
 * (DYNAMODB_PORT, default 8000); `--aws` uses the SDK's default credentials and region and the
 * deployed tables (same names: infra/topology.ts `names.table`).
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DossierStore } from '../shared/aws/dossier-store.ts';
import { FigureStore } from '../shared/aws/figure-store.ts';
import { recount } from '../shared/app/figures.ts';
import { vietnamCalendar } from '../shared/calendar/index.ts';
import { credentials, portsFromEnv, region } from './local/config.ts';
import { names, topology } from './topology.ts';

const { values } = parseArgs({ options: { write: { type: 'boolean', default: false }, aws: { type: 'boolean', default: false } } });
const client = values.aws ? new DynamoDBClient({}) : new DynamoDBClient({ endpoint: `http://localhost:${portsFromEnv().dynamodb}`, region, credentials });
const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
const { prefix } = topology();
const dossiers = names.table(prefix, 'dossiers');
const deps = { store: new DossierStore(db, dossiers), figures: new FigureStore(db, names.table(prefix, 'figures')), calendar: vietnamCalendar() };

const result = await recount(deps, { write: values.write });
console.log(`${result.dossiers} dossiers, ${result.contributions} contributions recounted from their history`);
if (result.differences.length === 0 && result.appliedDiffer.length === 0) console.log('the kept figures agree with the recount');
else {
  console.log(`${result.differences.length} differences, ${result.appliedDiffer.length} dossiers whose counted events differ`);
  for (const d of result.differences.slice(0, 50)) console.log(`  ${d.where} ${d.cell} ${d.measure}: kept ${d.kept}, recounted ${d.recounted}`);
  if (result.differences.length > 50) console.log(`  … and ${result.differences.length - 50} more`);
}
if (result.written) console.log('the figures table now holds the recount');
process.exitCode = result.differences.length === 0 && result.appliedDiffer.length === 0 ? 0 : result.written ? 0 : 1;
