/**
 * How the pages are answered at the API's origin, locally (infra/local/http.ts) as CloudFront does
 * in AWS (infra/constructs/front.ts): a built file as it is, with its content type; hashed assets
 * cached for a year (`immutable`), index.html revalidated each time; any other path without a file
 * extension is the single-page app's route, answered with its app's index.html (the QR's
 * `/t/<reference>` included). The security headers are the same in both places.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { appFor, pageApps } from './apps.ts';

export const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

export const immutableCache = 'public, max-age=31536000, immutable';
export const htmlCache = 'no-cache';

/**
 * The pages' Content-Security-Policy: scripts, styles and calls to the same origin only (the API
 * is at `/v1/`), plus the document bucket's origin for the scans' presigned POSTs.
 * `pagesCsp(['https://b.s3.ap-southeast-1.amazonaws.com'])`.
 */
export function pagesCsp(uploadOrigins: string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${uploadOrigins.join(' ')}`.trim(),
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join('; ');
}

/** The headers every page answer carries (CloudFront's response headers policy sets the same). */
export function securityHeaders(uploadOrigins: string[]): Record<string, string> {
  return {
    'content-security-policy': pagesCsp(uploadOrigins),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-frame-options': 'DENY',
  };
}

export interface PageAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** A path naming a file rather than a page: under /assets/, or ending in an extension the pages have. */
export const looksLikeFile = (p: string) => p.startsWith('/assets/') || path.posix.extname(p).toLowerCase() in contentTypes;

const isFile = (p: string) => stat(p).then((s) => s.isFile(), () => false);

/**
 * The answer for a GET or HEAD of `rawPath` from the built pages in `dir`. Example:
 * `await servePage('/repo/web/dist', '/t/HS-ABCDEFGHJK')` -> 200, citizen/index.html.
 */
export async function servePage(dir: string, rawPath: string, uploadOrigins: string[] = []): Promise<PageAnswer> {
  const headers = securityHeaders(uploadOrigins);
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    decoded = '\0';
  }
  const root = path.resolve(dir);
  const file = path.resolve(root, `.${path.posix.normalize(decoded)}`);
  const inside = (file === root || file.startsWith(root + path.sep)) && !decoded.includes('\0');
  if (inside && (await isFile(file))) {
    const ext = path.extname(file);
    const cache = rawPath.startsWith('/assets/') ? immutableCache : htmlCache;
    return { status: 200, headers: { ...headers, 'content-type': contentTypes[ext] ?? 'application/octet-stream', 'cache-control': cache }, body: await readFile(file) };
  }
  // A missing file (an asset of an older build, a typo) is a 404, never the app's page. Only known
  // extensions count: a dossier code has dots (`/t/000.02.28.H21-261126-0001` is a page).
  const app = appFor(decoded, pageApps);
  if (!inside || looksLikeFile(decoded) || !app) {
    return { status: 404, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8', 'cache-control': htmlCache }, body: Buffer.from('Không tìm thấy trang\n') };
  }
  const index = path.join(root, app.id, 'index.html');
  if (!(await isFile(index))) return { status: 404, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' }, body: Buffer.from('Trang chưa được dựng (npm start dựng trang khi khởi động)\n') };
  return { status: 200, headers: { ...headers, 'content-type': contentTypes['.html']!, 'cache-control': htmlCache }, body: await readFile(index) };
}

/**
 * The viewer-request function's code (cloudfront-js-2.0): a path that names no file the pages have
 * becomes the index.html of the app with the longest matching base, as `servePage` answers it
 * (test/unit/pages-serving.test.ts holds the two to the same answers).
 */
export function pageRoutesCode(): string {
  const apps = [...pageApps].sort((a, b) => b.base.length - a.base.length).map((a) => ({ base: a.base, index: `/${a.id}/index.html` }));
  const extensions = Object.keys(contentTypes).map((e) => e.slice(1));
  return [
    'var apps = ' + JSON.stringify(apps) + ';',
    'var file = new RegExp(' + JSON.stringify(`\\.(${extensions.join('|')})$`) + ", 'i');",
    'function handler(event) {',
    '  var request = event.request;',
    '  var uri = request.uri;',
    "  if (uri.indexOf('/assets/') === 0 || file.test(uri)) return request;",
    '  for (var i = 0; i < apps.length; i++) {',
    "    if (uri.indexOf(apps[i].base) === 0 || uri + '/' === apps[i].base) { request.uri = apps[i].index; return request; }",
    '  }',
    '  return request;',
    '}',
    '',
  ].join('\n');
}
