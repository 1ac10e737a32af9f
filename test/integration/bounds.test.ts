/**
 * Bounded input (issue 8, finding 4): every body, string, array and path parameter has a limit,
 * checked before anything parses, hashes or stores it; an answer never echoes more than a short
 * prefix of a bad value; person-facing text refuses invisible and control characters. Real HTTP.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { localDay } from '../../shared/domain/dossier.ts';
import { api, db, dossiersTable, http } from '../support/cloud.ts';
import { dossierBody } from '../support/factories.ts';
import { agencyToken, clerkToken } from '../support/tokens.ts';

const stp = '000.00.08.H21';
/** The day counter of the Sở Tư pháp: it moves only when a dossier is really created. */
async function counter(): Promise<number> {
  const out = await db.send(new GetCommand({ TableName: dossiersTable, Key: { pk: `COUNTER#${stp}#${localDay(new Date())}`, sk: 'COUNTER' } }));
  return Number(out.Item?.seq ?? 0);
}
const KiB = 1024;
const key = () => ({ 'idempotency-key': randomUUID() });
const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });
/** A well-formed code no dossier has: body checks come before the dossier is read. */
const noDossier = `${stp}-200101-0001`;

/** A valid dossier with one applicant field replaced. */
const withApplicant = (patch: Record<string, unknown>) => {
  const body = dossierBody();
  return { ...body, applicant: { ...body.applicant, ...patch } };
};
const withAddressLine = (line: string) => {
  const body = dossierBody();
  return { ...body, applicant: { ...body.applicant, address: { ...body.applicant.address, line } } };
};

function expectValidation(res: { status: number; headers: Headers; body: any }, field: string) {
  expect(res.status, JSON.stringify(res.body)?.slice(0, 500)).toBe(400);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body).toEqual(expect.objectContaining({ type: 'urn:motcua:problem:validation', title: 'Dữ liệu không hợp lệ', status: 400, field }));
}

