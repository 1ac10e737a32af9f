/**
 * `npm run replay` (infra/local/replay/main.ts) as a person runs it: 40 dossiers of the default
 * dataset (every channel × outcome: accepted and completed at the counter or by post, supplement,
 * refusal at reception and by the agency, withdrawal; cash and online payments) on its own local
 * cloud, the clock at Wed 02/12/2026 08:00 (Asia/Ho_Chi_Minh, the first working day after
 * 01/12/2026). Its report must show every check passed: nothing lost or duplicated, every dossier
 * in the state its plan says. The plan itself is checked for both datasets.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/bundling.ts';
import { channels, coverage, outcomes, planReplay } from '../../infra/local/replay/plan.ts';
import { datasetIds, province } from '../../shared/province/index.ts';

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
  it.each(datasetIds)('plans every channel × outcome in 40 dossiers of %s, and every live unit and agency in 300, the same for the same seed', (dataset) => {
    const data = province(dataset);
    const plan = planReplay(data, { total: 40, dates: ['2026-12-02'], seed: 7 });
    for (const channel of channels)
      for (const outcome of outcomes) if (outcome !== 'refused-at-reception' || channel === 'online') expect(plan.some((p) => p.channel === channel && p.outcome === outcome), `${channel} ${outcome}`).toBe(true);
    expect(new Set(plan.map((p) => p.delivery))).toEqual(new Set(['post', 'counter']));
    expect(new Set(plan.map((p) => p.payment))).toContain('online');
    expect(planReplay(data, { total: 40, dates: ['2026-12-02'], seed: 7 })).toEqual(plan);
    const wide = coverage(data, planReplay(data, { total: 300, dates: ['2026-12-02', '2026-12-03'], seed: 7 }));
    expect(wide.units[0]).toBe(wide.units[1]);
    expect(wide.agencies[0]).toBe(wide.agencies[1]);
  });

  it('drives 40 dossiers to the end and reports every check passed: 0 lost, 0 duplicated, every dossier in its planned state', async () => {
    const { code, out } = await replay(['--dossiers', '40', '--concurrency', '8', '--seed', '7']);
    expect(out).toContain('dossiers in their expected state: 40 of 40');
    for (const state of ['returned', 'refused', 'withdrawn']) expect(out).toMatch(new RegExp(`^ {2}${state} +(\\d+) / +\\1$`, 'm'));
    expect(out).toMatch(/agency messages: planned \d+, received \d+, lost 0, duplicated 0, unexpected 0/);
    expect(out).toMatch(/agency messages redelivered \(the same SQS message again after its visibility timeout; at-least-once, absorbed by messageId\): \d+/);
    expect(out).toMatch(/SMS: [1-9]\d* recorded by the local gateway, \d+ sent by the dossiers' account, lost 0, duplicated 0/);
    expect(out).toMatch(/payments: \d+ cash, [1-9]\d* online through the gateway; 0 of \d+ still owing/);
    expect(out).toMatch(/throughput: 40 dossiers in /);
    // The cloud runs in a process of its own: its memory and the driver's apart.
    expect(out).toMatch(/^ {2}local cloud node +\d+ +\d+ +\d+$/m);
    expect(out).toMatch(/replay driver \(this node\) +\d+ +\d+ +\d+/);
    expect(out).toMatch(/DynamoDB Local \(java\) +\d+ +\d+ +\d+/);
    expect(out).toContain('replay: every check passed');
    expect(code).toBe(0);
  }, 400_000);
});
