/**
 * `npm run replay -- [--dossiers N] [--days D] [--seed S] [--concurrency C]`: a province-day (or
 * D days) on a local cloud of its own (a fresh temporary data folder, ports from the OS, the
 * settable clock at 08:00 of each working day), N dossiers a day driven through the real HTTP
 * API by ./driver.ts from a seeded plan (./plan.ts). At the end it checks what it finds against
 * the plan and prints the figures (./report.ts). Exit code 1 if any check fails.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SQSClient } from '@aws-sdk/client-sqs';
import cliProgress from 'cli-progress';
import { vietnamCalendar } from '../../../shared/calendar/index.ts';
import { nextWorkingDay } from '../../../shared/domain/calendar.ts';
import { names, topology } from '../../topology.ts';
import { startLocalCloud, type LocalCloud } from '../cloud.ts';
import { AgencyInbox } from './agency-inbox.ts';
import { Driver, scene, type Played } from './driver.ts';
import { planReplay, type PlannedDossier } from './plan.ts';
import { report, type Found } from './report.ts';

/** The replay starts on the first working day after this date (fixed, so a seed repeats exactly). */
const firstDayAfter = '2026-12-01';

const { values } = parseArgs({
  options: { dossiers: { type: 'string', default: '200' }, days: { type: 'string', default: '1' }, seed: { type: 'string', default: '1' }, concurrency: { type: 'string', default: '8' } },
});
const perDay = positiveInt('dossiers', values.dossiers);
const days = positiveInt('days', values.days);
const seed = positiveInt('seed', values.seed, 0);
const concurrency = positiveInt('concurrency', values.concurrency);

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'motcua-replay-'));
let cloud: LocalCloud | undefined;
let exitCode = 1;
process.on('SIGINT', () => void cloud?.stop().finally(() => process.exit(130)));
try {
  const t = topology();
  cloud = await startLocalCloud({
    dataDir,
    reset: true,
    ports: await freePorts(4),
    topology: t,
    log: () => {},
    // No timers: the deadline watch's reminders are not in the plan (a day of minutes, not hours).
    schedules: { timers: false },
    // The postman plays every step; every delivery fails once (not at home), then is delivered.
    courierPartner: { script: { mode: 'auto', stepDelayMs: 20, delivery: { failures: ['not-at-home'] } } },
  });
  Object.assign(process.env, cloud.env);
  const queueUrls = Object.fromEntries(t.agencies.map((a) => [a, cloud!.queueUrls[names.agencyQueue(t.prefix, a)]!]));
  const inbox = new AgencyInbox(new SQSClient({}), queueUrls);
  inbox.start([scene.agencyId]);
  const hops: Record<string, number[]> = {};
  let races = 0;
  const driver = new Driver({ api: cloud.endpoints.api, dataDir, inbox, timings: (hop, ms) => (hops[hop] ??= []).push(ms), race: () => races++ });

  const plan = planReplay({ perDay, days, seed });
  const played = new Map<number, Played | Error>();
  const bar = new cliProgress.SingleBar({ format: 'replay {bar} {value}/{total} dossiers | day {day} | {failed} stopped | {duration}s', clearOnComplete: false }, cliProgress.Presets.shades_classic);
  bar.start(plan.length, 0, { day: 1, failed: 0 });
  const started = Date.now();
  let failed = 0;
  let day = firstDayAfter;
  const calendar = vietnamCalendar();
  for (let d = 0; d < days; d++) {
    day = nextWorkingDay(day, calendar);
    cloud.clock.set({ at: `${day}T08:00:00+07:00`, speed: 1 });
    bar.update({ day: `${d + 1} (${day.split('-').reverse().join('/')})` });
    await pool(
      plan.filter((p) => p.day === d),
      concurrency,
      async (p) => {
        try {
          played.set(p.index, await driver.play(p));
        } catch (err) {
          played.set(p.index, err as Error);
          failed++;
        }
        bar.increment(1, { failed });
      },
    );
  }
  const seconds = (Date.now() - started) / 1000;
  bar.stop();

  // Whatever reached any agency's queue counts, not only the replay's agency.
  await inbox.stop();
  await inbox.sweep(t.agencies.filter((a) => a !== scene.agencyId));
  const found = await readBack(plan, played, driver, cloud.endpoints.api);
  const checks = report(found, inbox.receipts, { seconds, hops, rss: await memory(dataDir), races });
  console.log(
    [
      '',
      `replay: ${perDay} dossiers a day × ${days} day(s), seed ${seed}, concurrency ${concurrency}, first day ${firstDayAfter} + 1 working day, ${os.cpus().length} CPU(s)`,
      ...checks.lines,
    ].join('\n'),
  );
  exitCode = checks.ok ? 0 : 1;
} catch (err) {
  console.error(`replay failed: ${(err as Error).stack ?? err}`);
} finally {
  await cloud?.stop();
  await rm(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);

/** Reads every dossier back as its holder would, waiting a little for the last SMS to reach the gateway. */
async function readBack(plan: PlannedDossier[], played: Map<number, Played | Error>, driver: Driver, api: string): Promise<Found[]> {
  const desk = await driver.deskHeaders();
  const until = Date.now() + 20_000;
  for (;;) {
    const gateway = ((await (await fetch(`${api}/_local/sms`)).json()) as { messages: { to: string }[] }).messages;
    const byPhone = new Map<string, number>();
    for (const m of gateway) byPhone.set(m.to, (byPhone.get(m.to) ?? 0) + 1);
    const found: Found[] = [];
    for (const p of plan) {
      const x = played.get(p.index);
      if (!x || x instanceof Error) {
        found.push({ plan: p, error: x?.message ?? 'not played', smsSent: 0, smsDeferred: 0, smsAtGateway: 0 });
        continue;
      }
      const view = await driver.view(x.code, x.token, desk);
      found.push({ plan: p, code: x.code, status: view.body?.status, ...smsCounts(view.body?.sms ?? []), smsAtGateway: byPhone.get(`+84${x.phone.slice(1)}`) ?? 0 });
    }
    // The router makes the last notice from the delivery event just after the dossier is returned.
    const settled = found.every((f) => f.error || f.smsSent === f.smsAtGateway);
    if (settled || Date.now() > until) return found;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A dossier's SMS as it lists them: sent (the gateway must have them) and held back (quiet hours, the per-phone rate limit: shared/app/sms.ts). */
function smsCounts(sms: { status?: string }[]): { smsSent: number; smsDeferred: number } {
  // By status, not `sentAt`: a notice can be `delivered` without one (seen in a run: its receipt came first).
  return { smsSent: sms.filter((m) => m.status !== 'created' && m.status !== 'deferred').length, smsDeferred: sms.filter((m) => m.status === 'deferred').length };
}

/** VmRSS of this process (the functions run in its worker threads) and of DynamoDB Local's JVM under this data folder. */
async function memory(dir: string): Promise<{ name: string; kb: number | undefined }[]> {
  const rssOf = async (pid: number) => {
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb);
  };
  let javaPid: number | undefined;
  try {
    const pids = execFileSync('pgrep', ['-f', 'DynamoDBLocal'], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
    for (const pid of pids) {
      const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
      if (cmdline.includes(dir) && cmdline.includes('java')) javaPid = pid;
    }
  } catch {
    /* pgrep exits 1 when nothing matches */
  }
  return [
    { name: `replay + functions (pid ${process.pid})`, kb: await rssOf(process.pid) },
    { name: `DynamoDB Local (pid ${javaPid ?? '?'})`, kb: javaPid === undefined ? undefined : await rssOf(javaPid) },
  ];
}

/** Runs `work` over `items` with at most `limit` at a time. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

/** `n` distinct ports the OS has free now (listen on 0, then close). */
async function freePorts(n: number): Promise<{ http: number; dynamodb: number; s3: number; sqs: number }> {
  const servers = await Promise.all(Array.from({ length: n }, () => new Promise<ReturnType<typeof createServer>>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => resolve(s));
  })));
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return { http: ports[0]!, dynamodb: ports[1]!, s3: ports[2]!, sqs: ports[3]! };
}

function positiveInt(name: string, raw: string | undefined, min = 1): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    console.error(`replay: --${name} ${raw}: expected a whole number ≥ ${min}`);
    process.exit(2);
  }
  return n;
}
