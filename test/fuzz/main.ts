/**
 * `npm run fuzz -- [--runs 10000] [--seed N] [--concurrency 6] [--api URL --data-dir DIR]`
 *
 * Without --api it starts its own local cloud (fresh data, free ports) and reads the functions'
 * logs, so each 5xx comes with its error text. With --api it fuzzes a running API (`npm start`:
 * --data-dir is where its signing key lives, `.motcua` by default). Exits 1 when a request broke
 * the oracle; prints the seed, so `--seed` replays the same plan.
 */
import { rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { startLocalCloud, type LocalCloud } from '../../infra/local/cloud.ts';
import { defaultDataDir } from '../../infra/local/config.ts';
import { signToken } from '../../infra/local/keys.ts';
import { freePorts, tempDir } from '../local/support.ts';
import { fuzzCredentials } from './credentials.ts';
import { formatReport, fuzz } from './openapi-fuzz.ts';

const { values } = parseArgs({
  options: {
    api: { type: 'string' },
    'data-dir': { type: 'string' },
    seed: { type: 'string' },
    runs: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '6' },
  },
});
const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
const runs = Number(values.runs);
if (!Number.isInteger(seed) || !Number.isInteger(runs) || runs < 1) throw new Error('--seed and --runs take integers');

let cloud: LocalCloud | undefined;
let dataDir = values['data-dir'] ? values['data-dir'] : defaultDataDir();
const logs: string[] = [];
let api = values.api;
if (!api) {
  dataDir = await tempDir('fuzz');
  console.log(`fuzz: starting a local cloud in ${dataDir}`);
  // The last 200,000 lines only: 10,000 requests log a lot.
  const keep = (line: string) => {
    if (logs.push(line) > 200_000) logs.splice(0, 100_000);
  };
  cloud = await startLocalCloud({ dataDir, reset: true, ports: await freePorts(), log: keep });
  api = cloud.endpoints.api;
}

try {
  const report = await fuzz({
    api,
    seed,
    runs,
    concurrency: Number(values.concurrency),
    credentials: await fuzzCredentials((claims) => signToken(dataDir, claims)),
    log: (l) => console.log(l),
    logsFor: (id) => logs.filter((l) => l.includes(id) && !l.includes(' ms ')),
  });
  console.log(formatReport(report));
  process.exitCode = report.failures.length ? 1 : 0;
} finally {
  await cloud?.stop();
  if (cloud) await rm(dataDir, { recursive: true, force: true });
}
