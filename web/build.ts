/**
 * Builds the pages: one bundle per app of web/apps.ts (Preact + TSX through esbuild), minified,
 * content-hashed JS and CSS under `assets/`, and an index.html per app, into `outDir` (default
 * web/dist/, gitignored). No source maps unless asked (`sourcemap: true`, development only).
 *
 * Example: `const built = await buildPages(); built.apps[0].js // ['assets/citizen-3FQ2K7.js']`.
 * `tsx web/build.ts [outDir]` builds from the command line.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, buildSync, type BuildOptions, type Metafile } from 'esbuild';
import { pageApps, type PageApp } from './apps.ts';

export const webRoot = path.dirname(fileURLToPath(import.meta.url));
export const defaultPagesDir = path.join(webRoot, 'dist');

export interface BuiltApp extends PageApp {
  /** index.html, relative to the output folder (`citizen/index.html`). */
  html: string;
  /** The entry's JavaScript and CSS files, relative to the output folder. */
  js: string[];
  css: string[];
  /** Chunks the entry imports statically (shared with other apps): preloaded by index.html. */
  chunks: string[];
}

export interface BuiltPages {
  dir: string;
  apps: BuiltApp[];
}

export interface BuildPagesOptions {
  outDir?: string;
  sourcemap?: boolean;
}

function esbuildOptions(outDir: string, sourcemap: boolean): BuildOptions & { metafile: true } {
  return {
    entryPoints: Object.fromEntries(pageApps.map((a) => [a.id, path.join(webRoot, a.id, 'main.tsx')])),
    outdir: outDir,
    entryNames: 'assets/[name]-[hash]',
    chunkNames: 'assets/chunk-[hash]',
    assetNames: 'assets/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    // ES2020 (Chrome 80+, Safari 14+): what the cheap Android phones in use run (module scripts, optional chaining).
    target: 'es2020',
    minify: true,
    sourcemap: sourcemap ? 'linked' : false,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
  };
}

/** The index.html of an app: lang="vi", the viewport of a phone, its hashed CSS and module script. */
export function indexHtml(app: PageApp, js: string[], css: string[], chunks: string[] = []): string {
  return [
    '<!doctype html>',
    '<html lang="vi">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${app.title}</title>`,
    '<meta name="description" content="Tra cứu thủ tục hành chính, nộp và theo dõi hồ sơ qua bưu điện">',
    '<meta name="theme-color" content="#0b4f8a">',
    ...css.map((c) => `<link rel="stylesheet" href="/${c}">`),
    ...js.map((j) => `<script type="module" src="/${j}"></script>`),
    ...chunks.map((c) => `<link rel="modulepreload" href="/${c}">`),
    '</head>',
    '<body>',
    '<div id="app"></div>',
    '<noscript><p>Trang này cần JavaScript. Để tra cứu hồ sơ, gọi tổng đài 1900 54 54 81.</p></noscript>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Every chunk an output imports statically, transitively (what loads before the page runs). */
function staticChunks(metafile: Metafile, file: string, seen = new Set<string>()): string[] {
  for (const i of metafile.outputs[file]?.imports ?? []) {
    if (i.kind !== 'import-statement' || i.external || seen.has(i.path)) continue;
    seen.add(i.path);
    staticChunks(metafile, i.path, seen);
  }
  return [...seen];
}

function finish(outDir: string, metafile: Metafile): BuiltPages {
  const rel = (p: string) => path.relative(outDir, path.resolve(p)).split(path.sep).join('/');
  const apps = pageApps.map((app) => {
    const entry = path.join(webRoot, app.id, 'main.tsx');
    const output = Object.entries(metafile.outputs).find(([, o]) => o.entryPoint && path.resolve(o.entryPoint) === entry);
    if (!output) throw new Error(`pages: no output for ${app.id}`);
    const [jsFile, meta] = output;
    const chunks = staticChunks(metafile, jsFile).map(rel);
    const built: BuiltApp = { ...app, html: `${app.id}/index.html`, js: [rel(jsFile)], css: meta.cssBundle ? [rel(meta.cssBundle)] : [], chunks };
    mkdirSync(path.join(outDir, app.id), { recursive: true });
    writeFileSync(path.join(outDir, built.html), indexHtml(app, built.js, built.css, built.chunks));
    return built;
  });
  const pages = { dir: outDir, apps };
  writeFileSync(path.join(outDir, 'manifest.json'), JSON.stringify({ apps }, null, 2) + '\n');
  return pages;
}

/** Builds every app into a fresh `outDir`. */
export async function buildPages(opts: BuildPagesOptions = {}): Promise<BuiltPages> {
  const outDir = path.resolve(opts.outDir ?? defaultPagesDir);
  rmSync(outDir, { recursive: true, force: true });
  const result = await build(esbuildOptions(outDir, opts.sourcemap ?? false));
  return finish(outDir, result.metafile);
}

/** The same, synchronously (CDK synthesis builds the files BucketDeployment uploads). */
export function buildPagesSync(opts: BuildPagesOptions = {}): BuiltPages {
  const outDir = path.resolve(opts.outDir ?? defaultPagesDir);
  rmSync(outDir, { recursive: true, force: true });
  const result = buildSync(esbuildOptions(outDir, opts.sourcemap ?? false));
  return finish(outDir, result.metafile);
}

/**
 * The pages built into a fresh temporary folder that is removed when the process exits: for
 * `cdk synth`, which stages the folder into cdk.out as an asset during synthesis, so it must live
 * until then, and for the infra tests, which synthesize in parallel (one shared folder would be
 * rebuilt under another synthesis's feet).
 */
export function buildPagesForSynth(): BuiltPages {
  const outDir = mkdtempSync(path.join(tmpdir(), 'motcua-pages-'));
  process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
  return buildPagesSync({ outDir });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = await buildPages({ ...(process.argv[2] ? { outDir: process.argv[2] } : {}) });
  for (const a of built.apps) console.log(`${a.id}: ${[...a.js, ...a.css, a.html].join(', ')}`);
}
