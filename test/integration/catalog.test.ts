import { describe, expect, it } from 'vitest';
import { http } from '../support/cloud.ts';

describe('procedure catalog (GET /v1/procedures)', () => {
  it('lists the procedures with Vietnamese names, working days and fees in VND', async () => {
    const res = await http('GET', '/v1/procedures');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const ltp = res.body.items.find((p: any) => p.id === 'ltp-cap-phieu');
    expect(ltp).toEqual(expect.objectContaining({ name: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam', processingDays: 10, fee: 200000, feeText: '200.000 ₫' }));
    expect(res.body.items.length).toBeGreaterThanOrEqual(3);
  });

  it('shows each processing time with its unit: the criminal-record certificate in calendar days, birth registration on the same day', async () => {
    const res = await http('GET', '/v1/procedures');
    const byId = (id: string) => res.body.items.find((p: any) => p.id === id);
    expect(byId('ltp-cap-phieu').processingTime).toEqual({
      unit: 'calendar-days',
      unitLabel: 'ngày',
      amount: 10,
      ifVerification: 15,
      onSupplement: 'pause',
      text: '10 ngày (15 ngày nếu cần xác minh)',
    });
    expect(byId('ho-tich-khai-sinh').processingTime).toEqual(expect.objectContaining({ unit: 'working-days', amount: 0, text: expect.stringContaining('trong ngày') }));
    for (const p of res.body.items) expect(p.processingTime.text, p.id).toEqual(expect.any(String));
  });

  it('shows one procedure with its competent agency and required documents', async () => {
    const res = await http('GET', '/v1/procedures/ltp-cap-phieu');
    expect(res.status).toBe(200);
    expect(res.body.competentAgency).toEqual({ id: 'gl-stp', name: 'Sở Tư pháp tỉnh Gia Lai' });
    expect(res.body.documents[0]).toEqual(expect.objectContaining({ name: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp', mandatory: true }));
    expect(res.body.fees[0]).toEqual(expect.objectContaining({ kind: 'charge', basis: 'per-dossier', amount: 200000, amountText: '200.000 ₫' }));
    expect(res.body.fees.find((f: any) => f.fromUnit === 3)).toEqual(expect.objectContaining({ amount: 5000 }));
    // The reduced rate names the applicants it is for by the codes a create or a quote declares.
    expect(res.body.fees.find((f: any) => f.appliesTo).categories).toEqual([
      { id: 'student', name: 'Sinh viên' },
      { id: 'merit', name: 'Người có công với cách mạng' },
      { id: 'martyr-relative', name: 'Thân nhân liệt sĩ' },
    ]);
  });

  it('answers an unknown procedure with 404 problem+json', async () => {
    const res = await http('GET', '/v1/procedures/khong-co');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toEqual(expect.objectContaining({ type: 'urn:motcua:problem:not-found', title: 'Không tìm thấy', status: 404 }));
  });

  it('answers a path no route serves with API Gateway’s 404', async () => {
    const res = await http('GET', '/v1/khong-co-tuyen');
    expect(res.status).toBe(404);
  });
});

describe('communes for the address picker (GET /v1/units)', () => {
  it('lists the commune-level units in force today, by name, cacheable: Xã Ia Tô of Huyện Ia Grai, receiving dossiers, with the post offices serving it', async () => {
    const res = await http('GET', '/v1/units');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(res.body.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const iaTo = res.body.items.filter((u: any) => u.name === 'Xã Ia Tô');
    expect(iaTo).toEqual([{ id: '92807', name: 'Xã Ia Tô', kind: 'xã', district: 'Huyện Ia Grai', live: true, servicePoints: expect.arrayContaining([{ id: 'bd-iagrai', name: 'Bưu điện huyện Ia Grai' }]) }]);
    for (const u of res.body.items) expect(['xã', 'phường', 'thị trấn', 'đặc khu']).toContain(u.kind);
    const names = res.body.items.map((u: any) => u.name);
    expect(names).toEqual([...names].sort(new Intl.Collator('vi').compare));
  });

  it('is in the OpenAPI document with its schema', async () => {
    const res = await http('GET', '/v1/openapi.json');
    expect(res.body.paths['/v1/units'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/UnitList' });
  });
});

describe('published contracts', () => {
  it('serves the OpenAPI 3.1 document generated from the validating schemas', async () => {
    const res = await http('GET', '/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const create = res.body.paths['/v1/dossiers'].post;
    expect(create.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CreateDossier' });
    expect(res.body.components.schemas.CreateDossier.example.procedureId).toBe('ltp-cap-phieu');
    expect(create.responses['400'].content['application/problem+json']).toBeDefined();
  });

  it('serves the agency envelope JSON Schema', async () => {
    const res = await http('GET', '/v1/schemas/agency-envelope-v1.json');
    expect(res.status).toBe(200);
    expect(res.body.$id).toBe('https://motcua.gov.vn/schemas/agency-envelope-v1.json');
    expect(res.body.required).toEqual(expect.arrayContaining(['schemaVersion', 'messageId', 'type', 'dossierCode', 'occurredAt']));
  });
});
