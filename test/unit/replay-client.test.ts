/**
 * The HTTP client of the replay and the benches (infra/local/replay/client.ts) as a patient client
 * of the API: a 503 ("try again with the same Idempotency-Key") is tried again with that key for
 * as long as a busy cloud needs, seen in a replay where a counter intake still running after 2 s
 * made the client give up on a dossier the cloud went on to create.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { call } from '../../infra/local/replay/client.ts';

let server: http.Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** An API that answers 503 to the first `busy` requests, then 201; it records each request's Idempotency-Key. */
async function busyApi(busy: number): Promise<{ url: string; keys: string[] }> {
  const keys: string[] = [];
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      keys.push(String(req.headers['idempotency-key']));
      const status = keys.length <= busy ? 503 : 201;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(status === 201 ? { code: 'G52.23869-261202-0001' } : { type: 'urn:motcua:problem:unavailable' }));
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, keys };
}

describe('the replay client on a busy cloud', () => {
  it('keeps trying a POST answered 503 seven times, with the same Idempotency-Key, until it is created', async () => {
    const api = await busyApi(7);
    const answer = await call(api.url, 'POST', '/v1/counter/dossiers', { procedureId: 'ho-tich-khai-sinh' }, {}, { backoffMs: 1 });
    expect(answer).toEqual({ status: 201, body: { code: 'G52.23869-261202-0001' } });
    expect(api.keys).toHaveLength(8);
    expect(new Set(api.keys).size).toBe(1);
  });

  it('answers the 503 once its tries are spent', async () => {
    const api = await busyApi(100);
    const answer = await call(api.url, 'POST', '/v1/dossiers', {}, {}, { backoffMs: 1, attempts: 3 });
    expect(answer.status).toBe(503);
    expect(api.keys).toHaveLength(3);
  });
});
