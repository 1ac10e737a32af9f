/**
 * The pages' weight (`npm run bench -- --pages`): each app of web/apps.ts built as `npm start`
 * and the CDK deployment build it, its JavaScript (entry and the chunks it imports statically)
 * and CSS gzipped (level 9; CloudFront compresses with gzip or Brotli, Brotli a little smaller),
 * against a budget for a cheap Android phone on a 3G connection.
 *
 * Budget: 50 KB of JavaScript and 10 KB of CSS gzipped per page. On "slow 3G" (400 kbit/s, the
 * throttling profile of Chrome's DevTools) 60 KB take about 1.2 s to arrive after the HTML. The
 * phone's parse and compile time is not measured here.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildPages } from '../web/build.ts';
import type { Bar } from './report.ts';

export const pagesBudget = { jsGzipBytes: 50 * 1024, cssGzipBytes: 10 * 1024 };

export interface PageWeight {
  app: string;
  base: string;
  jsBytes: number;
  jsGzipBytes: number;
  cssBytes: number;
  cssGzipBytes: number;
}

export async function pagesWeights(): Promise<PageWeight[]> {
  const out = mkdtempSync(path.join(tmpdir(), 'motcua-bench-pages-'));
  try {
    const built = await buildPages({ outDir: out });
    const sizes = (files: string[]) => {
      const contents = files.map((f) => readFileSync(path.join(out, f)));
      return { raw: contents.reduce((n, c) => n + c.length, 0), gzip: contents.reduce((n, c) => n + gzipSync(c, { level: 9 }).length, 0) };
    };
    return built.apps.map((a) => {
      const js = sizes([...a.js, ...a.chunks]);
      const css = sizes(a.css);
      return { app: a.id, base: a.base, jsBytes: js.raw, jsGzipBytes: js.gzip, cssBytes: css.raw, cssGzipBytes: css.gzip };
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

export function pagesLines(rows: PageWeight[]): string[] {
  return [
    `Pages: each app's JavaScript (entry + static chunks) and CSS, minified, gzipped (level 9); budget per page ${kb(pagesBudget.jsGzipBytes)} JS and ${kb(pagesBudget.cssGzipBytes)} CSS gzipped (a cheap phone on slow 3G: about 1.2 s to download)`,
    '',
    'app | base | JS | JS gzipped | CSS | CSS gzipped | within budget',
    '--- | --- | --- | --- | --- | --- | ---',
    ...rows.map((r) => [r.app, r.base, kb(r.jsBytes), kb(r.jsGzipBytes), kb(r.cssBytes), kb(r.cssGzipBytes), r.jsGzipBytes <= pagesBudget.jsGzipBytes && r.cssGzipBytes <= pagesBudget.cssGzipBytes ? 'yes' : 'NO'].join(' | ')),
  ];
}

export function pagesBars(rows: PageWeight[]): Bar[] {
  return rows.flatMap((r) => [
    { label: `pages ${r.app}: JS gzipped`, ofTarget: r.jsGzipBytes / pagesBudget.jsGzipBytes, text: `${kb(r.jsGzipBytes)} / ${kb(pagesBudget.jsGzipBytes)}` },
    { label: `pages ${r.app}: CSS gzipped`, ofTarget: r.cssGzipBytes / pagesBudget.cssGzipBytes, text: `${kb(r.cssGzipBytes)} / ${kb(pagesBudget.cssGzipBytes)}` },
  ]);
}
