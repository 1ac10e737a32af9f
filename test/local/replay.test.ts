/**
 * `npm run replay` (infra/local/replay/main.ts) as a person runs it: a small day of 12 dossiers
 * (every channel, both deliveries, with and without a supplement: plan.ts `journeys`) on its own
 * local cloud, the clock at Wed 02/12/2026 08:00 (Asia/Ho_Chi_Minh, the first working day after
 * 01/12/2026). Its report must show nothing lost or duplicated and every dossier returned.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/bundling.ts';
import { journeys, planReplay } from '../../infra/local/replay/plan.ts';

let child: ReturnType<typeof spawn> | undefined;
// A test that fails half-way must not leave its cloud behind (SIGINT: the replay stops it).
afterAll(() => {
  if (child?.exitCode === null) child.kill('SIGINT');
});

/** Runs the replay to its end: exit code and everything it printed. */
function replay(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    child = spawn(path.join(repoRoot, 'node_modules/.bin/tsx'), ['infra/local/replay/main.ts', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (b) => (out += b));
    child.stderr!.on('data', (b) => (out += b));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('npm run replay', () => {
  it('plans every journey in a small run, the same for the same seed', () => {
    const plan = planReplay({ perDay: 12, days: 1, seed: 7 });
    for (const j of journeys) expect(plan.some((p) => p.channel === j.channel && p.delivery === j.delivery && p.supplement === j.supplement)).toBe(true);
    expect(planReplay({ perDay: 12, days: 1, seed: 7 })).toEqual(plan);
  });

  it('drives 12 dossiers to the end and reports 0 lost, 0 duplicated, every dossier returned', async () => {
    const { code, out } = await replay(['--dossiers', '12', '--concurrency', '6', '--seed', '7']);
    expect(out).toContain('dossiers in their expected state: 12 of 12');
    expect(out).toMatch(/^ {2}returned +12 \/ +12$/m);
    expect(out).toMatch(/agency messages: planned \d+, received \d+, lost 0, duplicated 0, unexpected 0/);
    expect(out).toMatch(/SMS: [1-9]\d* recorded by the local gateway/);
    expect(out).toMatch(/throughput: 12 dossiers in /);
    expect(out).toMatch(/DynamoDB Local \(pid \d+\) +\d+ MB/);
    expect(out).toContain('replay: every check passed');
    expect(code).toBe(0);
  }, 150_000);
});
