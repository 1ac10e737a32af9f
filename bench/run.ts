/**
 * Benchmarks (not tests): for every function in the topology, the bundle size (esbuild, the same
 * options as CDK and the local runner) and the module init time (cold import in a fresh Node
 * process, median of several runs); then the PDF line (bench/pdf.ts). `npm run bench [-- --runs 9]`,
 * `-- --pdf` for the PDF line alone.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleFunction } from '../infra/local/lambda.ts';
import { environmentFor, topology, type FunctionId } from '../infra/topology.ts';
import { bundleEntry, kb, renderTimes, renderingFunctions } from './pdf.ts';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 7;
const pdfOnly = process.argv.includes('--pdf');
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
for (const id of pdfOnly ? [] : (Object.keys(t.functions) as FunctionId[])) {
  const spec = t.functions[id];
  const outfile = await bundleFunction(out, id, spec);
  const env = environmentFor(t, id);
  const times = Array.from({ length: runs }, () => timeImport(outfile, env));
  rows.push([id, `${(statSync(outfile).size / 1024).toFixed(0)} KB`, `${median(times).toFixed(1)} ms`, `${Math.min(...times).toFixed(1)}–${Math.max(...times).toFixed(1)} ms`]);
}

// The PDF line: the functions that render forms against their bare twins (bench/pdf.ts).
const pdfRows: string[][] = [];
for (const id of renderingFunctions) {
  const env = environmentFor(t, id);
  const full = await bundleEntry(t.functions[id].entry, join(out, 'pdf', id, 'full.mjs'));
  const bare = await bundleEntry(t.functions[id].entry, join(out, 'pdf', id, 'bare.mjs'), true);
  // Interleaved, so a busy moment of the machine falls on both alike.
  const pairs = Array.from({ length: runs }, () => [timeImport(full, env), timeImport(bare, env)] as const);
  const [a, b] = [median(pairs.map((p) => p[0])), median(pairs.map((p) => p[1]))];
  pdfRows.push([id, kb(full), kb(bare), `${a!.toFixed(1)} ms`, `${b!.toFixed(1)} ms`]);
}
const render = await renderTimes(out, runs);
rmSync(out, { recursive: true, force: true });

console.log(`node ${process.version}, ${runs} cold imports per function\n`);
console.log(['function', 'bundle (minified ESM)', 'init median', 'init range'].join(' | '));
console.log('--- | --- | --- | ---');
for (const r of rows) console.log(r.join(' | '));

console.log(`\nPDF forms: with the renderer against the bare twin (shared/app/printables.ts stubbed)\n`);
console.log(['function', 'bundle', 'bare twin', 'init median', 'bare init median'].join(' | '));
console.log('--- | --- | --- | --- | ---');
for (const r of pdfRows) console.log(r.join(' | '));
console.log(`\nform 01 in a cold process: first ${render.first.toFixed(0)} ms (reads DejaVu Sans, 1.4 MB), then ${render.next.toFixed(0)} ms (medians of ${runs})`);
