/**
 * The postal leg end to end through the local cloud (issue 10), on the machine's real date
 * (December 2026 when written): a citizen asks for home pickup and home delivery; the courier
 * partner stand-in plays the postman (checklist, seal, slip, S10 item); the hand-over at the
 * receiving unit is the reception; the agency decides; the result goes out, the first attempt
 * fails, the second is delivered with proof, and the dossier ends returned.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { isS10 } from '../../shared/domain/postal/s10.ts';
import { api, eventually, http } from '../support/cloud.ts';
import { resetClock, setClock } from '../support/clock.ts';
import { partnerCalls, resetPartner, setScript } from '../support/courier.ts';
import { completeAtAgency, createSubmitAndReceive, samplePdf, sha256, slotState, uploadScan } from '../support/documents.ts';
import { dossierBody } from '../support/factories.ts';
import { clerkToken, courierToken } from '../support/tokens.ts';

afterEach(resetPartner);

const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });
const track = (code: string, token?: string) => http('GET', `/v1/dossiers/${code}`, token ? { headers: { 'x-dossier-token': token } } : {});
const decide = (code: string, jwt: string, body: unknown) => http('POST', `/v1/agency/dossiers/${code}/decisions`, { body, headers: { ...bearer(jwt), 'idempotency-key': randomUUID() } });
const types = (body: any) => (body.timeline as any[]).map((e) => e.type);
/** A home pickup of the criminal-record certificate (the Department of Justice; received by the centre) for a resident of Ia Tô. */
const pickupBody = () => ({ ...dossierBody(), intake: { method: 'home-pickup' as const }, resultDelivery: { method: 'post' as const } });

/** Scans the collected paper at the centre's counter, so the received dossier can be routed. */
async function scanAtCentre(code: string) {
  const clerk = bearer(await clerkToken('ttphcc-quay-buu-dien'));
  for (const slot of ['doc-1', 'doc-2']) {
    expect(await uploadScan(code, slot, undefined, samplePdf, { via: 'counter', headers: clerk })).toBe(204);
    expect((await slotState(code, slot, clerk, `/v1/counter/dossiers/${code}`)).status).toBe('verified');
  }
}