describe('body limit: 64 KiB of JSON, 413 problem+json before parsing', () => {
  it('refuses a create over 64 KiB with 413 and writes nothing', async () => {
    const before = await counter();
    const body = JSON.stringify({ ...dossierBody(), padding: 'x'.repeat(64 * KiB) });
    const res = await http('POST', '/v1/dossiers', { body, headers: key() });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toEqual(expect.objectContaining({ type: 'urn:motcua:problem:payload-too-large', title: 'Nội dung yêu cầu quá lớn', status: 413 }));
    expect(await counter()).toBe(before);
  });

  it('counts bytes, not characters: 30,000 Vietnamese letters are over 64 KiB in UTF-8', async () => {
    const body = JSON.stringify({ ...dossierBody(), padding: 'ữ'.repeat(30_000) });
    expect(body.length).toBeLessThan(64 * KiB);
    const res = await http('POST', '/v1/dossiers', { body, headers: key() });
    expect(res.status).toBe(413);
  });

  it('lets a body just under the limit through to validation', async () => {
    const body = JSON.stringify({ ...dossierBody(), procedureId: 1, padding: 'x'.repeat(60 * KiB) });
    expectValidation(await http('POST', '/v1/dossiers', { body, headers: key() }), 'procedureId');
  });

  it('refuses a decision over the limit the same way', async () => {
    const jwt = await agencyToken('gl-stp');
    const items = Array.from({ length: 3000 }, (_, i) => ({ document: `Giấy tờ ${i}`, reason: 'Ảnh mờ, không đọc được số' }));
    const res = await http('POST', `/v1/agency/dossiers/${noDossier}/decisions`, { body: { type: 'request-supplement', items, officer: 'Nguyễn Văn B' }, headers: bearer(jwt) });
    expect(res.status).toBe(413);
    expect(res.body.type).toBe('urn:motcua:problem:payload-too-large');
  });

  it('answers a body over API Gateway’s 10 MB limit at the front, as API Gateway does (no function runs)', async () => {
    const body = JSON.stringify({ ...dossierBody(), padding: 'x'.repeat(10 * KiB * KiB) });
    const res = await http('POST', '/v1/dossiers', { body, headers: key() });
    expect(res.status).toBe(413);
    // API Gateway's own answer, not the function's problem+json.
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.body).toEqual({ message: 'Request Entity Too Large' });
  });

  it('answers a declared length over 10 MB at once, without waiting for the body', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${api}/v1/dossiers`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(10 * KiB * KiB + 1) } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
        req.destroy();
      });
      req.on('error', reject);
      req.write('{'); // the rest never comes
    });
    expect(status).toBe(413);
  });
});

describe('nesting limit: depth over 32 is a 400 naming `body`, checked before parsing or hashing', () => {
  it('refuses JSON nested 20,000 deep with a key (hashed for idempotency) with 400, not 500', async () => {
    const deep = `{"procedureId":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    const res = await http('POST', '/v1/dossiers', { body: deep, headers: key() });
    expectValidation(res, 'body');
  });

  it('refuses the same without a key', async () => {
    const deep = `{"a":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`;
    expectValidation(await http('POST', '/v1/dossiers', { body: deep }), 'body');
  });

  it('refuses depth 33 and lets depth 32 through to validation', async () => {
    const nested = (depth: number) => `{"procedureId":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
    expectValidation(await http('POST', '/v1/dossiers', { body: nested(33) }), 'body');
    expectValidation(await http('POST', '/v1/dossiers', { body: nested(32) }), 'procedureId');
  });

  it('does not count brackets inside strings', async () => {
    const body = JSON.stringify({ ...dossierBody(), procedureId: '['.repeat(100) });
    expectValidation(await http('POST', '/v1/dossiers', { body, headers: key() }), 'procedureId');
  });
});

describe('a maximum on every string and array of the contracts', () => {
  const cases: [string, unknown, string][] = [
    ['an e-mail of 300 characters', withApplicant({ email: `${'a'.repeat(290)}@example.vn` }), 'applicant.email'],
    ['a procedure id of 500 characters', { ...dossierBody(), procedureId: 'a'.repeat(500) }, 'procedureId'],
    ['a procedure id with capitals and spaces', { ...dossierBody(), procedureId: 'LTP cap phieu' }, 'procedureId'],
    ['a unit id that is not a GSO code', { ...withAddressLine('Thôn 1'), applicant: { ...withAddressLine('Thôn 1').applicant, address: { line: 'Thôn 1', unitId: 'x'.repeat(300) } } }, 'applicant.address.unitId'],
    ['a service point id of 300 characters', { ...dossierBody(), resultDelivery: { method: 'counter', servicePointId: 'bd-'.repeat(100) } }, 'resultDelivery.servicePointId'],
    ['a CCCD of 5,000 characters', withApplicant({ cccd: '0'.repeat(5000) }), 'applicant.cccd'],
    ['a phone of 5,000 characters', withApplicant({ phone: '0'.repeat(5000) }), 'applicant.phone'],
    ['a full name of 101 characters', withApplicant({ fullName: 'A'.repeat(101) }), 'applicant.fullName'],
  ];
  for (const [what, body, field] of cases)
    it(`refuses ${what} at creation, naming the field`, async () => {
      const before = await counter();
      expectValidation(await http('POST', '/v1/dossiers', { body, headers: key() }), field);
      expect(await counter()).toBe(before);
    });

  it('refuses papersChecked past 50 at the counter', async () => {
    const jwt = await clerkToken('bd-iagrai');
    const papersChecked = Array.from({ length: 51 }, () => ({ document: 1, form: 'copy', copies: 1 }));
    const res = await http('POST', '/v1/counter/dossiers', { body: { ...dossierBody(), papersChecked }, headers: { ...bearer(jwt), ...key() } });
    expectValidation(res, 'papersChecked');
  });

  describe('agency decisions', () => {
    const item = { document: 'Bản chụp Căn cước công dân', reason: 'Ảnh mờ, không đọc được số' };
    const decisions: [string, unknown, string][] = [
      ['a supplement request of 51 items', { type: 'request-supplement', items: Array(51).fill(item), officer: 'Nguyễn Văn B' }, 'items'],
      ['an item naming a slot of 200 characters', { type: 'request-supplement', items: [{ ...item, slot: 'd'.repeat(200) }], officer: 'Nguyễn Văn B' }, 'items.0.slot'],
      ['an officer of 101 characters', { type: 'request-supplement', items: [item], officer: 'B'.repeat(101) }, 'officer'],
      ['a legal basis of 2,001 characters', { type: 'reject', reason: 'Không thuộc thẩm quyền', legalBasis: 'Đ'.repeat(2001), officer: 'Trần Thị C' }, 'legalBasis'],
      ['a signer of 101 characters', { type: 'extend', reason: 'Cần xác minh thêm', newDueDate: '2027-01-05', signer: 'S'.repeat(101) }, 'signer'],
      ['21 result slots', { type: 'complete', resultSlots: Array.from({ length: 21 }, (_, i) => `result-${i + 1}`) }, 'resultSlots'],
      ['a result slot of 100 characters', { type: 'complete', resultSlots: ['r'.repeat(100)] }, 'resultSlots.0'],
    ];
    for (const [what, body, field] of decisions)
      it(`refuses ${what}`, async () => {
        const jwt = await agencyToken('gl-stp');
        expectValidation(await http('POST', `/v1/agency/dossiers/${noDossier}/decisions`, { body, headers: bearer(jwt) }), field);
      });
  });
});

describe('path parameters: pattern and length before any DynamoDB call', () => {
  const long = `${stp}-261126-${'1'.repeat(2048)}`;
  it('answers a 2 KB dossier code on tracking with 400 naming `code`, not 500', async () => {
    expectValidation(await http('GET', `/v1/dossiers/${long}`), 'code');
  });

  it('answers a code that is not a dossier code with 400', async () => {
    expectValidation(await http('GET', `/v1/dossiers/${encodeURIComponent('abc" OR 1=1')}`), 'code');
  });

  it('still answers a well-formed unknown code with 404, in both present formats', async () => {
    expect((await http('GET', `/v1/dossiers/${stp}-200101-0001`)).status).toBe(404);
    expect((await http('GET', `/v1/dossiers/${stp}-200101-10000`)).status).toBe(404);
  });

  it('answers a 2 KB code on the staff routes and on POSTs with 400', async () => {
    const agency = await agencyToken('gl-stp');
    const clerk = await clerkToken('bd-iagrai');
    expectValidation(await http('GET', `/v1/agency/dossiers/${long}`, { headers: bearer(agency) }), 'code');
    expectValidation(await http('GET', `/v1/counter/dossiers/${long}`, { headers: bearer(clerk) }), 'code');
    expectValidation(await http('GET', `/v1/agency/dossiers/${long}/documents/doc-1`, { headers: bearer(agency) }), 'code');
    expectValidation(await http('POST', `/v1/dossiers/${long}/submit`, { headers: { 'x-dossier-token': 'x'.repeat(43), ...key() } }), 'code');
    expectValidation(await http('POST', `/v1/agency/dossiers/${long}/decisions`, { body: { type: 'accept' }, headers: { ...bearer(agency), ...key() } }), 'code');
  });

  it('answers a procedure id of 2 KB with 400 naming `id`', async () => {
    expectValidation(await http('GET', `/v1/procedures/${'a'.repeat(2048)}`), 'id');
  });
});

describe('answers never echo more than a short prefix of a bad value', () => {
  it('quotes an unknown procedure id in at most 40 characters', async () => {
    const id = `khong-co-${'x'.repeat(32)}`;
    const res = await http('GET', `/v1/procedures/${id}`);
    expect(res.status).toBe(404);
    expect(res.body.detail).toContain('"khong-co-xxx');
    expect(res.body.detail).not.toContain(id);
    expect(JSON.stringify(res.body).length).toBeLessThan(400);
  });

  it('keeps the whole answer small for a 60 KB bad procedure id in a body', async () => {
    const res = await http('POST', '/v1/dossiers', { body: { ...dossierBody(), procedureId: 'p'.repeat(60 * KiB) }, headers: key() });
    expectValidation(res, 'procedureId');
    expect(JSON.stringify(res.body).length).toBeLessThan(2000);
  });

  it('quotes an unknown (well-formed) procedure id in the validation message', async () => {
    const res = await http('POST', '/v1/dossiers', { body: { ...dossierBody(), procedureId: `khong-co-${'y'.repeat(32)}` }, headers: key() });
    expectValidation(res, 'procedureId');
    expect(res.body.errors[0].message).toMatch(/"khong-co-y+…"/);
    expect(res.body.errors[0].message).not.toContain('y'.repeat(32));
  });
});

describe('person-facing text refuses control, invisible and direction-changing characters', () => {
  const bad: [string, string][] = [
    ['zero-width spaces only', '\u200B\u200B\u200B'],
    ['a byte-order mark and a word joiner only', '\uFEFF\u2060'],
    ['a right-to-left override', 'Nguyễn \u202EnA năV'],
    ['a bidi isolate', 'Nguyễn \u2067Văn\u2069 An'],
    ['a NUL', 'Nguyễn\u0000 Văn An'],
    ['an ANSI escape', '\u001b[31mNguyễn Văn An\u001b[0m'],
    ['a line break', 'Nguyễn Văn\nAn'],
    ['a C1 control', 'Nguyễn\u009B Văn An'],
  ];
  for (const [what, fullName] of bad)
    it(`refuses a full name with ${what}`, async () => {
      const before = await counter();
      expectValidation(await http('POST', '/v1/dossiers', { body: withApplicant({ fullName }), headers: key() }), 'applicant.fullName');
      expect(await counter()).toBe(before);
    });

  it('refuses an address line with a zero-width joiner only', async () => {
    expectValidation(await http('POST', '/v1/dossiers', { body: withAddressLine('\u200D'), headers: key() }), 'applicant.address.line');
  });

  it('refuses an officer, a reason and a legal basis with a bidi override', async () => {
    const jwt = await agencyToken('gl-stp');
    const send = (body: unknown) => http('POST', `/v1/agency/dossiers/${noDossier}/decisions`, { body, headers: bearer(jwt) });
    const item = { document: 'Bản chụp Căn cước công dân', reason: 'Ảnh mờ, không đọc được số' };
    expectValidation(await send({ type: 'request-supplement', items: [item], officer: 'Nguyễn \u202EVăn B' }), 'officer');
    expectValidation(await send({ type: 'request-supplement', items: [{ ...item, reason: 'Ảnh mờ \u202E số' }], officer: 'B' }), 'items.0.reason');
    expectValidation(await send({ type: 'request-supplement', items: [{ ...item, document: '\u200B' }], officer: 'B' }), 'items.0.document');
    expectValidation(await send({ type: 'reject', reason: 'Không thuộc thẩm quyền', legalBasis: 'Nghị định\u0000 61', officer: 'C' }), 'legalBasis');
    expectValidation(await send({ type: 'accept', note: 'ghi chú \u001b[2J' }), 'note');
  });

  it('accepts a decomposed (NFD) Vietnamese name and stores it in NFC', async () => {
    const created = await http('POST', '/v1/dossiers', { body: withApplicant({ fullName: 'Nguyễn Thị Ánh Tuyết'.normalize('NFD') }), headers: key() });
    expect(created.status).toBe(201);
    const owner = await http('GET', `/v1/dossiers/${created.body.ref}`, { headers: { 'x-dossier-token': created.body.accessToken } });
    expect(owner.body.applicant.fullName).toBe('Nguyễn Thị Ánh Tuyết'.normalize('NFC'));
  });
});
