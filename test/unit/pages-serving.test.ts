/**
 * How the pages are answered, locally (web/serve.ts `servePage`) and by CloudFront's viewer-request
 * function (`pageRoutesCode`): the same file or the same app page for the same path.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageRoutesCode, servePage } from '../../web/serve.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-pages-unit-'));
  await mkdir(path.join(dir, 'assets'));
  await mkdir(path.join(dir, 'citizen'));
  await writeFile(path.join(dir, 'assets', 'citizen-ABC123.js'), 'console.log(1)');
  await writeFile(path.join(dir, 'assets', 'citizen-ABC123.css'), 'body{}');
  await writeFile(path.join(dir, 'citizen', 'index.html'), '<!doctype html><html lang="vi"></html>');
  await mkdir(path.join(dir, 'agency'));
  await writeFile(path.join(dir, 'agency', 'index.html'), '<!doctype html><html lang="vi"><title>agency</title></html>');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** CloudFront's rewrite of a viewer's URI, run as CloudFront runs the function. */
function cloudFrontUri(uri: string): string {
  const handler = new Function(`${pageRoutesCode()}; return handler;`)() as (e: { request: { uri: string } }) => { uri: string };
  return handler({ request: { uri } }).uri;
}

describe('serving the pages', () => {
  it('answers hashed assets with their content type, cached for a year', async () => {
    const js = await servePage(dir, '/assets/citizen-ABC123.js');
    expect([js.status, js.headers['content-type'], js.headers['cache-control']]).toEqual([200, 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable']);
    const css = await servePage(dir, '/assets/citizen-ABC123.css');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it("answers the app's routes, the QR's /t/<code> with dots included, with its index.html, revalidated", async () => {
    for (const p of ['/', '/tra-cuu', '/t/HS-K7Q2M4ZX3A', '/t/000.02.28.H21-261126-0001', '/thu-tuc/ltp-cap-phieu']) {
      const page = await servePage(dir, p);
      expect([p, page.status, page.headers['content-type'], page.headers['cache-control']]).toEqual([p, 200, 'text/html; charset=utf-8', 'no-cache']);
      expect(page.body.toString()).toContain('lang="vi"');
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    }
  });

  it('answers 404 for a missing file, never the page', async () => {
    for (const p of ['/assets/citizen-OLD.js', '/favicon.ico', '/robots.txt']) expect((await servePage(dir, p)).status).toBe(404);
  });

  it('never reads outside its folder, whatever the path', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('..', '%2e%2e', '%2F', 'etc', 'passwd', '.', '%00', 'citizen', 'index.html'), { maxLength: 8 }), async (parts) => {
        const answer = await servePage(dir, `/${parts.join('/')}`);
        expect(answer.body.toString()).not.toContain('root:');
      }),
      { numRuns: 200 },
    );
  });
});

describe("CloudFront's route function", () => {
  it("opens an app typed without its base's final slash, locally and through CloudFront", async () => {
    for (const p of ['/co-quan', '/co-quan/', '/co-quan/ho-so/000.02.28.H21-261126-0001']) {
      expect((await servePage(dir, p)).body.toString(), p).toContain('<title>agency</title>');
      expect(cloudFrontUri(p), p).toBe('/agency/index.html');
    }
    expect(cloudFrontUri('/co-quanx')).toBe('/citizen/index.html');
  });

  it('sends the same paths to the app page as the local front, and leaves files alone', async () => {
    const paths = ['/', '/tra-cuu', '/t/HS-K7Q2M4ZX3A', '/t/000.02.28.H21-261126-0001', '/thu-tuc/ltp-cap-phieu', '/assets/citizen-ABC123.js', '/assets/citizen-OLD.js', '/favicon.ico', '/citizen/index.html'];
    for (const p of paths) {
      const local = await servePage(dir, p);
      const rewritten = cloudFrontUri(p);
      const servesIndex = local.status === 200 && local.headers['content-type'] === 'text/html; charset=utf-8';
      expect([p, rewritten]).toEqual([p, servesIndex ? '/citizen/index.html' : p]);
    }
  });
});