describe('home pickup and home delivery, end to end', () => {
  it('picks the dossier up, receives it on hand-over, delivers the result on the second attempt with proof, and ends returned', async () => {
    await setScript({ mode: 'auto', delivery: { failures: ['not-at-home'] } });

    // The charge is quoted before the citizen commits, and the dossier keeps that quote.
    const quote = await http('GET', '/v1/procedures/ltp-cap-phieu/postal-quote?unitId=92807&pickup=true&delivery=true');
    expect(quote.status).toBe(200);
    expect(quote.body.lines.map((l: any) => l.service)).toEqual(['pickup', 'delivery']);
    expect(quote.body.total).toBe(quote.body.lines.reduce((s: number, l: any) => s + l.amount, 0));
    expect(quote.body.totalText).toMatch(/^\d{1,3}(\.\d{3})* ₫$/);

    // The citizen's choice: no scans, a postman comes.
    const created = await http('POST', '/v1/dossiers', { body: pickupBody(), headers: { 'idempotency-key': randomUUID() } });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('new');
    expect(created.body.postalCharges).toEqual(quote.body);
    const [pickup] = created.body.shipments;
    expect(pickup).toEqual(expect.objectContaining({ kind: 'pickup', status: 'requested', postOffice: expect.objectContaining({ id: 'bdvhx-iato' }) }));
    expect(isS10(pickup.itemId, { country: 'VN' })).toBe(true);
    const { ref, accessToken: token } = created.body;

    // The postman collects (checklist, seal, slip) and hands over at the centre: that is the reception.
    const received = await eventually(async () => {
      const r = await track(ref, token);
      return r.body.status === 'received' ? r : undefined;
    }, 30_000);
    const code = received.body.code as string;
    expect(code).toMatch(/^000\.00\.00\.H21-\d{6}-\d{4}$/);
    expect(types(received.body)).toEqual(expect.arrayContaining(['postal.pickup-requested', 'postal.accepted', 'postal.picked-up', 'postal.in-transit', 'postal.delivered-to-agency', 'dossier.received']));
    const handedOver = received.body.timeline.find((e: any) => e.type === 'postal.delivered-to-agency');
    const reception = received.body.timeline.find((e: any) => e.type === 'dossier.received');
    // The clock starts at the hand-over, not at the door.
    expect(Date.parse(reception.at)).toBeGreaterThanOrEqual(Date.parse(handedOver.at));
    expect(received.body.dueAt).toBeDefined();

    await scanAtCentre(code);
    await completeAtAgency(code);

    // The result goes out: not at home the first time, delivered the second, with proof.
    const returned = await eventually(async () => {
      const r = await track(code, token);
      return r.body.status === 'returned' ? r : undefined;
    }, 45_000);
    const delivery = returned.body.shipments.find((s: any) => s.kind === 'result-delivery');
    expect(delivery).toEqual(expect.objectContaining({ status: 'delivered', attempts: [expect.objectContaining({ n: 1, reason: 'not-at-home', label: 'Người nhận không có nhà' })] }));
    expect(isS10(delivery.itemId, { country: 'VN' })).toBe(true);
    expect(delivery.itemId).not.toBe(pickup.itemId);
    const tail = types(returned.body).filter((t: string) => t.startsWith('postal.') && t !== 'postal.accepted').slice(-5);
    expect(tail).toEqual(['postal.delivery-requested', 'postal.out-for-delivery', 'postal.delivery-failed', 'postal.out-for-delivery', 'postal.delivered']);
    expect(returned.body.statusLabel).toBe('Đã trả kết quả');

    // The citizen was told at every step, once each (sent or, at night, deferred to 07:00).
    // (The router makes the last notice from the delivery event just after the dossier is returned.)
    const scenarios = await eventually(async () => {
      const all = ((await track(code, token)).body.sms as any[]).map((m) => m.scenario);
      return all.length >= 8 ? all : undefined;
    }, 15_000);
    expect(scenarios).toEqual(['pickup-requested', 'postman-coming', 'received-postal', 'result-post', 'out-for-delivery', 'delivery-failed', 'out-for-delivery', 'delivered']);

    // Anyone may follow an item by its id: its journey, no name, phone or address.
    const item = await http('GET', `/v1/postal/items/${delivery.itemId}`);
    expect(item.status).toBe(200);
    expect(item.body.events.map((e: any) => e.type)).toEqual(['postal.delivery-requested', 'postal.accepted', 'postal.out-for-delivery', 'postal.delivery-failed', 'postal.out-for-delivery', 'postal.delivered']);
    expect(item.body.events.find((e: any) => e.type === 'postal.delivery-failed').label).toContain('Người nhận không có nhà');
    const text = JSON.stringify(item.body);
    expect(text).not.toContain('Nguyễn Thị Hoa');
    expect(text).not.toContain('Plei Ia Tô');
    expect(text).not.toMatch(/\+84\d{9}/);

    // Every step the postman took went through the courier API and succeeded.
    const out = (await partnerCalls()).filter((c) => c.direction === 'out');
    expect(out.map((c) => c.status).every((s) => s >= 200 && s < 300)).toBe(true);
  });

  it('refuses a home pickup for a procedure the data says cannot travel by post (400 naming intake.method)', async () => {
    const body = { ...dossierBody({ procedureId: 'ho-tich-ket-hon' }), intake: { method: 'home-pickup' }, resultDelivery: { method: 'counter', servicePointId: 'bd-iagrai' } };
    const res = await http('POST', '/v1/dossiers', { body, headers: { 'idempotency-key': randomUUID() } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual({ field: 'intake.method', message: expect.stringContaining('không nhận hồ sơ qua bưu chính') });
  });
});

describe('a result nobody is home for', () => {
  it('goes back to the post office after the third failed attempt and waits there, the citizen invited to collect it', async () => {
    // prepare: an online dossier (scans uploaded), decided, its result to be delivered home
    const { code, token } = await createSubmitAndReceive(dossierBody());
    await completeAtAgency(code);
    const delivery = await eventually(async () => {
      const s = (await track(code)).body.shipments?.find((x: any) => x.kind === 'result-delivery');
      return s?.status === 'accepted' ? s : undefined;
    }, 30_000);
    const postman = bearer(await courierToken(delivery.postOffice.id));
    const step = (path: string, body: unknown = {}) => http('POST', `/v1/courier/shipments/${delivery.itemId}/${path}`, { body, headers: { ...postman, 'idempotency-key': randomUUID() } });

    // act: three trips, three failures
    const answers = [];
    for (const reason of ['not-at-home', 'recipient-absent', 'not-at-home']) {
      expect((await step('out-for-delivery')).status).toBe(200);
      answers.push((await step('attempts', { reason })).body);
    }

    // assess
    expect(answers.map((a) => [a.attempt, a.returned])).toEqual([[1, false], [2, false], [3, true]]);
    expect(answers[2].invitation).toMatch(/^Bưu điện đã phát kết quả 3 lần không thành công\. Mời ông\/bà đến .+ để nhận kết quả/);
    expect((await step('out-for-delivery')).status).toBe(409);
    const tracked = (await track(code, token)).body;
    expect(tracked.status).toBe('result-ready');
    expect(tracked.shipments.find((x: any) => x.kind === 'result-delivery')).toEqual(expect.objectContaining({ status: 'returned', returnedTo: expect.objectContaining({ servicePointId: delivery.postOffice.id }) }));
    expect(types(tracked).slice(-2)).toEqual(['postal.delivery-failed', 'postal.returned-to-post-office']);
    // The citizen is told where to collect it, once, in one segment.
    const told = await eventually(async () => {
      const all = ((await track(code, token)).body.sms ?? []) as any[];
      return all.some((m) => m.scenario === 'returned-to-post-office') ? all : undefined;
    }, 20_000);
    const back = told.filter((m) => m.scenario === 'returned-to-post-office');
    expect(back).toHaveLength(1);
    expect([back[0].encoding, back[0].segments]).toEqual(['GSM-7', 1]);
    expect(back[0].text).toMatch(new RegExp(`^Ket qua ho so ${code.replace(/\./g, '\\.')} \\(buu gui ${delivery.itemId}\\) da ve .+\\. Moi ong/ba den nhan\\.$`));
    // Off the postman's list: nothing left to do for him.
    expect((await http('GET', '/v1/courier/shipments', { headers: postman })).body.items.map((i: any) => i.itemId)).not.toContain(delivery.itemId);
  });
});

describe('the postal quote', () => {
  it('refuses a service the procedure does not offer by post, naming it (400)', async () => {
    const res = await http('GET', '/v1/procedures/ho-tich-ket-hon/postal-quote?unitId=92807&pickup=true');
    expect(res.status).toBe(400);
    expect(res.body.field).toBe('pickup');
  });
});

describe('the courier API', () => {
  /** A pickup requested and taken by the stand-in's postman (manual script: he only accepts). */
  async function acceptedPickup(body = pickupBody()) {
    const created = await http('POST', '/v1/dossiers', { body, headers: { 'idempotency-key': randomUUID() } });
    const itemId = created.body.shipments[0].itemId as string;
    const mine = bearer(await courierToken('bdvhx-iato'));
    await eventually(async () => ((await http('GET', `/v1/courier/shipments/${itemId}`, { headers: mine })).body.status === 'accepted' ? true : undefined), 20_000);
    return { itemId, mine, created };
  }
  /** A pickup by the book: both mandatory documents, the seal, the slip signed by the applicant. */
  const collected = (sealNumber: string) => ({
    checklist: [
      { index: 0, present: true, form: 'original', count: 1 },
      { index: 1, present: true, form: 'copy', count: 1 },
    ],
    sealNumber,
    slipSignedBy: 'Nguyễn Thị Hoa',
  });
  const post = (itemId: string, step: string, headers: Record<string, string>, body: unknown = {}) =>
    http('POST', `/v1/courier/shipments/${itemId}/${step}`, { body, headers: { ...headers, 'idempotency-key': randomUUID() } });

  it('answers 403 to a postman of another post office on every route, and 403 to another postman of the same office', async () => {
    const { itemId } = await acceptedPickup();
    const other = bearer(await courierToken('bd-iagrai'));
    const colleague = bearer(await courierToken('bdvhx-iato', 'postman-someone-else'));
    expect((await http('GET', `/v1/courier/shipments/${itemId}`, { headers: other })).status).toBe(403);
    for (const [step, body] of [
      ['accept', { postman: 'Ksor Y Phun' }],
      ['pickup', { checklist: [], sealNumber: 'NP-000001', slipSignedBy: 'Nguyễn Thị Hoa' }],
      ['handover', { receivedBy: 'Rơ Mah H’Lan' }],
      ['out-for-delivery', {}],
      ['attempts', { reason: 'not-at-home' }],
      ['proof-upload-url', { contentType: 'image/png', size: 10, sha256: sha256(samplePdf) }],
      ['delivery', { recipient: { name: 'Nguyễn Thị Hoa', relation: 'applicant' }, identity: { documentType: 'cccd', lastDigits: '1234' }, proof: 'signature' }],
    ] as const) {
      expect((await post(itemId, step, other, body)).status, step).toBe(403);
      expect((await post(itemId, step, colleague, body)).status, step).toBe(403);
    }
    // And the office's list shows it to neither.
    const list = await http('GET', '/v1/courier/shipments', { headers: other });
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: any) => i.itemId)).not.toContain(itemId);
    expect((await http('GET', '/v1/courier/shipments', { headers: colleague })).body.items.map((i: any) => i.itemId)).not.toContain(itemId);
  });

  it('will not collect a dossier with a mandatory document missing: 422 with guidance, nothing collected', async () => {
    const { itemId, mine, created } = await acceptedPickup();
    const res = await post(itemId, 'pickup', mine, { checklist: [{ index: 0, present: true, form: 'original', count: 1 }], sealNumber: 'NP-000002', slipSignedBy: 'Nguyễn Thị Hoa' });
    expect(res.status).toBe(422);
    expect(res.body.type).toBe('urn:motcua:problem:pickup-incomplete');
    expect(res.body.field).toBe('checklist.1');
    expect(res.body.guidance).toMatch(/hướng dẫn công dân chuẩn bị đủ giấy tờ/);
    const after = await http('GET', `/v1/courier/shipments/${itemId}`, { headers: mine });
    expect(after.body.status).toBe('accepted');
    expect((await track(created.body.ref)).body.timeline.map((e: any) => e.type)).not.toContain('postal.picked-up');
  });

  it('collects by the book, sorts at the post office, and hands over: the hand-over is the reception (form 01)', async () => {
    const { itemId, mine, created } = await acceptedPickup();
    const picked = await post(itemId, 'pickup', mine, collected('NP-004217'));
    expect(picked.status).toBe(200);
    expect(picked.body.slip).toEqual(expect.objectContaining({ itemId, sealNumber: 'NP-004217', signedBy: { citizen: 'Nguyễn Thị Hoa', postman: expect.any(String) } }));
    expect(picked.body.slip.documents.map((d: any) => d.count)).toEqual([1, 1, 0]);
    expect((await post(itemId, 'at-post-office', mine)).body.status).toBe('at-post-office');
    const handed = await post(itemId, 'handover', mine, { receivedBy: 'Rơ Mah H’Lan' });
    expect(handed.status).toBe(200);
    expect(handed.body.receipt).toEqual(expect.objectContaining({ form: '01', officer: 'Rơ Mah H’Lan', code: expect.stringMatching(/^000\.00\.00\.H21-/) }));
    const tracked = (await track(created.body.ref)).body;
    expect(tracked.status).toBe('received');
    expect(types(tracked).filter((t: string) => t.startsWith('postal.') || t === 'dossier.received')).toEqual([
      'postal.pickup-requested', 'postal.accepted', 'postal.picked-up', 'postal.in-transit', 'postal.at-post-office', 'postal.delivered-to-agency', 'dossier.received',
    ]);
    // A second hand-over of the same item is refused.
    expect((await post(itemId, 'handover', mine, { receivedBy: 'Rơ Mah H’Lan' })).status).toBe(409);
  });

  it('cancels the pickup at the partner when the dossier is withdrawn before the postman came', async () => {
    const { itemId, mine, created } = await acceptedPickup();
    const clerk = bearer(await clerkToken('bd-iagrai'));
    const withdrawn = await http('POST', `/v1/counter/dossiers/${created.body.ref}/withdrawal`, { body: { reason: 'Công dân không còn nhu cầu', requestSigned: true }, headers: { ...clerk, 'idempotency-key': randomUUID() } });
    expect(withdrawn.status).toBe(200);
    const cancelled = await eventually(async () => {
      const calls = await partnerCalls();
      return calls.find((c) => c.direction === 'in' && c.key === `${itemId}:shipment.cancelled` && c.status === 201);
    }, 20_000);
    expect(cancelled).toBeDefined();
    expect((await http('GET', `/v1/courier/shipments/${itemId}`, { headers: mine })).body.status).toBe('cancelled');
    expect((await http('GET', '/v1/courier/shipments', { headers: mine })).body.items.map((i: any) => i.itemId)).not.toContain(itemId);
  });

  it('records a pickup visit that collected nothing (clock Wed 09/12/2026 10:00): its reason, the new appointment, the citizen told by SMS, the due day moved; the next visit collects', async () => {
    await setClock('2026-12-09T10:00:00+07:00');
    try {
      const body = pickupBody();
      const { itemId, mine, created } = await acceptedPickup(body);
      const { ref, accessToken } = created.body;
      // A delivery's reason, and an appointment already over: 400 naming the field, nothing written.
      const wrongReason = await post(itemId, 'attempts', mine, { reason: 'refused' });
      expect([wrongReason.status, wrongReason.body.field]).toEqual([400, 'reason']);
      const over = await post(itemId, 'attempts', mine, { reason: 'not-at-home', nextWindow: { from: '2026-12-09T07:30:00+07:00', to: '2026-12-09T09:30:00+07:00' } });
      expect([over.status, over.body.field]).toEqual([400, 'nextWindow.to']);
      expect((await http('GET', `/v1/courier/shipments/${itemId}`, { headers: mine })).body.attempts).toEqual([]);

      // Nobody at home, no new time yet: he goes again from the next working day.
      const first = await post(itemId, 'attempts', mine, { reason: 'not-at-home', note: 'Gọi điện không nghe máy' });
      expect(first.status).toBe(200);
      expect(first.body).toEqual(expect.objectContaining({ attempt: 1, returned: false }));
      expect(first.body.shipment).toEqual(expect.objectContaining({ status: 'accepted', attempts: [expect.objectContaining({ n: 1, reason: 'not-at-home', label: 'Người nộp hồ sơ không có nhà', note: 'Gọi điện không nghe máy' })] }));
      expect(first.body.shipment.due).toEqual({ step: 'pickup', what: 'Đến nhận hồ sơ lần 2', from: '2026-12-10', by: '2026-12-11', timing: 'upcoming' });

      // The papers short of the list the second time; a new time agreed for Friday afternoon.
      const second = await post(itemId, 'attempts', mine, { reason: 'documents-incomplete', nextWindow: { from: '2026-12-11T13:30:00+07:00', to: '2026-12-11T17:00:00+07:00' } });
      expect(second.status).toBe(200);
      expect(second.body.attempt).toBe(2);
      expect(second.body.shipment.window).toEqual({ from: '2026-12-11T06:30:00.000Z', to: '2026-12-11T10:00:00.000Z' });
      expect(second.body.shipment.due).toEqual({ step: 'pickup', what: 'Nhận hồ sơ theo giờ hẹn', from: '2026-12-11', by: '2026-12-11', timing: 'upcoming' });

      // The citizen reads both visits, and gets an SMS for each: the second with the new time.
      const sms = await eventually(async () => {
        const list = (await track(ref, accessToken)).body.sms as any[] | undefined;
        const mine = (list ?? []).filter((m) => m.scenario === 'pickup-failed' || m.scenario === 'pickup-rescheduled');
        return mine.length === 2 ? mine : undefined;
      }, 30_000);
      expect(sms.map((m) => m.scenario).sort()).toEqual(['pickup-failed', 'pickup-rescheduled']);
      // The tracking page lists a message once it is queued; the gateway has it a moment later.
      const rescheduled = /^Buu ta se den nhan lai ho so .+ luc 13:30 ngay 11\/12\/2026\. Xin ong\/ba chuan bi san giay to\.$/;
      const texts = await eventually(async () => {
        const got = ((await (await fetch(`${api}/_local/sms?phone=${encodeURIComponent(body.applicant.phone)}`)).json()) as { messages: any[] }).messages.map((m) => m.text as string);
        return got.some((t) => rescheduled.test(t)) ? got : undefined;
      }, 30_000);
      expect(texts).toEqual(expect.arrayContaining([expect.stringMatching(rescheduled)]));
      const item = await http('GET', `/v1/postal/items/${itemId}`);
      expect(item.body.events.map((e: any) => e.label)).toEqual(
        expect.arrayContaining([
          'Bưu tá đến nhận hồ sơ tại nhà không thành công: Người nộp hồ sơ không có nhà',
          'Bưu tá đến nhận hồ sơ tại nhà không thành công: Hồ sơ chưa đủ giấy tờ theo danh mục, bưu tá chưa nhận',
        ]),
      );
      expect(JSON.stringify(item.body)).not.toContain('Gọi điện không nghe máy');

      // Friday: the third visit collects.
      await setClock('2026-12-11T14:00:00+07:00');
      const picked = await post(itemId, 'pickup', mine, collected('NP-004218'));
      expect(picked.status).toBe(200);
      expect(picked.body.status).toBe('in-transit');
      expect(picked.body.attempts).toHaveLength(2);
    } finally {
      await resetClock();
    }
  });

  it('shows the postman what to collect, and records that he read the citizen’s details', async () => {
    const { itemId, mine, created } = await acceptedPickup();
    const view = (await http('GET', `/v1/courier/shipments/${itemId}`, { headers: mine })).body;
    expect(view.party).toEqual(expect.objectContaining({ name: 'Nguyễn Thị Hoa', address: expect.objectContaining({ line: 'Thôn Plei Ia Tô' }) }));
    // The procedure's published list: the form and the CCCD copy are mandatory, the residence proof not.
    expect(view.checklist.map((c: any) => [c.index, c.mandatory])).toEqual([[0, true], [1, true], [2, false]]);
    const timeline = (await track(created.body.ref, created.body.accessToken)).body.timeline;
    expect(timeline.some((e: any) => e.type === 'dossier.viewed' && /^Bưu tá/.test(e.label))).toBe(true);
  });
});

