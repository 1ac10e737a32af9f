/**
 * `npm start [-- --reset] [--clock 2026-08-28T10:00:00+07:00] [--clock-speed N]`: runs the local
 * cloud until SIGINT/SIGTERM. `--clock` sets the time every function, schedule and poller reads
 * (an ISO 8601 instant with its offset; it then runs on from there), `--clock-speed N` makes it
 * run N times faster; without them, the real time. `PUT <API>/_local/clock` moves it while running.
 *
 * Data lives in `.motcua/` at the repository root (MOTCUA_DATA_DIR overrides it); ports come from
 * PORT, DYNAMODB_PORT, S3_PORT and SQS_PORT (defaults 3000, 8000, 4569, 9324). Schedules run as
 * timers (MOTCUA_SCHEDULES=off turns them off, MOTCUA_SCHEDULE_SPEEDUP=N makes them N times
 * faster: the clock's speed, as --clock-speed); `curl -X POST <API>/_local/schedules/<id>` runs one now.
 * `--quiet` prints only the ready block (and errors), not a line per invocation or call: the replay
 * runs the cloud so, as a child process (infra/local/replay/cloud-process.ts). `--postman-retries N`:
 * how often the courier partner stand-in's postman tries a step the API answers 5xx (default 3).
 */
import { parseArgs } from 'node:util';
import { stop as stopEsbuild } from 'esbuild';
import { names, topology } from '../topology.ts';
import { datasetIds } from '../../shared/province/index.ts';
import { startLocalCloud, type LocalCloud } from './cloud.ts';
import { describeClock, parseInstant } from './clock.ts';
import { defaultDataDir } from './config.ts';
import { buildPages } from '../../web/build.ts';

const { values } = parseArgs({
  options: { reset: { type: 'boolean', default: false }, clock: { type: 'string' }, 'clock-speed': { type: 'string' }, quiet: { type: 'boolean', default: false }, 'postman-retries': { type: 'string' } },
});
let clock: { at?: string; speed?: number } = {};
let postmanRetries: number | undefined;
try {
  if (values['postman-retries'] !== undefined) {
    postmanRetries = Number(values['postman-retries']);
    if (!Number.isInteger(postmanRetries) || postmanRetries < 0) throw new Error(`--postman-retries ${values['postman-retries']}: expected a whole number ≥ 0`);
  }
  if (values.clock !== undefined) parseInstant(values.clock);
  const speed = values['clock-speed'] === undefined ? undefined : Number(values['clock-speed']);
  if (speed !== undefined && !(Number.isFinite(speed) && speed > 0)) throw new Error(`--clock-speed ${values['clock-speed']}: expected a number above 0`);
  clock = { ...(values.clock !== undefined ? { at: values.clock } : {}), ...(speed !== undefined ? { speed } : {}) };
} catch (err) {
  console.error(`motcua local cloud: ${(err as Error).message}`);
  process.exit(2);
}
const dataDir = defaultDataDir();
const log = (line: string) => console.log(line);
const cloudLog = values.quiet ? () => {} : log;

// Handlers go in before the start: a signal during start-up must still stop DynamoDB Local
// (a signal that kills Node would skip every exit hook and leave the JVM running).
let cloud: LocalCloud | undefined;
let stopRequested = false;
let exiting = false;
async function shutdown(signal: string) {
  stopRequested = true;
  if (!cloud || exiting) return; // start-up will notice stopRequested
  exiting = true;
  log(`${signal}: stopping the local cloud`);
  try {
    await cloud.stop();
  } finally {
    process.exit(0);
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
// The terminal closing: without a handler Node would die on the spot, skipping the exit hooks.
process.on('SIGHUP', () => void shutdown('SIGHUP'));

try {
  const t = topology();
  // The pages first (a second or two): the HTTP front serves them at the API's origin.
  const pages = await buildPages();
  cloud = await startLocalCloud({ dataDir, reset: values.reset, topology: t, log: cloudLog, clock, pagesDir: pages.dir, ...(postmanRetries !== undefined ? { courierPartner: { retries: postmanRetries } } : {}) });
  // Every function is bundled: esbuild's service process would otherwise keep its ~0.9 GB for
  // as long as npm start runs (issue 15). A later build would start it again.
  await stopEsbuild();
  if (stopRequested) {
    await shutdown('signal during start-up');
  } else {
    const c = cloud;
    const lines = [
      '',
      `data:      ${dataDir}${values.reset ? ' (reset)' : ''}`,
      `province:  ${t.dataset}, ${t.agencies.length} agencies (PROVINCE_DATASET picks one of ${datasetIds.join(', ')})`,
      `API:       ${c.endpoints.api}`,
      `pages:     ${c.endpoints.api}/ (citizen; /tra-cuu tracking, /t/<code> the slip's QR), /dang-nhap/ staff sign-in, /quay/ counter, /co-quan/ agency inbox, /buu-ta/ postman`,
      `DynamoDB:  ${c.endpoints.dynamodb}`,
      `S3:        ${c.endpoints.s3}`,
      `SQS:       ${c.endpoints.sqs}`,
      `clock:     ${describeClock(c.clock.view())} (move it: curl -X PUT ${c.endpoints.api}/_local/clock -d '{"at":"2026-08-28T10:00:00+07:00","speed":1}')`,
      `JWT:       issuer ${c.jwt.issuer}, audience ${c.jwt.audience} (npm run token -- --role <clerk|agency|courier|admin> ...)`,
      `courier:   partner stand-in ${c.courierPartner.url} (the postman plays every step; calls: GET ${c.courierPartner.url}/_partner/calls, script: PUT ${c.courierPartner.url}/_partner/script)`,
      '',
      'agency queues:',
      ...t.agencies.map((a) => `  ${a.padEnd(20)} ${c.queueUrls[names.agencyQueue(t.prefix, a)] ?? '(missing)'}`),
      '',
      `schedules (UTC; run one now: curl -X POST ${c.endpoints.api}/_local/schedules/<id>):`,
      ...c.schedules.flatMap((x) => [`  ${x.id.padEnd(24)} ${x.expression} -> ${x.function}, ${x.timer}`, `  ${''.padEnd(24)} run now: POST ${x.runUrl}`]),
      ...(c.schedules.length ? [] : ['  (none)']),
      '',
      'for an outside client (AWS CLI, SDK, boto3):',
      ...Object.entries(c.env).map(([k, v]) => `export ${k}=${v}`),
      '',
      `motcua local cloud ready: ${c.endpoints.api}`,
    ];
    log(lines.join('\n'));
  }
} catch (err) {
  console.error(`motcua local cloud failed to start: ${(err as Error).message}`);
  process.exit(1);
}
