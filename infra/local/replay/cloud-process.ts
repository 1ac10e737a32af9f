/**
 * The replay's local cloud in a process of its own: `npm start`'s entry (infra/local/main.ts,
 * `--quiet`) with a fresh data folder, the given ports, timers off and the settable clock, so the
 * memory the replay reports is the cloud's and not the driver's. The replay learns the endpoints
 * as an outside client does, from the `export AWS_…` lines and the ready line it prints; it drives
 * the clock and the courier partner stand-in through their local HTTP controls.
 *
 * Example: `const cloud = await startCloudProcess({ dataDir, ports, clockAt }); …; await cloud.stop();`
 */
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { repoRoot } from '../../bundling.ts';
import type { RecordedCall } from '../courier-partner.ts';
import type { PostmanScript } from '../postman.ts';

export interface CloudProcessOptions {
  dataDir: string;
  /** The province dataset (PROVINCE_DATASET, as for `npm start`). */
  dataset: string;
  ports: { http: number; dynamodb: number; s3: number; sqs: number };
  /** The clock at the start (an ISO 8601 instant with its offset). */
  clockAt: string;
  /** The postman's script and how often he tries a step answered 5xx. */
  postman: { script: PostmanScript; retries: number };
  /** Start-up limit (every function is bundled first). */
  startTimeoutMs?: number;
}

export interface CloudProcess {
  pid: number;
  api: string;
  /** What the cloud printed for an outside client: AWS_ENDPOINT_URL_SQS, AWS_REGION, credentials… */
  env: Record<string, string>;
  setClock(at: string, speed: number): Promise<void>;
  /** Every call the courier partner stand-in recorded. */
  courierCalls(): Promise<RecordedCall[]>;
  /** VmRSS in kB of the cloud's node process and of DynamoDB Local's JVM (undefined once gone). */
  rss(): Promise<{ node: number | undefined; java: number | undefined }>;
  /** SIGTERM (the cloud stops DynamoDB Local itself), SIGKILL to both after `graceMs`. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

const readyLine = 'motcua local cloud ready: ';

/** Starts the cloud's process and resolves once it prints its ready line; rejects (with its last output) if it exits or times out first. */
export async function startCloudProcess(opts: CloudProcessOptions): Promise<CloudProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'infra/local/main.ts', '--reset', '--quiet', '--clock', opts.clockAt, '--postman-retries', String(opts.postman.retries)],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        MOTCUA_DATA_DIR: opts.dataDir,
        PROVINCE_DATASET: opts.dataset,
        PORT: String(opts.ports.http),
        DYNAMODB_PORT: String(opts.ports.dynamodb),
        S3_PORT: String(opts.ports.s3),
        SQS_PORT: String(opts.ports.sqs),
        // No timers: the deadline watch's reminders are not in the plan (a day of minutes, not hours).
        MOTCUA_SCHEDULES: 'off',
      },
    },
  );
  const tail: string[] = [];
  const env: Record<string, string> = {};
  let api: string | undefined;
  let javaPid: number | undefined;
  let exited = child.exitCode !== null;
  // Should this process end without stopping it (an uncaught error), the cloud stops too: SIGTERM lets it stop its JVM.
  const orphaned = () => void (exited || child.kill('SIGTERM'));
  process.once('exit', orphaned);
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), process.off('exit', orphaned), resolve())));

  const kill = async (graceMs: number) => {
    if (!exited) child.kill('SIGTERM');
    const timer = new Promise<'late'>((r) => setTimeout(() => r('late'), graceMs).unref());
    if ((await Promise.race([exit, timer])) === 'late') {
      child.kill('SIGKILL');
      await exit;
    }
    // A killed cloud cannot stop its JVM: the replay does (it started it, through the cloud).
    if (javaPid !== undefined && (await rssOf(javaPid)) !== undefined) process.kill(javaPid, 'SIGKILL');
  };

  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the local cloud did not start within ${opts.startTimeoutMs ?? 300_000} ms`)), opts.startTimeoutMs ?? 300_000);
      let buffered = '';
      const onLine = (line: string) => {
        tail.push(line);
        if (tail.length > 40) tail.shift();
        const exported = /^export (AWS_[A-Z0-9_]+)=(.*)$/.exec(line);
        if (exported) env[exported[1]!] = exported[2]!;
        if (line.startsWith(readyLine)) {
          api = line.slice(readyLine.length).trim();
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', (b: Buffer) => {
        buffered += b.toString('utf8');
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        lines.forEach(onLine);
      });
      child.stderr!.on('data', (b: Buffer) => {
        for (const line of b.toString('utf8').split('\n').filter(Boolean)) tail.push(line);
        while (tail.length > 40) tail.shift();
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the local cloud exited (${signal ?? code}) before it was ready:\n${tail.join('\n')}`));
      });
    });
    javaPid = await findJava(child.pid!, opts.dataDir);
    const partner = ((await (await fetch(`${api}/_local/courier-partner`)).json()) as { url: string }).url;
    await ok(await fetch(`${partner}/_partner/script`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(opts.postman.script) }), 'postman script');

    let stopping: Promise<void> | undefined;
    return {
      pid: child.pid!,
      api: api!,
      env,
      setClock: async (at, speed) => ok(await fetch(`${api}/_local/clock`, { method: 'PUT', body: JSON.stringify({ at, speed }) }), 'clock'),
      courierCalls: async () => ((await (await fetch(`${partner}/_partner/calls`)).json()) as { calls: RecordedCall[] }).calls,
      rss: async () => ({ node: await rssOf(child.pid!), java: javaPid === undefined ? undefined : await rssOf(javaPid) }),
      stop: (graceMs = 60_000) => (stopping ??= kill(graceMs)),
    };
  } catch (err) {
    await kill(30_000);
    throw err;
  }
}

async function ok(res: Response, what: string): Promise<void> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what}: the local cloud answered ${res.status} ${text.slice(0, 200)}`);
}

/** VmRSS of a process in kB, undefined when it is gone. */
export async function rssOf(pid: number): Promise<number | undefined> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
  return kb === undefined ? undefined : Number(kb);
}

/** DynamoDB Local's JVM: the java process below `parent` whose command line names the data folder. */
async function findJava(parent: number, dataDir: string): Promise<number | undefined> {
  const below = new Set([parent]);
  // Two passes: the JVM may hang under a shell the emulator's package starts.
  for (let pass = 0; pass < 2; pass++) {
    for (const entry of await readdir('/proc')) {
      const pid = Number(entry);
      if (!Number.isInteger(pid) || below.has(pid)) continue;
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
      // Field 4 (after the parenthesised name, which may hold spaces) is the parent's pid.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (below.has(ppid)) below.add(pid);
    }
  }
  for (const pid of below) {
    if (pid === parent) continue;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes('java') && cmdline.includes(dataDir)) return pid;
  }
  return undefined;
}
