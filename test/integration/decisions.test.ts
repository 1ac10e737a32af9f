/**
 * Agency decisions end to end (issue 5): the agency hears about a dossier in its FIFO queue,
 * decides through the agency API, uploads its result, and the citizen follows it on tracking and
 * downloads the result. Chains hand the dossier from agency to agency; a supplement request
 * pauses the clock; counter withdrawal tells the agency. Real HTTP, real queues, real S3 forms.
 */
import { DeleteMessageCommand, ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { vietnamCalendar } from '../../shared/calendar/index.ts';
import { agencyEnvelopeV1 } from '../../shared/contracts/agency-envelope.ts';
import { addWorkingDays, addWorkingTime, describeDay, dueAfterPause, localDate, workingTimeBetween } from '../../shared/domain/calendar.ts';
import { province } from '../../shared/province/index.ts';
import { resetClock, setClock } from '../support/clock.ts';
import { eventually, http, sqs } from '../support/cloud.ts';
import { createSubmitAndReceive, samplePdf, uploadResult, uploadScan } from '../support/documents.ts';
import { dossierBody } from '../support/factories.ts';
import { agencyQueueUrl, collectFor } from '../support/queues.ts';
import { agencyToken, clerkToken } from '../support/tokens.ts';

const calendar = vietnamCalendar();
// A test that sets the cloud's clock puts it back.
afterEach(resetClock);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });
const citizen = (token: string) => ({ 'x-dossier-token': token });

/** ltp-cap-phieu (Phiếu lý lịch tư pháp): one agency, gl-stp; doc-1 and doc-2 mandatory. */
const single = { procedureId: 'ltp-cap-phieu', agency: 'gl-stp' };
/** btxh-mai-tang-phi for a resident of Ia Tô (92807): the commune, then the district (liên thông). */
const chain = { procedureId: 'btxh-mai-tang-phi', unitId: '92807', agencies: ['iagrai-iato', 'iagrai-ubnd'] as const };

const decide = (code: string, jwt: string, body: unknown, key: string = randomUUID()) =>
  http('POST', `/v1/agency/dossiers/${code}/decisions`, { body, headers: { ...bearer(jwt), 'idempotency-key': key } });
const track = (code: string, token?: string) => http('GET', `/v1/dossiers/${code}`, token ? { headers: citizen(token) } : {});
const agencyView = (code: string, jwt: string) => http('GET', `/v1/agency/dossiers/${code}`, { headers: bearer(jwt) });
const citizenResult = (code: string, token: string, slot = 'result-1') => http('GET', `/v1/dossiers/${code}/results/${slot}`, { headers: citizen(token) });

/** The citizen's complete supplement (no Idempotency-Key unless given). */
const supplementAs = (code: string, token: string, key?: string) =>
  http('POST', `/v1/dossiers/${code}/supplement`, { headers: { ...citizen(token), ...(key ? { 'idempotency-key': key } : {}) } });

const supplementRequest = (slot?: string) => ({
  type: 'request-supplement',
  items: [{ ...(slot ? { slot } : {}), document: 'Bản chụp Căn cước công dân', reason: 'Ảnh mờ, không đọc được số' }],
  officer: 'Nguyễn Văn B',
});
const refusal = { type: 'reject', reason: 'Thủ tục không thuộc thẩm quyền của cơ quan', legalBasis: 'Nghị định 61/2018/NĐ-CP', officer: 'Trần Thị C' };

/** Submits a dossier with its scans and waits until the router has recorded it as routed. */
async function routedDossier(body = dossierBody({ procedureId: single.procedureId })) {
  const submitted = await createSubmitAndReceive(body);
  await eventually(async () => ((await track(submitted.code)).body.routedAt ? true : undefined));
  return submitted;
}

/**
 * Receives (and deletes) what arrives on a queue, in arrival order per dossier, until every one
 * of `codes` has `min` messages and a quiet moment passes (a duplicate would show). Messages about
 * other dossiers are dropped.
 */
