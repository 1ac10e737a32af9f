/**
 * Benchmarks (not tests): P1, every function of the topology against its bare twin (bundle and
 * module init ratios, bench/p1.ts); then the PDF line (bench/pdf.ts). `npm run bench [-- --runs 9]`,
 * `-- --p1` for P1 alone, `-- --pdf` for the PDF line alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { environmentFor, topology } from '../infra/topology.ts';
import { p1, p1Table, timeImport } from './p1.ts';
import { bundleEntry, kb, renderTimes, renderingFunctions } from './pdf.ts';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 7;
const pdfOnly = process.argv.includes('--pdf');
const p1Only = process.argv.includes('--p1');
const t = topology();
const out = mkdtempSync(join(tmpdir(), 'motcua-bench-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const p1Rows = pdfOnly ? [] : await p1(t, out, runs);
if (!pdfOnly) {
  console.log(`P1: node ${process.version}, ${runs} interleaved cold imports each (function, twin, …), medians`);
  console.log('bundle = what a cold start loads: the entry file and the chunks it imports statically (lazily loaded chunks not counted)');
  console.log('twin = a handler importing the same AWS SDK packages, each client constructed at module scope; targets: bundle ≤ 1.15×, init ≤ 1.2×\n');
  console.log(p1Table(p1Rows));
}
if (p1Only) {
  rmSync(out, { recursive: true, force: true });
  process.exit(0);
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


console.log(`\nPDF forms: with the renderer against the bare twin (shared/app/printables.ts stubbed)\n`);
console.log(['function', 'bundle', 'bare twin', 'init median', 'bare init median'].join(' | '));
console.log('--- | --- | --- | --- | ---');
for (const r of pdfRows) console.log(r.join(' | '));
console.log(`\nform 01 in a cold process: first ${render.first.toFixed(0)} ms (reads DejaVu Sans, 1.4 MB), then ${render.next.toFixed(0)} ms (medians of ${runs})`);
