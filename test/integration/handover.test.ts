/**
 * The result handed over at the counter (issue 13, item 2), end to end through the counter API:
 * the identity check refuses the wrong person and changes nothing; an authorised person needs an
 * authorisation document; the right person makes the dossier returned (status 10) and the
 * timeline says who received it, by name and last digits, the full number stored nowhere. A
 * refusal's or a stop's written reply is handed over too, without a status change.
 * Runs on the local cloud's clock set to Wed 02/12/2026 10:00 (Asia/Ho_Chi_Minh).
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetClock, setClock } from '../support/clock.ts';
import { db, dossiersTable, eventually, http, refOf } from '../support/cloud.ts';
import { completeAtAgency, createAndSubmit, createSubmitAndReceive, officerOf } from '../support/documents.ts';
import { dossierBody, someCccd } from '../support/factories.ts';
import { agencyToken, clerkToken } from '../support/tokens.ts';

const desk = 'bd-iagrai';
const clerk = async (servicePointId = desk) => ({ authorization: `Bearer ${await clerkToken(servicePointId)}` });
const handOver = async (code: string, body: unknown) => http('POST', `/v1/counter/dossiers/${code}/handover`, { body, headers: await clerk() });
const track = (code: string, token?: string) => http('GET', `/v1/dossiers/${code}`, token ? { headers: { 'x-dossier-token': token } } : {});

/** Every stored item of a dossier's partition (the dossier, its events, its staff reads). */
async function storedItems(code: string): Promise<Record<string, unknown>[]> {
  const ref = await refOf(code);
  const out = await db.send(new QueryCommand({ TableName: dossiersTable, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `DOSSIER#${ref}` }, ConsistentRead: true }));
  return out.Items ?? [];
}

/** A criminal-record dossier to collect at the Ia Grai post office, completed by the agency: result-ready. */
async function resultReady(cccd = someCccd()) {
  const received = await createSubmitAndReceive({ ...dossierBody({ cccd }), resultDelivery: { method: 'counter', servicePointId: desk } });
  await completeAtAgency(received.code);
  return { ...received, cccd };
}

const applicant = (number: string) => ({ kind: 'applicant', fullName: 'Nguyễn Thị Hoa', identity: { documentType: 'cccd', number } });

beforeAll(() => setClock('2026-12-02T10:00:00+07:00'));
afterAll(resetClock);