async function receiveAll(url: string, codes: string[], min: number, quietMs = 1200, timeoutMs = 20_000): Promise<Map<string, Message[]>> {
  const byCode = new Map<string, Message[]>(codes.map((c) => [c, []]));
  const until = Date.now() + timeoutMs;
  let quietSince = Date.now();
  while (Date.now() < until) {
    const res = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageSystemAttributeNames: ['All'] }));
    for (const m of res.Messages ?? []) {
      await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle! }));
      byCode.get(JSON.parse(m.Body!).dossierCode)?.push(m);
    }
    if (res.Messages?.length) quietSince = Date.now();
    else if ([...byCode.values()].every((ms) => ms.length >= min) && Date.now() - quietSince >= quietMs) return byCode;
    else await sleep(100);
  }
  throw new Error(`expected ${min} message(s) for each of ${codes.join(', ')}, got ${[...byCode.values()].map((ms) => ms.length).join(', ')}`);
}

const typesOf = (timeline: { type: string }[]) => timeline.map((e) => e.type);

describe('an agency decides on a dossier, and the citizen gets the result', () => {
  it('takes a dossier from dossier.assigned to a result the citizen downloads byte for byte', async () => {
    // prepare
    const { code, token } = await createSubmitAndReceive(dossierBody({ procedureId: single.procedureId }));
    const [message] = await collectFor(await agencyQueueUrl(single.agency), code);
    const envelope = agencyEnvelopeV1.parse(JSON.parse(message!.Body!));
    expect(envelope).toEqual(expect.objectContaining({ type: 'dossier.assigned', dossierCode: code, agency: expect.objectContaining({ id: single.agency }) }));
    await eventually(async () => ((await track(code)).body.routedAt ? true : undefined));
    const stp = await agencyToken(single.agency);

    // act: accept, upload the result, complete
    const accepted = await decide(code, stp, { type: 'accept', note: 'Đã kiểm tra đủ thành phần' });
    const earlyDownload = await citizenResult(code, token);
    const result = await uploadResult(code, stp);
    const completed = await decide(code, stp, { type: 'complete', resultSlots: ['result-1'], summary: 'Đã cấp Phiếu lý lịch tư pháp số 1' });

    // assess
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('processing');
    expect(earlyDownload.status).toBe(409);
    expect(earlyDownload.headers.get('content-type')).toContain('application/problem+json');
    expect(result.status).toBe('verified');
    expect((await agencyView(code, stp)).body.results).toEqual([expect.objectContaining({ id: 'result-1', status: 'verified', size: samplePdf.length })]);
    expect(completed.status).toBe(200);
    expect(completed.body.status).toBe('result-ready');

    const tracked = await track(code);
    expect(tracked.body).toEqual(expect.objectContaining({ status: 'result-ready', statusLabel: 'Đã xử lý xong' }));
    const decisions = tracked.body.timeline.filter((e: any) => ['dossier.accepted', 'dossier.completed'].includes(e.type));
    expect(decisions).toEqual([
      expect.objectContaining({ type: 'dossier.accepted', label: 'Cơ quan giải quyết đã nhận xử lý hồ sơ', agency: { id: 'gl-stp', name: 'Sở Tư pháp tỉnh Gia Lai' } }),
      expect.objectContaining({ type: 'dossier.completed', label: 'Cơ quan giải quyết đã xử lý xong', agency: { id: 'gl-stp', name: 'Sở Tư pháp tỉnh Gia Lai' } }),
    ]);

    const link = await citizenResult(code, token);
    expect(link.status).toBe(200);
    expect(link.body.fileName).toBe(`${code}-result-1.pdf`);
    const file = await fetch(link.body.url);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(samplePdf)).toBe(true);

    // The clerk who hands the result over at the counter downloads the same file to print it.
    const clerk = await http('GET', `/v1/counter/dossiers/${code}/results/result-1`, { headers: { authorization: `Bearer ${await clerkToken('bd-iagrai')}` } });
    expect(clerk.status).toBe(200);
    expect(Buffer.from(await (await fetch(clerk.body.url)).arrayBuffer()).equals(samplePdf)).toBe(true);
  });

  it('hands a chained dossier to the second agency, and has a result only when the last step completes', async () => {
    // prepare
    const [first, second] = chain.agencies;
    const { code, token } = await routedDossier(dossierBody({ procedureId: chain.procedureId, unitId: chain.unitId }));
    const [assigned1] = await collectFor(await agencyQueueUrl(first), code);
    expect(agencyEnvelopeV1.parse(JSON.parse(assigned1!.Body!)).chain).toEqual({ step: 1, length: 2 });
    const commune = await agencyToken(first);
    const district = await agencyToken(second);

    // act: the commune takes its step and hands over without a result document
    expect((await decide(code, commune, { type: 'accept' })).status).toBe(200);
    const handedOver = await decide(code, commune, { type: 'complete', summary: 'Đã xác nhận, gửi hồ sơ lên huyện' });

    // assess: the district is told, the commune has let go, and there is no result yet
    expect(handedOver.status).toBe(200);
    expect(handedOver.body).toEqual(expect.objectContaining({ status: 'routed', chain: expect.objectContaining({ step: 2, length: 2 }) }));
    const [assigned2] = await collectFor(await agencyQueueUrl(second), code);
    const envelope2 = agencyEnvelopeV1.parse(JSON.parse(assigned2!.Body!));
    expect(envelope2).toEqual(
      expect.objectContaining({ type: 'dossier.assigned', dossierCode: code, agency: expect.objectContaining({ id: second }), chain: { step: 2, length: 2, previousAgencyId: first } }),
    );
    expect(envelope2.messageId).not.toBe(agencyEnvelopeV1.parse(JSON.parse(assigned1!.Body!)).messageId);
    const lateFirst = await decide(code, commune, { type: 'accept' });
    expect(lateFirst.status).toBe(403);
    expect(lateFirst.body.type).toBe('urn:motcua:problem:forbidden');
    expect((await track(code)).body.status).toBe('routed');
    expect((await citizenResult(code, token)).status).toBe(409);

    // act: the district takes its step and completes with a result
    expect((await decide(code, district, { type: 'accept' })).status).toBe(200);
    expect((await decide(code, district, { type: 'complete', resultSlots: [] })).status).toBe(409);
    expect((await uploadResult(code, district)).status).toBe('verified');
    const completed = await decide(code, district, { type: 'complete', resultSlots: ['result-1'] });

    // assess
    expect(completed.status).toBe(200);
    expect(completed.body.status).toBe('result-ready');
    const timeline = (await track(code)).body.timeline;
    expect(timeline.filter((e: any) => ['dossier.accepted', 'dossier.completed'].includes(e.type)).map((e: any) => [e.type, e.agency?.id])).toEqual([
      ['dossier.accepted', first],
      ['dossier.completed', first],
      ['dossier.accepted', second],
      ['dossier.completed', second],
    ]);
    expect((await citizenResult(code, token)).status).toBe(200);
  });

  it('pauses the clock during a supplement request and moves the due date by the paused time, in calendar days for the criminal-record certificate (clock: Wed 02/12/2026 09:00, supplement on Fri 04/12/2026 09:00)', async () => {
    // prepare
    await setClock('2026-12-02T09:00:00+07:00');
    const { code, token } = await routedDossier();
    const stp = await agencyToken(single.agency);
    const queue = await agencyQueueUrl(single.agency);
    await collectFor(queue, code);
    expect((await decide(code, stp, { type: 'accept' })).status).toBe(200);
    const dueBefore: string = (await track(code)).body.dueAt;

    // act: the agency asks for doc-2 again
    const requested = await decide(code, stp, supplementRequest('doc-2'));

    // assess: the request is visible, the clock stands still, doc-2 must be sent again
    expect(requested.status).toBe(200);
    expect(requested.body.status).toBe('supplement-requested');
    const first = await track(code, token);
    await sleep(2500);
    const second = await track(code, token);
    expect(second.body.supplementRequest.items).toEqual(supplementRequest('doc-2').items);
    expect(second.body.remaining.workingMinutes).toBe(first.body.remaining.workingMinutes);
    const doc2 = second.body.documents.find((d: any) => d.id === 'doc-2');
    expect(doc2.status).toBe('rejected');
    expect(doc2.reason).toContain('Ảnh mờ, không đọc được số');

    const tooEarly = await supplementAs(code, token);
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.type).toBe('urn:motcua:problem:documents-missing');
    expect(tooEarly.body.errors.map((e: any) => e.field)).toEqual(['documents.doc-2']);
    expect((await track(code)).body.status).toBe('supplement-requested');

    // act: two days later the citizen sends doc-2 again, then the supplement
    await setClock('2026-12-04T09:00:00+07:00');
    expect(await uploadScan(code, 'doc-2', token)).toBe(204);
    await eventually(async () => ((await track(code, token)).body.documents.find((d: any) => d.id === 'doc-2').status === 'verified' ? true : undefined));
    const supplemented = await supplementAs(code, token);

    // assess: processing again, the agency told, the due date later by the paused working time
    expect(supplemented.status).toBe(200);
    expect(supplemented.body.status).toBe('processing');
    const [message] = await collectFor(queue, code);
    expect(agencyEnvelopeV1.parse(JSON.parse(message!.Body!))).toEqual(expect.objectContaining({ type: 'dossier.supplemented', dossierCode: code }));

    const after = (await track(code)).body;
    const at = (type: string) => new Date(after.timeline.find((e: any) => e.type === type).at);
    // ltp-cap-phieu counts 10 calendar days and pauses on a supplement (BRIEF corrections 5): the
    // two days it waited (Wed to Fri) are added to the appointment, whose day moves two days on.
    expect(localDate(at('dossier.supplemented'), calendar)).toBe('2026-12-04');
    const pause = { from: at('dossier.supplement-requested'), to: at('dossier.supplemented') };
    expect(after.dueAt).toBe(dueAfterPause(new Date(dueBefore), pause, province().procedures.get(single.procedureId)!, calendar).toISOString());
    expect(Date.parse(localDate(new Date(after.dueAt), calendar)) - Date.parse(localDate(new Date(dueBefore), calendar))).toBeGreaterThanOrEqual(2 * 86_400_000);
    expect(after.supplementRequest).toBeUndefined();
  });

  it('records one supplement for a supplement sent twice with one Idempotency-Key', async () => {
    // prepare
    const { code, token } = await routedDossier();
    const stp = await agencyToken(single.agency);
    expect((await decide(code, stp, { type: 'accept' })).status).toBe(200);
    expect((await decide(code, stp, supplementRequest())).status).toBe(200);
    const key = randomUUID();

    // act
    const first = await supplementAs(code, token, key);
    const replay = await supplementAs(code, token, key);

    // assess
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('processing');
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    expect(typesOf((await track(code)).body.timeline).filter((t) => t === 'dossier.supplemented')).toHaveLength(1);
  });
});

