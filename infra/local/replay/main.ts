/**
 * `npm run replay -- [--dossiers N] [--days D] [--seed S] [--concurrency C] [--dataset ID]`: N
 * dossiers in all (default 200) over D working days on the settable clock, drawn across every live
 * unit, every agency with procedures and every channel of the province data the cloud runs, on a
 * local cloud of its own (./run.ts). At the end it checks what it finds against the plan and prints
 * the figures (./report.ts). Exit code 1 if any check fails.
 */
import { parseArgs } from 'node:util';
import { runReplay, stopRunning } from './run.ts';

const { values } = parseArgs({
  options: {
    dossiers: { type: 'string', default: '200' },
    days: { type: 'string', default: '1' },
    seed: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '8' },
    dataset: { type: 'string' },
  },
});

process.on('SIGINT', () => void Promise.resolve(stopRunning()).finally(() => process.exit(130)));
let exitCode = 1;
try {
  const out = await runReplay({
    dossiers: positiveInt('dossiers', values.dossiers),
    days: positiveInt('days', values.days),
    seed: positiveInt('seed', values.seed, 0),
    concurrency: positiveInt('concurrency', values.concurrency),
    ...(values.dataset ? { dataset: values.dataset } : {}),
  });
  console.log(out.lines.join('\n'));
  exitCode = out.checks.ok ? 0 : 1;
} catch (err) {
  console.error(`replay failed: ${(err as Error).stack ?? err}`);
}
process.exit(exitCode);

function positiveInt(name: string, raw: string | undefined, min = 1): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    console.error(`replay: --${name} ${raw}: expected a whole number ≥ ${min}`);
    process.exit(2);
  }
  return n;
}
