/**
 * Benchmarks (not tests): for every function in the topology, the bundle size (esbuild, the same
 * options as CDK and the local runner) and the module init time (cold import in a fresh Node
 * process, median of several runs). `npm run bench [-- --runs 9]`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleFunction } from '../infra/local/lambda.ts';
import { environmentFor, topology, type FunctionId } from '../infra/topology.ts';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 7;
const t = topology();
const out = mkdtempSync(join(tmpdir(), 'motcua-bench-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Node process start + import of an empty module: subtracted to leave the module's own init. */
function timeImport(file: string, env: Record<string, string>): number {
  const script = `const t0 = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t0);`;
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...env, AWS_REGION: 'ap-southeast-1' } });
  return Number(stdout.toString().trim());
}

const rows: string[][] = [];
for (const id of Object.keys(t.functions) as FunctionId[]) {
  const spec = t.functions[id];
  const outfile = await bundleFunction(out, id, spec);
  const env = environmentFor(t, id);
  const times = Array.from({ length: runs }, () => timeImport(outfile, env));
  rows.push([id, `${(statSync(outfile).size / 1024).toFixed(0)} KB`, `${median(times).toFixed(1)} ms`, `${Math.min(...times).toFixed(1)}–${Math.max(...times).toFixed(1)} ms`]);
}
rmSync(out, { recursive: true, force: true });

console.log(`node ${process.version}, ${runs} cold imports per function\n`);
console.log(['function', 'bundle (minified ESM)', 'init median', 'init range'].join(' | '));
console.log('--- | --- | --- | ---');
for (const r of rows) console.log(r.join(' | '));