describe('decisions the agency API refuses', () => {
  it('refuses another agency with 403 problem+json and changes nothing', async () => {
    // prepare
    const { code } = await routedDossier();
    const before = (await track(code)).body;

    // act
    const res = await decide(code, await agencyToken('iagrai-ubnd'), { type: 'accept' });

    // assess
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.type).toBe('urn:motcua:problem:forbidden');
    const after = (await track(code)).body;
    expect(after.status).toBe(before.status);
    expect(after.timeline).toHaveLength(before.timeline.length);
  });

  it('answers 409 illegal-transition to a decision the state machine forbids', async () => {
    // prepare
    const { code } = await routedDossier();
    const stp = await agencyToken(single.agency);

    // act: complete a dossier nobody has taken up
    const res = await decide(code, stp, { type: 'complete', resultSlots: [] });

    // assess
    expect(res.status).toBe(409);
    expect(res.body.type).toBe('urn:motcua:problem:illegal-transition');
    expect((await track(code)).body.status).toBe('routed');
  });

  it('makes one transition of a decision sent twice with one Idempotency-Key, and refuses it under a new key', async () => {
    // prepare
    const { code } = await routedDossier();
    const stp = await agencyToken(single.agency);
    const key = randomUUID();

    // act
    const first = await decide(code, stp, { type: 'accept' }, key);
    const replay = await decide(code, stp, { type: 'accept' }, key);
    const again = await decide(code, stp, { type: 'accept' }, randomUUID());

    // assess
    expect(first.status).toBe(200);
    expect(replay.status).toBe(200);
    // The replay renders the dossier afresh (no answer is stored: it carries personal data): the
    // same dossier and history, plus the staff read the replay itself is.
    const changes = (body: any) => body.timeline.filter((e: any) => e.type !== 'dossier.viewed');
    expect(replay.body.status).toBe(first.body.status);
    expect(changes(replay.body)).toEqual(changes(first.body));
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('urn:motcua:problem:illegal-transition');
    expect(typesOf((await track(code)).body.timeline).filter((t) => t === 'dossier.accepted')).toHaveLength(1);
  });

  it('refuses a routed dossier with form 03: status refused, "Không được tiếp nhận"', async () => {
    // prepare
    const { code, token } = await routedDossier();

    // act
    const res = await decide(code, await agencyToken(single.agency), refusal);

    // assess
    expect(res.status).toBe(200);
    const tracked = (await track(code)).body;
    expect(tracked).toEqual(expect.objectContaining({ status: 'refused', statusLabel: 'Không được tiếp nhận' }));
    expect(tracked.timeline.at(-1)).toEqual(expect.objectContaining({ type: 'dossier.refused', label: 'Từ chối tiếp nhận hồ sơ' }));
    // Nothing is owed for a refused dossier (what the applicant reads with the token).
    expect((await track(code, token)).body.payments).toEqual(expect.objectContaining({ owed: 0, requests: [expect.objectContaining({ status: 'cancelled' })] }));
  });

  it('extends to the end of office hours of a later working day, and refuses a weekend', async () => {
    // prepare
    const { code } = await routedDossier();
    const stp = await agencyToken(single.agency);
    expect((await decide(code, stp, { type: 'accept' })).status).toBe(200);
    const dueBefore: string = (await track(code)).body.dueAt;
    const dueDay = localDate(new Date(dueBefore), calendar);
    const newDay = addWorkingDays(dueDay, 3, calendar);
    let weekend = dueDay;
    while (describeDay(weekend, calendar).kind !== 'weekend') weekend = new Date(Date.parse(`${weekend}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const extension = (newDueDate: string) => ({ type: 'extend', reason: 'Cần xác minh thêm thông tin với cơ quan công an', newDueDate, signer: 'Lê Văn D' });

    // act
    const onWeekend = await decide(code, stp, extension(weekend));
    const extended = await decide(code, stp, extension(newDay));

    // assess
    expect(onWeekend.status).toBe(400);
    expect(onWeekend.body.field).toBe('newDueDate');
    expect(extended.status).toBe(200);
    expect(extended.body.status).toBe('processing');
    expect(extended.body.dueAt).toBe(`${newDay}T10:30:00.000Z`);
    // The answer is a recorded staff read too: its own dossier.viewed comes last.
    expect(extended.body.timeline.filter((e: any) => e.type !== 'dossier.viewed').at(-1)).toEqual(
      expect.objectContaining({ type: 'dossier.extended', label: 'Xin lỗi và hẹn lại ngày trả kết quả' }),
    );
    expect((await track(code)).body.dueAt).toBe(`${newDay}T10:30:00.000Z`);
  });

  it('answers 400 naming the field of a malformed decision', async () => {
    // prepare
    const { code } = await routedDossier();
    const stp = await agencyToken(single.agency);
    const before = (await track(code)).body.timeline.length;

    // act
    const noItems = await decide(code, stp, { type: 'request-supplement', items: [], officer: 'Nguyễn Văn B' });
    const badDate = await decide(code, stp, { type: 'extend', reason: 'Cần xác minh thêm', newDueDate: '18/12/2026', signer: 'Lê Văn D' });
    const unknown = await decide(code, stp, { type: 'approve' });

    // assess
    expect(noItems.status).toBe(400);
    expect(noItems.body.type).toBe('urn:motcua:problem:validation');
    expect(noItems.body.field).toBe('items');
    expect(badDate.status).toBe(400);
    expect(badDate.body.field).toBe('newDueDate');
    expect(unknown.status).toBe(400);
    expect(unknown.body.field).toBe('type');
    expect((await track(code)).body.timeline).toHaveLength(before);
  });
});

describe('what the agency hears after the first assignment', () => {
  it('tells the agency when a clerk withdraws a routed dossier at the counter', async () => {
    // prepare
    const { code, token } = await routedDossier();
    const queue = await agencyQueueUrl(single.agency);
    await collectFor(queue, code);
    expect((await track(code, token)).body.payments.owed).toBeGreaterThan(0);

    // act
    const res = await http('POST', `/v1/counter/dossiers/${code}/withdrawal`, {
      body: { reason: 'Công dân không còn nhu cầu', requestSigned: true },
      headers: { ...bearer(await clerkToken('bd-iagrai')), 'idempotency-key': randomUUID() },
    });

    // assess
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('withdrawn');
    const [message] = await collectFor(queue, code);
    expect(agencyEnvelopeV1.parse(JSON.parse(message!.Body!))).toEqual(expect.objectContaining({ type: 'dossier.withdrawn', dossierCode: code, reason: expect.any(String) }));
    expect((await track(code)).body.statusLabel).toBe('Đã rút hồ sơ');
    // A withdrawn dossier owes nothing: its open request is cancelled with it.
    expect((await track(code, token)).body.payments).toEqual(expect.objectContaining({ owed: 0, requests: [expect.objectContaining({ status: 'cancelled' })] }));
  });

  it('delivers each dossier’s messages in the order they were sent, even close together', async () => {
    // prepare: six dossiers, so that their events share the router's batches
    const dossiers = await Promise.all(Array.from({ length: 6 }, () => routedDossier()));
    const stp = await agencyToken(single.agency);
    const clerk = await clerkToken('bd-iagrai');

    // act: for each, accept, ask for a supplement, supplement and withdraw back to back
    await Promise.all(
      dossiers.map(async ({ code, token }) => {
        expect((await decide(code, stp, { type: 'accept' })).status).toBe(200);
        expect((await decide(code, stp, supplementRequest())).status).toBe(200);
        expect((await supplementAs(code, token)).status).toBe(200);
        const withdrawn = await http('POST', `/v1/counter/dossiers/${code}/withdrawal`, { body: { reason: 'Công dân không còn nhu cầu', requestSigned: true }, headers: bearer(clerk) });
        expect(withdrawn.status).toBe(200);
      }),
    );

    // assess: read as an agency would, with ReceiveMessage on the FIFO queue
    const received = await receiveAll(await agencyQueueUrl(single.agency), dossiers.map((d) => d.code), 3);
    for (const { code } of dossiers) {
      const messages = received.get(code)!;
      expect(messages.map((m) => JSON.parse(m.Body!).type)).toEqual(['dossier.assigned', 'dossier.supplemented', 'dossier.withdrawn']);
      expect(new Set(messages.map((m) => m.Attributes?.MessageGroupId))).toEqual(new Set([code]));
      expect(new Set(messages.map((m) => JSON.parse(m.Body!).messageId)).size).toBe(3);
    }
  });
});