describe('the postman’s list on a day the clock sets (Tue 08/12/2026, 09:00 Vietnam time)', () => {
  afterEach(resetClock);

  it('names the day it judged on, and says of each pickup (its window kept in UTC) whether it is due today, upcoming or overdue', async () => {
    const request = async (window?: { from: string; to: string }) => {
      const created = await http('POST', '/v1/dossiers', { body: { ...pickupBody(), intake: { method: 'home-pickup', ...(window ? { window } : {}) } }, headers: { 'idempotency-key': randomUUID() } });
      expect(created.status).toBe(201);
      return created.body.shipments[0].itemId as string;
    };
    // Asked at 07:30 for 07:00–08:00 (a window already over is refused); by 09:00 it has closed.
    await setClock('2026-12-08T07:30:00+07:00');
    const missed = await request({ from: '2026-12-08T07:00:00+07:00', to: '2026-12-08T08:00:00+07:00' });
    await setClock('2026-12-08T09:00:00+07:00');
    const afternoon = await request({ from: '2026-12-08T14:00:00+07:00', to: '2026-12-08T16:00:00+07:00' });
    const tomorrow = await request({ from: '2026-12-09T09:00:00+07:00', to: '2026-12-09T11:00:00+07:00' });
    const asap = await request();

    const mine = bearer(await courierToken('bdvhx-iato'));
    // The window written in Vietnam time is kept in UTC, as the dispatch to the partner carries it: the order goes out.
    const placed = await eventually(async () => {
      const view = (await http('GET', `/v1/courier/shipments/${afternoon}`, { headers: mine })).body;
      return view.status === 'accepted' ? view : undefined;
    }, 30_000);
    expect(placed.window).toEqual({ from: '2026-12-08T07:00:00.000Z', to: '2026-12-08T09:00:00.000Z' });
    const list = await http('GET', '/v1/courier/shipments', { headers: mine });
    expect(list.status).toBe(200);
    expect(list.body.today).toBe('2026-12-08');
    const due = (itemId: string) => list.body.items.find((i: any) => i.itemId === itemId)?.due;
    expect(due(afternoon)).toEqual({ step: 'pickup', what: 'Nhận hồ sơ theo giờ hẹn', from: '2026-12-08', by: '2026-12-08', timing: 'today' });
    expect(due(tomorrow)).toEqual(expect.objectContaining({ from: '2026-12-09', timing: 'upcoming' }));
    expect(due(missed)).toEqual(expect.objectContaining({ by: '2026-12-08', timing: 'overdue' }));
    expect(due(asap)).toEqual({ step: 'pickup', what: 'Nhận hồ sơ tại nhà', from: '2026-12-08', by: '2026-12-09', timing: 'today' });

    // The next morning the same shipments move on: the view of one says so too.
    await setClock('2026-12-09T08:00:00+07:00');
    const next = await http('GET', `/v1/courier/shipments/${tomorrow}`, { headers: mine });
    expect(next.body.due).toEqual(expect.objectContaining({ timing: 'today' }));
    expect((await http('GET', '/v1/courier/shipments', { headers: mine })).body.today).toBe('2026-12-09');
  });
});
