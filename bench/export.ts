/**
 * What the XLSX export costs a function (issue 14): four tiny handlers bundled as the functions
 * are (infra/bundling.ts, through bench/pdf.ts bundleEntry): bare, CSV only, XLSX with exceljs
 * loaded on the first export (shared/export/xlsx.ts), and exceljs imported eagerly for comparison;
 * the bundle size, the module init (cold import in a fresh process) and the first and a later
 * export of a 200-row report in that process. `npx tsx bench/export.ts [--runs 7]`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repoRoot } from '../infra/bundling.ts';
import { bundleEntry, kb } from './pdf.ts';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 7;
const out = mkdtempSync(join(tmpdir(), 'motcua-bench-export-'));
const at = (path: string) => JSON.stringify(join(repoRoot, path));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const sheet = `const sheet = { name: 'Theo cơ quan', columns: [
  { header: 'Cơ quan giải quyết', kind: 'text', value: (r) => r.agency },
  { header: 'Ngày', kind: 'date', value: (r) => r.day },
  { header: 'Tỷ lệ đúng hạn', kind: 'percent', value: (r) => r.rate },
  { header: 'Phí, lệ phí đã thu (đồng)', kind: 'money', value: (r) => r.fees },
], rows: Array.from({ length: 200 }, (_, i) => ({ agency: 'Sở Tư pháp ' + i, day: '2026-12-01', rate: i / 200, fees: i * 1000 })) };`;

const entries: Record<string, string> = {
  bare: `export const handler = async () => ({ statusCode: 200, body: '[]' });`,
  csv: `import { toCsv } from ${at('shared/export/csv.ts')};\n${sheet}\nexport const handler = async () => toCsv(sheet);`,
  'xlsx (lazy)': `import { toXlsx } from ${at('shared/export/xlsx.ts')};\n${sheet}\nexport const handler = async () => toXlsx([sheet]);`,
  // The entries live outside the repository: exceljs by its resolved path.
  'exceljs eager': `import ExcelJS from ${JSON.stringify(createRequire(import.meta.url).resolve('exceljs'))};\nexport const handler = async () => new ExcelJS.Workbook().xlsx.writeBuffer();`,
};

/** Init, first and next call of the handler in a fresh process, in ms. */
function timeOnce(file: string): { init: number; first: number; next: number } {
  const script = `const t0 = performance.now(); const m = await import(${JSON.stringify(file)}); const t1 = performance.now();
await m.handler(); const t2 = performance.now(); await m.handler(); const t3 = performance.now();
console.log(JSON.stringify({ init: t1 - t0, first: t2 - t1, next: t3 - t2 }));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script]).toString());
}

console.log(['handler', 'bundle (minified ESM)', 'init median', 'first call', 'next call'].join(' | '));
for (const [name, code] of Object.entries(entries)) {
  const entry = join(out, `${name.replace(/\W+/g, '-')}.ts`);
  writeFileSync(entry, code);
  const outfile = await bundleEntry(entry, entry.replace(/\.ts$/, '.mjs'));
  const samples = Array.from({ length: runs }, () => timeOnce(outfile));
  const m = (k: 'init' | 'first' | 'next') => `${median(samples.map((s) => s[k])).toFixed(1)} ms`;
  console.log([name, kb(outfile), m('init'), m('first'), m('next')].join(' | '));
}
rmSync(out, { recursive: true, force: true });
