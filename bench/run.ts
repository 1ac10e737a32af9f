/**
 * Benchmarks (not tests): P1, every function of the topology against its bare twin (bundle and
 * module init ratios, bench/p1.ts); the PDF line (bench/pdf.ts); P2, intake against raw PutItem
 * and submit → agency queue (bench/p2.ts); P3, the replay of 5,000 and of 10,000 dossiers
 * (bench/p3.ts); P4, the cost per dossier lifecycle (bench/p4.ts); the pages' gzipped JS and CSS
 * against their budget (bench/pages.ts).
 * `npm run bench [-- --runs 9]` runs them all; `-- --p1`, `--pdf`, `--p2`, `--p3`, `--p4`, `--pages`
 * (combinable) run only those. P2: `--large` for 2,000 creates and 2,000 routed dossiers (default
 * 400 and 300). P3: `--p3-dossiers N` for N and 2N (default 5,000), `--p3-concurrency C` (default
 * 16). P4: `--lifecycles N` (default 5). A run with P1–P4 writes bench/report.md and bench/report.svg;
 * a run of fewer parts writes bench/report-<parts>.md and .svg (e.g. `--pages`: report-pages.md).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { environmentFor, topology } from '../infra/topology.ts';
import { machineLine } from './bench-cloud.ts';
import { p1, p1Table, timeImport } from './p1.ts';
import { p2, p2Bars, p2Lines } from './p2.ts';
import { p3, p3Bars, p3Lines } from './p3.ts';
import { p4, p4Bars, p4Lines } from './p4.ts';
import { bundleEntry, kb, renderTimes, renderingFunctions } from './pdf.ts';
import { pagesBars, pagesLines, pagesWeights } from './pages.ts';
import { writeReport, type Bar } from './report.ts';

const argv = process.argv;
const flag = (name: string) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : undefined);
const runs = flag('--runs') || 7;
const chosen = ['--p1', '--pdf', '--p2', '--p3', '--p4', '--pages'].filter((f) => argv.includes(f));
const wants = (f: string) => chosen.length === 0 || chosen.includes(f);
const large = argv.includes('--large');
const machine = machineLine();
const sections: string[][] = [];
const bars: Bar[] = [];
console.log(`machine: ${machine}\n`);
const t = topology();
const out = mkdtempSync(join(tmpdir(), 'motcua-bench-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const p1Rows = wants('--p1') ? await p1(t, out, runs) : [];
if (wants('--p1')) {
  console.log(`P1: node ${process.version}, ${runs} interleaved cold imports each (function, twin, …), medians`);
  console.log('bundle = what a cold start loads: the entry file and the chunks it imports statically (lazily loaded chunks not counted)');
  console.log('twin = a handler importing the same AWS SDK packages, each client constructed at module scope; targets: bundle ≤ 1.15×, init ≤ 1.2×\n');
  console.log(p1Table(p1Rows));
  sections.push([`P1: ${runs} interleaved cold imports each, medians; targets bundle ≤ 1.15×, init ≤ 1.2× the bare twin`, '', p1Table(p1Rows)]);
}
if (wants('--p2')) {
  const r = await p2({ intakeRequests: large ? 2000 : 400, routedDossiers: large ? 2000 : 300, log: (l) => console.log(l) });
  const lines = p2Lines(r);
  console.log(`\n${lines.join('\n')}\n`);
  sections.push(lines);
  bars.push(...p2Bars(r));
}
if (wants('--p3')) {
  const r = await p3({ small: flag('--p3-dossiers') || 5000, concurrency: flag('--p3-concurrency') || 16, log: (l) => console.log(l) });
  const lines = p3Lines(r);
  console.log(`\n${lines.join('\n')}\n`);
  sections.push(lines);
  bars.push(...p3Bars(r));
}
if (wants('--p4')) {
  const r = await p4({ dossiers: flag('--lifecycles') || 5, log: (l) => console.log(l) });
  const lines = p4Lines(r);
  console.log(`\n${lines.join('\n')}\n`);
  sections.push(lines);
  bars.push(...p4Bars(r));
}
if (wants('--pages')) {
  const rows = await pagesWeights();
  const lines = pagesLines(rows);
  console.log(`\n${lines.join('\n')}\n`);
  sections.push(lines);
  bars.push(...pagesBars(rows));
}
if (sections.length) {
  const whole = ['--p1', '--p2', '--p3', '--p4'].every(wants);
  const written = writeReport(machine, sections, bars, whole ? undefined : chosen.filter((f) => f !== '--pdf').map((f) => f.slice(2)));
  console.log(`report: ${written.markdown}${bars.length ? `, ${written.svg}` : ''}`);
}
if (!wants('--pdf')) {
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
