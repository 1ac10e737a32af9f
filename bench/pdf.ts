/**
 * What printing forms costs the functions that do it (issue 13): each API function that renders
 * PDFs against its bare twin, the same entry bundled with shared/app/printables.ts replaced by a
 * stub (no pdfkit, qrcode, bwip-js), so the difference is the renderer's own; and the first and a
 * later form 01 in one cold process, the first paying for reading DejaVu Sans (./fonts.ts reads
 * it on first use, not at init).
 */
import { execFileSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { bundling, repoRoot } from '../infra/bundling.ts';
import type { FunctionId } from '../infra/topology.ts';

/** The functions with a forms route. */
export const renderingFunctions: FunctionId[] = ['public-api', 'counter-api', 'agency-api', 'courier-api'];

const stub: Plugin = {
  name: 'bare-printables',
  setup(b) {
    b.onResolve({ filter: /\/printables\.ts$/ }, () => ({ path: 'printables', namespace: 'bare' }));
    b.onLoad({ filter: /.*/, namespace: 'bare' }, () => ({
      contents: 'const no = () => { throw new Error("bare twin: no PDF"); }; export const printForm = no, printFormAsStaff = no, pdfReply = no, trackingBookPdf = no, printPickupSlipAsPostman = no;',
      loader: 'js',
    }));
  },
};

/** Bundles `entry` as the functions are bundled (infra/bundling.ts), optionally without the renderer. */
export async function bundleEntry(entry: string, outfile: string, bare = false): Promise<string> {
  const { format, platform, target, minify, mainFields } = bundling;
  const plugins = bare ? [stub] : [];
  await build({ entryPoints: [isAbsolute(entry) ? entry : join(repoRoot, entry)], outfile, bundle: true, format, platform, target, minify, mainFields, plugins, banner: { js: bundling.banner }, external: bundling.externalModules, logLevel: 'silent' });
  return outfile;
}

export const kb = (file: string) => `${(statSync(file).size / 1024).toFixed(0)} KB`;

/** First and later render of form 01 in a fresh process, in ms (median over `runs` processes). */
export async function renderTimes(dir: string, runs: number): Promise<{ first: number; next: number }> {
  const entry = join(dir, 'render-entry.ts');
  writeFileSync(
    entry,
    `import { receiptSlip } from ${JSON.stringify(join(repoRoot, 'shared/pdf/layouts.ts'))};
import { renderPdf } from ${JSON.stringify(join(repoRoot, 'shared/pdf/render.ts'))};
import { sampleReceiptSlip } from ${JSON.stringify(join(repoRoot, 'test/support/pdf.ts'))};
const form = receiptSlip(sampleReceiptSlip(new Date('2026-12-02T02:00:00Z')));
const t0 = performance.now(); await renderPdf(form); const t1 = performance.now(); await renderPdf(form); const t2 = performance.now();
console.log(JSON.stringify({ first: t1 - t0, next: t2 - t1 }));`,
  );
  const outfile = await bundleEntry(entry, join(dir, 'render.mjs'));
  // The bundle sits outside the repository: the fonts are found as a Lambda package would ship them.
  const fontDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  const run = () => execFileSync(process.execPath, [outfile], { env: { ...process.env, MOTCUA_FONT_DIR: fontDir } }).toString();
  const samples = Array.from({ length: runs }, () => JSON.parse(run()) as { first: number; next: number });
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { first: median(samples.map((s) => s.first)), next: median(samples.map((s) => s.next)) };
}
