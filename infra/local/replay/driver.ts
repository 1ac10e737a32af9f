/**
 * Plays one planned dossier through the real HTTP API as its people would: the citizen (online or
 * home pickup, paying online through the gateway stand-in), the clerk at a one-stop desk (counter
 * intake, cash, scans, withdrawal, handover), the officer who accepts or refuses an online dossier,
 * each agency of its chain (accept or refuse, a supplement request, a result document, complete).
 * The postman is the courier partner stand-in (infra/local/postman.ts), through the courier API;
 * SMS happen by themselves. HTTP goes through ./client.ts (503 retried with the same
 * Idempotency-Key, 409 contention retried). Each hop's latency goes to `timings`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { signToken } from '../keys.ts';
import type { AgencyInbox } from './agency-inbox.ts';
import { call, expectStatus, uploadPdf, waitFor, type Answer, type CallOptions } from './client.ts';
import type { PlannedDossier } from './plan.ts';

export type Hop = 'create' | 'upload' | 'submit → reception' | 'acceptance → agency queue' | 'decision' | 'delivery';

export interface DriverDeps {
  api: string;
  dataDir: string;
  inbox: AgencyInbox;
  timings: (hop: Hop, ms: number) => void;
  /** Told each time an agency's first try came before the routing was recorded (a 403), then tried again as a consumer does. */
  race?: (code: string) => void;
}

/** What the replay knows of a dossier once played: enough to read it back and check it. */
export interface Played {
  plan: PlannedDossier;
  /** The dossier code, or the draft's reference when it was refused at reception (no code). */
  code: string;
  token?: string;
  phone: string;
}

const officerName = 'Rơ Mah H’Lan';
const agencyOfficer = 'Nguyễn Văn B';

/** A phone and a CCCD of their own for each dossier (no per-phone rate limit or draft cap shared by chance). */
export function applicantOf(plan: PlannedDossier) {
  const phone = `098${String(plan.index % 10_000_000).padStart(7, '0')}`;
  const cccd = `064190${String(plan.index % 1_000_000).padStart(6, '0')}`;
  return { fullName: 'Nguyễn Thị Hoa', cccd, phone, address: { line: 'Thôn 1', unitId: plan.unitId } };
}

export class Driver {
  private readonly jwts = new Map<string, Promise<string>>();
  constructor(private readonly deps: DriverDeps) {}

