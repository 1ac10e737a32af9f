/**
 * Applicants end to end (issue 9, item 8): an organisation identified by its tax code, an
 * authorised representative whose authorisation scan is needed before submission, and a CCCD of
 * a citizen born abroad. Runs on whatever day the suite runs: nothing here depends on the date.
 */
import { describe, expect, it } from 'vitest';
import { eventually, http } from '../support/cloud.ts';
import { createAndSubmit, createSubmitAndReceive, officerOf, slotState, uploadScan } from '../support/documents.ts';
import { dossierBody, organisationBody, someRepresentative } from '../support/factories.ts';
import { agencyToken } from '../support/tokens.ts';

const track = (code: string, token?: string) => http('GET', `/v1/dossiers/${code}`, token ? { headers: { 'x-dossier-token': token } } : {});

describe('applicants: organisations, representatives, citizens born abroad', () => {
  it("creates an organisation's dossier: the token holder sees its kind, name and tax code, public tracking none of it", async () => {
    const body = organisationBody();
    const created = await http('POST', '/v1/dossiers', { body });
    expect(created.status).toBe(201);
    expect(created.body.documents.map((d: { id: string }) => d.id)).not.toContain('uy-quyen');

    const owner = await track(created.body.ref, created.body.accessToken);
    expect(owner.body.applicant).toEqual(
      expect.objectContaining({ kind: 'organisation', name: 'Hợp tác xã Nông nghiệp Ia Tô', taxCode: body.applicant.taxCode, address: expect.objectContaining({ unitId: '92807' }) }),
    );
    expect(owner.body.applicant.cccd).toBeUndefined();
    const anonymous = await track(created.body.ref);
    expect(anonymous.body.applicant).toBeUndefined();
    expect(JSON.stringify(anonymous.body)).not.toContain(body.applicant.taxCode);
    expect(JSON.stringify(anonymous.body)).not.toContain('Hợp tác xã');
  });

  it('keeps a branch tax code given without its dash in the dash form', async () => {
    const body = organisationBody();
    const created = await http('POST', '/v1/dossiers', { body: { ...body, applicant: { ...body.applicant, taxCode: `${body.applicant.taxCode}001` } } });
    expect(created.status).toBe(201);
    expect((await track(created.body.ref, created.body.accessToken)).body.applicant.taxCode).toBe(`${body.applicant.taxCode}-001`);
  });

  it('answers a tax code with a wrong check digit with 400 naming applicant.taxCode, and writes nothing', async () => {
    const body = organisationBody({ taxCode: '0100233480' });
    const res = await http('POST', '/v1/dossiers', { body });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.field).toBe('applicant.taxCode');
    expect(res.body.errors).toEqual([{ field: 'applicant.taxCode', message: expect.stringContaining('chữ số kiểm tra') }]);
    // The same body with a good tax code goes through: the refusal did not hold anything.
    expect((await http('POST', '/v1/dossiers', { body: organisationBody() })).status).toBe(201);
  });

  it('accepts the CCCD of a citizen whose birth was registered abroad (country code 840)', async () => {
    const created = await http('POST', '/v1/dossiers', { body: dossierBody({ cccd: '840190012345' }) });
    expect(created.status).toBe(201);
    expect((await track(created.body.ref, created.body.accessToken)).body.applicant).toEqual(expect.objectContaining({ kind: 'individual', cccd: '840190012345' }));
  });

  it('with a representative, needs the authorisation scan before submitting, and shows the representative to the token holder and to the agency', async () => {
    const body = organisationBody({ representative: true });
    const created = await http('POST', '/v1/dossiers', { body });
    expect(created.status).toBe(201);
    expect(created.body.documents).toContainEqual({ id: 'uy-quyen', name: 'Văn bản ủy quyền', mandatory: true });
    const { ref: code, accessToken: token } = created.body;
    for (const slot of created.body.documents.filter((d: { mandatory: boolean; id: string }) => d.mandatory && d.id !== 'uy-quyen')) {
      await uploadScan(code, slot.id, token);
      expect((await slotState(code, slot.id, { 'x-dossier-token': token })).status).toBe('verified');
    }

    const early = await http('POST', `/v1/dossiers/${code}/submit`, { headers: { 'x-dossier-token': token } });
    expect(early.status).toBe(409);
    expect(early.body.errors).toEqual([{ field: 'documents.uy-quyen', message: 'chưa có bản quét hợp lệ: Văn bản ủy quyền' }]);

    await uploadScan(code, 'uy-quyen', token);
    expect((await slotState(code, 'uy-quyen', { 'x-dossier-token': token })).status).toBe('verified');
    expect((await http('POST', `/v1/dossiers/${code}/submit`, { headers: { 'x-dossier-token': token } })).status).toBe(200);

    const owner = await track(code, token);
    const rep = body.applicant.representative!;
    expect(owner.body.applicant.representative).toEqual({ fullName: rep.fullName, cccd: rep.cccd, phone: `+84${rep.phone.slice(1)}` });
    expect(JSON.stringify((await track(code)).body)).not.toContain(rep.cccd);

    // An officer of the receiving unit receives it; the competent agency (Sở Tư pháp) reads it once routed: kind, tax code, representative.
    const accepted = await http('POST', `/v1/counter/dossiers/${code}/acceptance`, { body: { officer: 'Rơ Mah H’Lan' }, headers: await officerOf(created.body.receivingUnit.id) });
    expect(accepted.status).toBe(200);
    await eventually(async () => ((await track(code)).body.routedAt ? true : undefined));
    const agency = await http('GET', `/v1/agency/dossiers/${code}`, { headers: { authorization: `Bearer ${await agencyToken('gl-stp')}` } });
    expect(agency.status).toBe(200);
    expect(agency.body.applicant).toEqual(expect.objectContaining({ kind: 'organisation', taxCode: body.applicant.taxCode, representative: expect.objectContaining({ cccd: rep.cccd }) }));
  });

  it('a person may act through a representative too, but not be their own', async () => {
    const ok = await http('POST', '/v1/dossiers', { body: { ...dossierBody(), applicant: { ...dossierBody().applicant, representative: someRepresentative() } } });
    expect(ok.status).toBe(201);
    expect(ok.body.documents).toContainEqual(expect.objectContaining({ id: 'uy-quyen', mandatory: true }));
    const self = dossierBody();
    const res = await http('POST', '/v1/dossiers', { body: { ...self, applicant: { ...self.applicant, representative: { ...someRepresentative(), cccd: self.applicant.cccd } } } });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe('applicant.representative.cccd');
  });

  it("caps an organisation's open drafts by its tax code, whatever phone it gives", async () => {
    const first = organisationBody();
    // organisationBody gives a new phone each time: only the tax code is shared.
    for (let i = 0; i < 5; i++) expect((await http('POST', '/v1/dossiers', { body: organisationBody({ taxCode: first.applicant.taxCode }) })).status).toBe(201);
    const sixth = await http('POST', '/v1/dossiers', { body: organisationBody({ taxCode: first.applicant.taxCode }) });
    expect(sixth.status).toBe(429);
    expect(sixth.body.field).toBe('applicant.taxCode');
    expect(sixth.body.errors[0].message).toContain('mã số thuế');
  });

  it('submits an organisation without a representative like any dossier, and it is received at reception', async () => {
    const { submitted, received } = await createSubmitAndReceive(organisationBody());
    expect(submitted.body.status).toBe('new');
    expect(received.body.dossier.status).toBe('received');
  });
});
