import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/bundling.ts';
import { freePorts, tempDir } from './support.ts';

const free = await freePorts();
// main.ts reads its ports from the environment, as `npm start` does.
const ports = { PORT: String(free.http), DYNAMODB_PORT: String(free.dynamodb), S3_PORT: String(free.s3), SQS_PORT: String(free.sqs) };

/** pid, parent pid and command line of every process. */
function processes(): { pid: number; ppid: number; args: string }[] {
  return execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [, pid, ppid, args] = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line)!;
      return { pid: Number(pid), ppid: Number(ppid), args: args! };
    });
}
function descendants(root: number): { pid: number; args: string }[] {
  const all = processes();
  const out: { pid: number; args: string }[] = [];
  const walk = (pid: number) => {
    for (const p of all.filter((x) => x.ppid === pid)) {
      out.push(p);
      walk(p.pid);
    }
  };
  walk(root);
  return out;
}
/** Running, that is: not gone and not a zombie (exited, waiting for a parent that never reaps it). */
const alive = (pid: number) => {
  try {
    return !execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim().startsWith('Z');
  } catch {
    return false; // ps exits 1 when the pid does not exist
  }
};

/** Every process the tests started: a test that fails half-way must not leave its cloud to the next. */
const started: ChildProcess[] = [];
afterAll(() => {
  // Only if a test failed half-way: never leave a process we started behind. SIGTERM, which
  // main.ts answers by stopping DynamoDB Local too (SIGKILL would leave its JVM running).
  for (const c of started) if (c.pid && c.exitCode === null) c.kill('SIGTERM');
});

/**
 * Starts `npm start` (main.ts) with `args` on this file's ports and waits for its ready line:
 * the child, its output so far, its exit, and the API URL it printed.
 */
async function startMain(args: string[], dataDir: string, waitMs: number) {
  const proc = spawn(path.join(repoRoot, 'node_modules/.bin/tsx'), ['infra/local/main.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...ports, MOTCUA_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(proc);
  let output = '';
  proc.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const since = Date.now();
  while (!/motcua local cloud ready: (\S+)/.test(output)) {
    if (proc.exitCode !== null || Date.now() - since > waitMs) throw new Error(`no ready line within ${waitMs / 1000} s:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { proc, output: () => output, exited, api: /motcua local cloud ready: (\S+)/.exec(output)![1]! };
}

describe('npm start (infra/local/main.ts)', () => {
  it('prints the endpoints and a ready line, and leaves no process behind after SIGTERM', async () => {
    const dataDir = await tempDir('main');
    // Bundling 15 functions takes about 11 s on an idle 2-core machine; the whole suite runs beside it.
    const main = await startMain(['--reset'], dataDir, 90_000);
    const { api, exited } = main;
    const output = main.output();
    expect(api).toBe(`http://127.0.0.1:${ports.PORT}`);
    expect(output).toContain(`export AWS_ENDPOINT_URL_SQS=http://127.0.0.1:${ports.SQS_PORT}`);
    expect(output).toContain(`export AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:${ports.DYNAMODB_PORT}`);
    expect(output).toMatch(new RegExp(`gl-stp\\s+http://127\\.0\\.0\\.1:${ports.SQS_PORT}/\\d+/motcua-agency-gl-stp\\.fifo`));
    expect(output).toContain(`data:      ${dataDir}`);
    expect(output).toMatch(/clock: {5}\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d Asia\/Ho_Chi_Minh \(\S+ UTC\), real time /);
    expect(output).toMatch(/release-held-dossiers\s+rate\(1 hour\) -> rollout, every 1 hour, first run at \d{4}-/);
    expect(output).toContain(`run now: POST ${api}/_local/schedules/release-held-dossiers`);
    // The courier partner stand-in answers where it says it listens (its calls: none yet).
    const partner = /courier: {3}partner stand-in (http:\/\/127\.0\.0\.1:\d+) /.exec(output)?.[1];
    expect(partner).toBeDefined();
    expect(await (await fetch(`${partner}/_partner/calls`)).json()).toEqual({ calls: [] });
    const notFound = await fetch(`${api}/v1/nowhere`);
    expect([notFound.status, await notFound.json()]).toEqual([404, { message: 'Not Found' }]);
    const tree = descendants(main.proc.pid!);
    expect(tree.some((p) => p.args.includes('DynamoDBLocal.jar') && p.args.includes(`-port ${ports.DYNAMODB_PORT}`))).toBe(true);

    main.proc.kill('SIGTERM');

    expect(await exited).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(tree.filter((p) => alive(p.pid))).toEqual([]);
    expect(processes().filter((p) => alive(p.pid) && (p.args.includes(dataDir) || p.args.includes(`-port ${ports.DYNAMODB_PORT}`)))).toEqual([]);
    await rm(dataDir, { recursive: true, force: true });
  }, 150_000);

  it('refuses a --clock without its offset before starting anything', () => {
    let failure: { status: number; stderr: string } | undefined;
    try {
      execFileSync(path.join(repoRoot, 'node_modules/.bin/tsx'), ['infra/local/main.ts', '--clock', '2026-08-28T10:00:00'], { cwd: repoRoot, env: { ...process.env, ...ports }, stdio: 'pipe', encoding: 'utf8' });
    } catch (err) {
      failure = err as { status: number; stderr: string };
    }
    expect(failure?.status).toBe(2);
    expect(failure?.stderr).toContain('"2026-08-28T10:00:00" is not an ISO 8601 instant with an offset');
  });

  it('with --clock 2026-08-28T10:00:00+07:00 --clock-speed 60, prints the clock in Vietnam time and UTC, and the API reads it', async () => {
    const dataDir = await tempDir('main-clock');
    const main = await startMain(['--reset', '--clock', '2026-08-28T10:00:00+07:00', '--clock-speed', '60'], dataDir, 90_000);
    const { api, exited } = main;
    const output = main.output();
    // Printed a little after the start, at 60 times the real pace: still 28/08/2026 10:0x in Vietnam.
    expect(output).toMatch(/clock: {5}28\/08\/2026 10:0\d:\d\d Asia\/Ho_Chi_Minh \(2026-08-28T03:0\d:\d\d\.\d{3}Z UTC\), simulated, ×60/);
    expect(output).toMatch(/rate\(1 hour\) -> rollout, every 1 hour \(time ×60\), first run at \S+ \(clock time 2026-08-28T0\d:/);
    const clock = (await (await fetch(`${api}/_local/clock`)).json()) as { now: string; speed: number };
    expect(clock.speed).toBe(60);
    expect(Date.parse(clock.now) - Date.parse('2026-08-28T03:00:00Z')).toBeLessThan(60 * 60_000);

    main.proc.kill('SIGTERM');
    expect(await exited).toBe(0);
    await rm(dataDir, { recursive: true, force: true });
  }, 150_000);
});
