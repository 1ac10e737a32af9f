/**
 * One replay, start to end: a local cloud of its own in its own process (./cloud-process.ts: a
 * fresh temporary data folder, ports from the OS, the settable clock at 08:00 of each replayed
 * working day), the seeded plan of the
 * dataset the cloud runs (./plan.ts) driven through the real HTTP API (./driver.ts) at a set
 * concurrency, then everything read back and checked against the plan (./report.ts). Used by
 * `npm run replay` (./main.ts) and bench P3 (bench/p3.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import cliProgress from 'cli-progress';
import { vietnamCalendar } from '../../../shared/calendar/index.ts';
import { nextWorkingDay } from '../../../shared/domain/calendar.ts';
import { province } from '../../../shared/province/index.ts';
import { names, topology } from '../../topology.ts';
import { AgencyInbox } from './agency-inbox.ts';
import { rssOf, startCloudProcess, type CloudProcess } from './cloud-process.ts';
import { retried } from './client.ts';
import { Driver, type Played } from './driver.ts';
import { coverage, planReplay, type PlannedDossier } from './plan.ts';
import { report, type Checks, type Found, type MemorySample, type ReplayFigures } from './report.ts';

/** The replay starts on the first working day after this date (fixed, so a seed repeats exactly). */
export const firstDayAfter = '2026-12-01';

export interface ReplayOptions {
  /** Dossiers in all, spread evenly over the days. */
  dossiers: number;
  days: number;
  seed: number;
  concurrency: number;
  /** Province dataset (default: the topology's). */
  dataset?: string;
  /** Show the progress bar on stderr (default true). */
  progress?: boolean;
}

export interface ReplayOutcome {
  checks: Checks;
  figures: ReplayFigures;
  /** The header line and the report's lines, ready to print. */
  lines: string[];
}

let running: CloudProcess | undefined;
/** Stops the cloud of the replay under way, if any (SIGINT). */
export const stopRunning = () => running?.stop();

