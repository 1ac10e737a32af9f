/**
 * The pages' API client (web/common/api.ts): a retry of one user action sends the same
 * Idempotency-Key, and a refusal reads in Vietnamese with the field that failed.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { idempotencyKeyPattern } from '../../shared/contracts/http.ts';
import { action, ApiProblem, describeProblem, getJson, newIdempotencyKey } from '../../web/common/api.ts';

const seen: { url: string; key: string | null }[] = [];
/** A stand-in for the network: answers each request in turn (the browser's fetch is what the client calls). */
function network(...answers: (Response | 'offline')[]) {
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    seen.push({ url, key: new Headers(init.headers).get('idempotency-key') });
    const next = answers.shift()!;
    if (next === 'offline') throw new TypeError('Failed to fetch');
    return next;
  });
}
const problem = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/problem+json' } });
afterEach(() => {
  vi.unstubAllGlobals();
  seen.length = 0;
});

describe('the pages API client', () => {
  it('sends the same Idempotency-Key when the person retries an action, and a new one for a new action', async () => {
    network('offline', problem(503, { title: 'Hệ thống đang bận' }), new Response('{"ref":"HS-K7Q2M4ZX3A"}', { status: 201 }), new Response('{}', { status: 201 }));
    const submit = action();
    await expect(submit.post('/v1/dossiers', {})).rejects.toThrow('Không kết nối được máy chủ');
    await expect(submit.post('/v1/dossiers', {})).rejects.toThrow('Hệ thống đang bận');
    expect(await submit.post('/v1/dossiers', {})).toEqual({ ref: 'HS-K7Q2M4ZX3A' });
    await action().post('/v1/dossiers', {});
    expect(seen.slice(0, 3).map((s) => s.key)).toEqual([submit.key, submit.key, submit.key]);
    expect(seen[3]!.key).not.toBe(submit.key);
  });

  it('makes keys the API accepts', () => {
    fc.assert(fc.property(fc.constant(null), () => idempotencyKeyPattern.test(newIdempotencyKey())), { numRuns: 200 });
  });

  it('shows a validation problem in Vietnamese, naming the field as the form labels it', async () => {
    network(problem(400, { type: 'urn:motcua:problem:validation', title: 'Dữ liệu không hợp lệ', status: 400, field: 'applicant.phone', errors: [{ field: 'applicant.phone', message: 'số điện thoại di động không hợp lệ' }] }));
    const error = await action().post('/v1/dossiers', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiProblem);
    expect((error as ApiProblem).message).toBe('Số điện thoại: số điện thoại di động không hợp lệ');
    expect((error as ApiProblem).field).toBe('applicant.phone');
    expect((error as ApiProblem).messageFor('applicant.phone')).toBe('số điện thoại di động không hợp lệ');
  });

  it('says what is missing without a field, and never answers a GET with an Idempotency-Key', async () => {
    network(problem(404, { title: 'Không tìm thấy', detail: 'không có hồ sơ "HS-AAAAAAAAAA"' }));
    await expect(getJson('/v1/dossiers/HS-AAAAAAAAAA')).rejects.toThrow('không có hồ sơ "HS-AAAAAAAAAA"');
    expect(seen[0]!.key).toBeNull();
    expect(describeProblem(500, {})).toBe('Hệ thống đang bận, vui lòng thử lại sau');
  });
});