  private http(method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } & CallOptions = {}): Promise<Answer> {
    return call(this.deps.api, method, path, options.body, options.headers, options);
  }

  /** Plays the whole journey of one dossier; throws (naming the step) when the API answers otherwise than a person expects. */
  async play(plan: PlannedDossier): Promise<Played> {
    const applicant = applicantOf(plan);
    const resultDelivery = plan.delivery === 'post' ? { method: 'post' } : { method: 'counter', servicePointId: plan.deskId };
    const desk = await this.bearer('clerk', plan.deskId);
    const base = { procedureId: plan.procedureId, applicant, resultDelivery };

    let code: string;
    let token: string | undefined;
    let receivedAt: number | undefined;
    if (plan.channel === 'counter') {
      const created = expectStatus('counter intake', await this.timed('create', () => this.http('POST', '/v1/counter/dossiers', { body: { ...base, smsOptIn: true }, headers: desk, contention: true })), 201);
      code = created.body.code;
      token = created.body.accessToken;
      await this.payAtDesk(code, desk);
      await this.scan(code, created.body.documents, desk, 'counter');
    } else {
      const intake = plan.channel === 'home-pickup' ? { intake: { method: 'home-pickup' } } : {};
      const created = expectStatus('create', await this.timed('create', () => this.http('POST', '/v1/dossiers', { body: { ...base, ...intake }, contention: true })), 201);
      const ref = created.body.ref as string;
      token = created.body.accessToken as string;
      const citizen = { 'x-dossier-token': token };
      if (plan.payment === 'online') await this.payOnline(ref, citizen);
      if (plan.channel === 'online') {
        await this.scan(ref, created.body.documents, citizen, 'citizen');
        const submitted = Date.now();
        expectStatus('submit', await this.http('POST', `/v1/dossiers/${ref}/submit`, { headers: citizen }), 200);
        if (plan.outcome === 'refused-at-reception') {
          const refusal = { reasons: ['Hồ sơ không thuộc thẩm quyền tiếp nhận của đơn vị'], legalBasis: 'Khoản 3 Điều 19 Nghị định 61/2018/NĐ-CP', officer: officerName };
          expectStatus('refusal', await this.http('POST', `/v1/counter/dossiers/${ref}/refusal`, { body: refusal, headers: desk }), 200);
          return { plan, code: ref, token, phone: applicant.phone };
        }
        // From the officer's click: the router may put the message on the queue before his answer comes back.
        receivedAt = Date.now();
        const received = expectStatus('acceptance', await this.http('POST', `/v1/counter/dossiers/${ref}/acceptance`, { body: { officer: officerName }, headers: desk, contention: true }), 200);
        this.deps.timings('submit → reception', Date.now() - submitted);
        code = received.body.form.code;
      } else {
        // The postman (the stand-in) collects and hands over to the receiving unit: that is the reception.
        const ordered = Date.now();
        let seen: Answer | undefined;
        const received = await waitFor(async () => {
          const r = (seen = await this.http('GET', `/v1/dossiers/${ref}`, { headers: citizen }));
          return r.body?.status === 'received' || r.body?.status === 'routed' ? r : undefined;
        }, 120_000, 200, `pickup of ${ref}`).catch((err: Error) => {
          throw new Error(`${err.message} (last seen: ${seen?.body?.status}, postal ${JSON.stringify(seen?.body?.postal ?? seen?.body?.shipments ?? null).slice(0, 300)})`);
        });
        this.deps.timings('submit → reception', Date.now() - ordered);
        code = received.body.code;
        await this.scan(code, created.body.documents, desk, 'counter');
      }
    }

    for (const [step, agencyId] of plan.agencies.entries()) {
      // The envelope names its chain step (1-based) when there are several.
      const chainStep = plan.agencies.length > 1 ? step + 1 : undefined;
      const assigned = await this.deps.inbox.waitFor(agencyId, code, 'dossier.assigned', chainStep);
      if (step === 0 && receivedAt !== undefined) this.deps.timings('acceptance → agency queue', assigned.at - receivedAt);
      const agency = await this.bearer('agency', agencyId);
      const decide = (body: unknown) => this.timed('decision', () => this.http('POST', `/v1/agency/dossiers/${code}/decisions`, { body, headers: agency }));
      if (step === 0 && plan.outcome === 'refused-by-agency') {
        const refusal = { type: 'reject', reason: 'Hồ sơ không đủ điều kiện giải quyết', legalBasis: 'Điều 19 Nghị định 61/2018/NĐ-CP', officer: agencyOfficer };
        expectStatus('reject', await this.onceRouted(code, () => decide(refusal)), 200);
        return { plan, code, phone: applicant.phone, ...(token ? { token } : {}) };
      }
      expectStatus('accept', await this.onceRouted(code, () => decide({ type: 'accept' })), 200);
      if (step === 0 && plan.outcome === 'withdrawn') {
        expectStatus('withdrawal', await this.http('POST', `/v1/counter/dossiers/${code}/withdrawal`, { body: { reason: 'Công dân không còn nhu cầu', requestSigned: true }, headers: desk }), 200);
        await this.deps.inbox.waitFor(agencyId, code, 'dossier.withdrawn', chainStep);
        return { plan, code, phone: applicant.phone, ...(token ? { token } : {}) };
      }
      if (step === 0 && plan.outcome === 'supplemented') {
        expectStatus('request-supplement', await decide({ type: 'request-supplement', items: [{ document: 'Tờ khai có chữ ký', reason: 'Tờ khai chưa ký' }], officer: agencyOfficer }), 200);
        const answer = token ? await this.http('POST', `/v1/dossiers/${code}/supplement`, { headers: { 'x-dossier-token': token } }) : await this.http('POST', `/v1/counter/dossiers/${code}/supplement`, { body: {}, headers: desk });
        expectStatus('supplement', answer, 200);
        await this.deps.inbox.waitFor(agencyId, code, 'dossier.supplemented', chainStep);
      }
      const last = step === plan.agencies.length - 1;
      if (last) await this.uploadResult(code, agency);
      expectStatus('complete', await decide({ type: 'complete', resultSlots: last ? ['result-1'] : [], summary: 'Đã giải quyết xong' }), 200);
    }

    const completedAt = Date.now();
    if (plan.delivery === 'post') {
      // The postman fails once (not at home) and delivers the second time (the stand-in's script).
      await waitFor(async () => ((await this.view(code, token, desk)).body?.status === 'returned' ? true : undefined), 120_000, 200, `delivery of ${code}`);
    } else {
      await this.payAtDesk(code, desk);
      const handover = { recipient: { kind: 'applicant', fullName: applicant.fullName, identity: { documentType: 'cccd', number: applicant.cccd } }, signedBy: applicant.fullName };
      expectStatus('handover', await this.http('POST', `/v1/counter/dossiers/${code}/handover`, { body: handover, headers: desk }), 200);
    }
    this.deps.timings('delivery', Date.now() - completedAt);
    return { plan, code, phone: applicant.phone, ...(token ? { token } : {}) };
  }

  /**
   * The router records the routing before it sends the message (shared/app/route-dossier.ts), so
   * an agency acting on it at once should never be refused; were it refused (a 403), its consumer
   * tries again, as on a redelivery, and the report counts each time.
   */
  private async onceRouted(code: string, act: () => Promise<Answer>): Promise<Answer> {
    for (let attempt = 0; ; attempt++) {
      const answer = await act();
      if (answer.status !== 403 || attempt >= 25) return answer;
      this.deps.race?.(code);
      await sleep(200);
    }
  }

  /** The dossier as its holder reads it: with the token, else the desk's clerk. */
  view(code: string, token: string | undefined, desk: Record<string, string>): Promise<Answer> {
    return token ? this.http('GET', `/v1/dossiers/${code}`, { headers: { 'x-dossier-token': token } }) : this.http('GET', `/v1/counter/dossiers/${code}`, { headers: desk });
  }

  /** A clerk's headers at a desk (for reading counter dossiers back). */
  deskHeaders(deskId: string): Promise<Record<string, string>> {
    return this.bearer('clerk', deskId);
  }

  /** Cash at the counter for every open payment request, in full (shared/app/payments.ts). */
  private async payAtDesk(code: string, desk: Record<string, string>): Promise<void> {
    const view = expectStatus('counter view', await this.http('GET', `/v1/counter/dossiers/${code}`, { headers: desk }), 200);
    for (const r of (view.body.payments?.requests ?? []) as { id: string; status: string; total: number }[]) {
      if (r.status !== 'open') continue;
      expectStatus('cash payment', await this.http('POST', `/v1/counter/dossiers/${code}/payments`, { body: { requestId: r.id, amount: r.total }, headers: desk }), 201);
    }
  }

  /** Online payment of every open request: the attempt, the gateway's page, "Thanh toán" (the stand-in's control), then the IPN settles it. */
  private async payOnline(ref: string, citizen: Record<string, string>): Promise<void> {
    const view = expectStatus('view', await this.http('GET', `/v1/dossiers/${ref}`, { headers: citizen }), 200);
    for (const r of (view.body.payments?.requests ?? []) as { id: string; status: string }[]) {
      if (r.status !== 'open') continue;
      const started = expectStatus('online payment', await this.http('POST', `/v1/dossiers/${ref}/payments/online`, { body: { requestId: r.id }, headers: citizen }), 201);
      const page = await fetch(started.body.paymentUrl);
      await page.text();
      if (page.status !== 200) throw new Error(`payment page answered ${page.status}`);
      const paid = await fetch(`${this.deps.api}/_local/payments/${encodeURIComponent(started.body.txnRef)}/complete`, { method: 'POST', body: '{}' });
      await paid.text();
      if (paid.status !== 200) throw new Error(`payment gateway complete answered ${paid.status}`);
      await waitFor(async () => {
        const v = await this.http('GET', `/v1/dossiers/${ref}`, { headers: citizen });
        return (v.body?.payments?.requests ?? []).find((x: { id: string }) => x.id === r.id)?.status === 'paid' ? true : undefined;
      }, 60_000, 200, `online payment of ${ref}`);
    }
  }

  /** Uploads every mandatory slot through its presigned form and waits until each is verified. */
  private async scan(refOrCode: string, documents: { id: string; mandatory: boolean }[], headers: Record<string, string>, via: 'citizen' | 'counter'): Promise<void> {
    const base = via === 'counter' ? `/v1/counter/dossiers/${refOrCode}` : `/v1/dossiers/${refOrCode}`;
    const slots = documents.filter((d) => d.mandatory).map((d) => d.id);
    await Promise.all(slots.map((slot) => this.timed('upload', () => uploadPdf(this.deps.api, `${base}/documents/${slot}`, headers))));
    await waitFor(async () => {
      const r = await this.http('GET', base, { headers });
      const docs = (r.body?.documents ?? []) as { id: string; status: string }[];
      const rejected = docs.find((d) => slots.includes(d.id) && d.status === 'rejected');
      if (rejected) throw new Error(`scan ${rejected.id} of ${refOrCode} was rejected`);
      return slots.every((s) => docs.find((d) => d.id === s)?.status === 'verified') ? true : undefined;
    }, 120_000, 200, `scans of ${refOrCode}`);
  }

  private async uploadResult(code: string, agency: Record<string, string>): Promise<void> {
    await uploadPdf(this.deps.api, `/v1/agency/dossiers/${code}/results/result-1`, agency);
    await waitFor(async () => {
      const r = await this.http('GET', `/v1/agency/dossiers/${code}`, { headers: agency });
      const slot = (r.body?.results ?? []).find((d: { id: string }) => d.id === 'result-1');
      if (slot?.status === 'rejected') throw new Error(`result-1 of ${code} was rejected`);
      return slot?.status === 'verified' ? true : undefined;
    }, 120_000, 200, `result of ${code}`);
  }

  private async timed<T>(hop: Hop, act: () => Promise<T>): Promise<T> {
    const started = Date.now();
    const out = await act();
    this.deps.timings(hop, Date.now() - started);
    return out;
  }

  private bearer(role: 'clerk' | 'agency', id: string): Promise<Record<string, string>> {
    const key = `${role}:${id}`;
    if (!this.jwts.has(key)) {
      const claims = role === 'clerk' ? { sub: `replay-clerk-${id}`, 'cognito:groups': ['clerk'], 'custom:service_point_id': id } : { sub: `replay-agency-${id}`, 'cognito:groups': ['agency'], 'custom:agency_id': id };
      this.jwts.set(key, signToken(this.deps.dataDir, { token_use: 'id', ...claims }));
    }
    return this.jwts.get(key)!.then((jwt) => ({ authorization: `Bearer ${jwt}` }));
  }
}