describe('handing a result over at the counter', () => {
  it('refuses a number that is not the applicant’s, and nothing changes', async () => {
    // prepare
    const { code, token, cccd } = await resultReady();
    const before = await track(code, token);
    const wrong = `${cccd.slice(0, -1)}${(Number(cccd.slice(-1)) + 1) % 10}`;
    // act
    const res = await handOver(code, { recipient: applicant(wrong), signedBy: 'Nguyễn Thị Hoa' });
    // assess
    expect(res.status).toBe(422);
    expect(res.body).toEqual(expect.objectContaining({ type: 'urn:motcua:problem:handover-refused', field: 'recipient.identity.number' }));
    const after = await track(code, token);
    expect(after.body.status).toBe('result-ready');
    expect(after.body.timeline.filter((e: any) => !e.type.endsWith('viewed')).map((e: any) => e.type)).toEqual(before.body.timeline.filter((e: any) => !e.type.endsWith('viewed')).map((e: any) => e.type));
  });

  it('refuses an authorised person who brings no authorisation document', async () => {
    const { code, token } = await resultReady();
    const res = await handOver(code, { recipient: { kind: 'authorised', fullName: 'Trần Văn Bình', identity: { documentType: 'cccd', number: someCccd() } }, signedBy: 'Trần Văn Bình' });
    expect(res.status).toBe(422);
    expect(res.body.field).toBe('recipient.authorisation');
    expect((await track(code, token)).body.status).toBe('result-ready');
  });

  it('returns the dossier (status 10) to the applicant; the timeline names them with the last digits only', async () => {
    // prepare
    const { code, token, cccd } = await resultReady();
    // act
    const res = await handOver(code, { recipient: applicant(cccd), originalsReturned: [0], signedBy: 'Nguyễn Thị Hoa' });
    // assess
    expect(res.status).toBe(200);
    expect(res.body.handover).toEqual(
      expect.objectContaining({
        what: 'result',
        servicePoint: expect.objectContaining({ id: desk }),
        recipient: expect.objectContaining({ kind: 'applicant', fullName: 'Nguyễn Thị Hoa', identity: expect.objectContaining({ documentType: 'cccd', lastDigits: cccd.slice(-4) }) }),
        originalsReturned: [{ index: 0, name: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp' }],
      }),
    );
    const mine = await track(code, token);
    expect(mine.body).toEqual(expect.objectContaining({ status: 'returned', statusLabel: 'Đã trả kết quả' }));
    const returned = mine.body.timeline.find((e: any) => e.type === 'dossier.returned');
    expect(returned.receivedBy).toBe(`Người nộp hồ sơ Nguyễn Thị Hoa (Căn cước công dân / Căn cước …${cccd.slice(-4)})`);
    // Anyone with the code sees that it was returned, not to whom.
    const anyone = await track(code);
    expect(anyone.body.timeline.find((e: any) => e.type === 'dossier.returned').receivedBy).toBeUndefined();
    // The CCCD is on the dossier as its applicant's; the handover and the events keep only the last digits.
    const items = await storedItems(code);
    const dossier = items.find((i) => i.entity === 'dossier')!;
    expect(JSON.stringify(dossier.handover)).not.toContain(cccd);
    expect(JSON.stringify(items.filter((i) => i.entity !== 'dossier'))).not.toContain(cccd);
    // Handed over once: a second time has nothing to hand over.
    expect((await handOver(code, { recipient: applicant(cccd), signedBy: 'Nguyễn Thị Hoa' })).status).toBe(409);
  });

  it('returns the result to an authorised person, whose full number is stored nowhere', async () => {
    const { code, token } = await resultReady();
    const theirs = someCccd();
    const res = await handOver(code, {
      recipient: { kind: 'authorised', fullName: 'Trần Văn Bình', identity: { documentType: 'cccd', number: theirs }, authorisation: { documentType: 'power-of-attorney', number: '15/2026/UQ', date: '2026-11-25' } },
      signedBy: 'Trần Văn Bình',
    });
    expect(res.status).toBe(200);
    expect(res.body.handover.recipient.authorisation).toEqual({ documentType: 'power-of-attorney', documentLabel: 'Giấy ủy quyền', number: '15/2026/UQ', date: '2026-11-25' });
    const returned = (await track(code, token)).body.timeline.find((e: any) => e.type === 'dossier.returned');
    expect(returned.receivedBy).toBe(`Người được ủy quyền Trần Văn Bình (Căn cước công dân / Căn cước …${theirs.slice(-4)})`);
    expect(JSON.stringify(await storedItems(code))).not.toContain(theirs);
  });

  it('hands a refusal (form 03) over as the written reply, the status unchanged', async () => {
    // prepare: an online dossier refused at reception
    const cccd = someCccd();
    const { ref, token, created } = await createAndSubmit(dossierBody({ cccd }));
    const refused = await http('POST', `/v1/counter/dossiers/${ref}/refusal`, {
      body: { reasons: ['Thủ tục không thuộc thẩm quyền tiếp nhận của đơn vị'], legalBasis: 'Khoản 3 Điều 19 Nghị định 61/2018/NĐ-CP', officer: 'Rơ Mah H’Lan' },
      headers: await officerOf(created.body.receivingUnit.id),
    });
    expect(refused.status).toBe(200);
    // act
    const res = await handOver(ref, { recipient: applicant(cccd), signedBy: 'Nguyễn Thị Hoa' });
    // assess
    expect(res.status).toBe(200);
    expect(res.body.handover.what).toBe('reply');
    const mine = await track(ref, token);
    expect(mine.body.status).toBe('refused');
    expect(mine.body.timeline.find((e: any) => e.type === 'dossier.reply-handed-over')).toEqual(
      expect.objectContaining({ label: 'Đã trả văn bản trả lời (từ chối tiếp nhận hoặc dừng xử lý) tại quầy', receivedBy: expect.stringContaining(`…${cccd.slice(-4)}`) }),
    );
    expect((await handOver(ref, { recipient: applicant(cccd), signedBy: 'Nguyễn Thị Hoa' })).status).toBe(409);
  });

  it('hands a notice of stopping (form 05) over, the dossier still stopped', async () => {
    // prepare: the agency accepts, then stops processing
    const cccd = someCccd();
    const { code, token } = await createSubmitAndReceive(dossierBody({ cccd }));
    const jwt = await agencyToken('gl-stp');
    const decide = (body: unknown) => http('POST', `/v1/agency/dossiers/${code}/decisions`, { body, headers: { authorization: `Bearer ${jwt}` } });
    await eventually(async () => ((await track(code)).body.routedAt ? true : undefined), 30_000);
    expect((await decide({ type: 'accept' })).status).toBe(200);
    expect((await decide({ type: 'stop', reason: 'Chờ kết quả xác minh của cơ quan công an', signer: 'Trần Thị C' })).status).toBe(200);
    // act
    const res = await handOver(code, { recipient: applicant(cccd), signedBy: 'Nguyễn Thị Hoa' });
    // assess
    expect([res.status, res.body.handover?.what]).toEqual([200, 'reply']);
    const mine = await track(code, token);
    expect(mine.body.status).toBe('stopped');
    expect(mine.body.timeline.map((e: any) => e.type)).toContain('dossier.reply-handed-over');
  });

  it('refuses a dossier with nothing to hand over yet (received, not decided)', async () => {
    const cccd = someCccd();
    const { code, token } = await createSubmitAndReceive(dossierBody({ cccd }));
    const res = await handOver(code, { recipient: applicant(cccd), signedBy: 'Nguyễn Thị Hoa' });
    expect(res.status).toBe(409);
    expect((await track(code, token)).body.status).not.toBe('returned');
  });
});