/** Runs one replay on a fresh cloud and stops the cloud at the end. */
export async function runReplay(opts: ReplayOptions): Promise<ReplayOutcome> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'motcua-replay-'));
  const before = { ...retried };
  try {
    const t = topology(opts.dataset ? { dataset: opts.dataset } : {});
    const data = province(t.dataset);
    const calendar = vietnamCalendar();
    const dates: string[] = [];
    for (let d = 0, day = firstDayAfter; d < opts.days; d++) dates.push((day = nextWorkingDay(day, calendar)));
    const plan = planReplay(data, { total: opts.dossiers, dates, seed: opts.seed });

    const cloud = (running = await startCloudProcess({
      dataDir,
      dataset: t.dataset,
      ports: await replayPorts(),
      clockAt: `${dates[0]}T08:00:00+07:00`,
      // The postman plays every step; every delivery fails once (not at home), then is delivered.
      // He keeps trying a step the API answers 503 (busy) as his phone's app would: 8 times, 0.2 s to 26 s apart.
      postman: { script: { mode: 'auto', stepDelayMs: 20, delivery: { failures: ['not-at-home'] } }, retries: 8 },
    }));
    Object.assign(process.env, cloud.env);
    const sqs = new SQSClient({});
    // The agency queues by name, as an agency's consumer finds its own (the cloud printed its SQS endpoint).
    const queueUrls = Object.fromEntries(
      await Promise.all(t.agencies.map(async (a) => [a, (await sqs.send(new GetQueueUrlCommand({ QueueName: names.agencyQueue(t.prefix, a) }))).QueueUrl!] as const)),
    );
    const inbox = new AgencyInbox(sqs, queueUrls);
    const hops: Record<string, number[]> = {};
    let races = 0;
    const driver = new Driver({ api: cloud.api, dataDir, inbox, timings: (hop, ms) => (hops[hop] ??= []).push(ms), race: () => races++ });
    const rss: MemorySample[] = await memory(cloud, 'start');

    const played = new Map<number, Played | Error>();
    const bar = opts.progress === false ? undefined : new cliProgress.SingleBar({ format: 'replay {bar} {value}/{total} dossiers | day {day} | {failed} stopped | {duration}s', clearOnComplete: false }, cliProgress.Presets.shades_classic);
    bar?.start(plan.length, 0, { day: 1, failed: 0 });
    const started = Date.now();
    let failed = 0;
    let done = 0;
    let middle: Promise<void> | undefined;
    for (const [d, day] of dates.entries()) {
      await cloud.setClock(`${day}T08:00:00+07:00`, 1);
      bar?.update({ day: `${d + 1} (${day.split('-').reverse().join('/')})` });
      await pool(
        plan.filter((p) => p.day === d),
        opts.concurrency,
        async (p) => {
          try {
            played.set(p.index, await driver.play(p));
          } catch (err) {
            played.set(p.index, err as Error);
            failed++;
          }
          if (++done === Math.ceil(plan.length / 2)) middle = memory(cloud, 'middle').then((m) => void rss.push(...m));
          bar?.increment(1, { failed });
        },
      );
    }
    const seconds = (Date.now() - started) / 1000;
    bar?.stop();
    await middle;

    // Whatever reached any agency's queue counts, not only the ones the journeys waited on.
    await inbox.sweep();
    const found = await readBack(plan, played, driver, cloud.api);
    rss.push(...(await memory(cloud, 'end')));
    sqs.destroy();
    const figures: ReplayFigures = { seconds, hops, rss, races, inboxErrors: inbox.errors, retried: { count: retried.count - before.count, conflicts: retried.conflicts - before.conflicts }, coverage: coverage(data, plan) };
    const checks = report(found, inbox.receipts, figures);
    // The postman's refused steps (the stand-in gives up on them): where a stopped pickup or delivery went wrong.
    const refused = (await cloud.courierCalls()).filter((c) => c.direction === 'out' && (c.status < 200 || c.status >= 300));
    checks.lines.splice(-1, 0, `postman steps refused by the courier API: ${refused.length}`, ...refused.slice(0, 10).map((c) => `  ${c.method} ${c.path} ${c.status || 'no answer'}`));
    const header = `replay: ${opts.dossiers} dossiers over ${opts.days} day(s) of ${t.dataset}, seed ${opts.seed}, concurrency ${opts.concurrency}, first day ${dates[0]}, ${os.cpus().length} CPU(s)`;
    return { checks, figures, lines: ['', header, ...checks.lines] };
  } finally {
    await running?.stop();
    running = undefined;
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Reads every dossier back as its holder would, waiting a little for the last SMS to reach the gateway. */
async function readBack(plan: PlannedDossier[], played: Map<number, Played | Error>, driver: Driver, api: string): Promise<Found[]> {
  const until = Date.now() + 20_000;
  for (;;) {
    const gateway = ((await (await fetch(`${api}/_local/sms`)).json()) as { messages: { to: string }[] }).messages;
    const byPhone = new Map<string, number>();
    for (const m of gateway) byPhone.set(m.to, (byPhone.get(m.to) ?? 0) + 1);
    const found: Found[] = [];
    await pool(plan, 8, async (p) => {
      const x = played.get(p.index);
      if (!x || x instanceof Error) {
        found.push({ plan: p, error: x?.message ?? 'not played', smsSent: 0, smsDeferred: 0, smsAtGateway: 0 });
        return;
      }
      const view = await driver.view(x.code, x.token, await driver.deskHeaders(p.deskId));
      found.push({ plan: p, code: x.code, status: view.body?.status, owed: view.body?.payments?.owed, ...smsCounts(view.body?.sms ?? []), smsAtGateway: byPhone.get(`+84${x.phone.slice(1)}`) ?? 0 });
    });
    found.sort((a, b) => a.plan.index - b.plan.index);
    // The router makes the last notice from the last event just after the journey ends.
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

/**
 * VmRSS of the local cloud's processes, each apart: its node process (the HTTP front, the
 * emulators s3rver and local-aws-sqs, the functions' worker threads: what `npm start` runs) and
 * DynamoDB Local's JVM; and, for comparison, this process (the replay's driver and agency inbox).
 */
async function memory(cloud: CloudProcess, at: MemorySample['at']): Promise<MemorySample[]> {
  const { node, java } = await cloud.rss();
  return [
    { at, name: 'local cloud node', kb: node },
    { at, name: 'DynamoDB Local (java)', kb: java },
    { at, name: 'replay driver (this node)', kb: await rssOf(process.pid) },
  ];
}

/** Runs `work` over `items` with at most `limit` at a time. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/**
 * The replay cloud's ports: with MOTCUA_TEST_PORT_OFFSET set, 11000 + 4 × offset and the next
 * three (a band no test cloud, `npm start` or OS ephemeral port uses: test/global-setup.ts), so
 * helpers sharing the machine never meet; otherwise four the OS has free now.
 */
async function replayPorts(): Promise<{ http: number; dynamodb: number; s3: number; sqs: number }> {
  const raw = process.env.MOTCUA_TEST_PORT_OFFSET;
  if (raw) {
    const offset = Number(raw);
    if (!Number.isInteger(offset) || offset < 0 || offset > 999) throw new Error(`MOTCUA_TEST_PORT_OFFSET=${raw}: expected an integer 0-999`);
    const base = 11_000 + 4 * offset;
    return { http: base, dynamodb: base + 1, s3: base + 2, sqs: base + 3 };
  }
  const servers = await Promise.all(
    Array.from({ length: 4 }, () =>
      new Promise<ReturnType<typeof createServer>>((resolve) => {
        const s = createServer();
        s.listen(0, '127.0.0.1', () => resolve(s));
      }),
    ),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return { http: ports[0]!, dynamodb: ports[1]!, s3: ports[2]!, sqs: ports[3]! };
}
