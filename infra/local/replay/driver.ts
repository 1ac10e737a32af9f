/**
 * Plays one planned dossier through the real HTTP API as its people would: the citizen (online or
 * home pickup), the clerk at a one-stop desk (counter intake, cash, scans, handover), the officer
 * who accepts an online dossier, the agency (accept, a supplement request, a result document,
 * complete). The postman is the courier partner stand-in (infra/local/postman.ts), through the
 * courier API; SMS happen by themselves. Each hop's latency goes to `timings`.
 */
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { signToken } from '../keys.ts';
import type { AgencyInbox } from './agency-inbox.ts';
import type { PlannedDossier } from './plan.ts';

/** The replay's procedure and places (the criminal-record certificate, Ia Tô, Ia Grai's desk, the centre's counter). */
export const scene = {
  procedureId: 'ltp-cap-phieu',
  agencyId: 'gl-stp',
  unitId: '23803',
  desk: 'bd-iagrai',
  centre: 'ttphcc-quay-buu-dien',
} as const;

/** A small but real PDF (one empty page): every scan and result of the replay. */
const pdf = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
const pdfSha = createHash('sha256').update(pdf).digest('base64');

export interface HttpAnswer {
  status: number;
  body: any;
}

export type Hop = 'create' | 'upload' | 'submit' | 'acceptance → agency queue' | 'decision' | 'delivery';

export interface DriverDeps {
  api: string;
  dataDir: string;
  inbox: AgencyInbox;
  timings: (hop: Hop, ms: number) => void;
  /** Told each time the agency's first try came before the routing was recorded (a 403). */
  race?: (code: string) => void;
}

/** What the replay knows of a dossier once played: enough to read it back and check it. */
export interface Played {
  plan: PlannedDossier;
  code: string;
  token?: string;
  phone: string;
}

export class Driver {
  private readonly jwts = new Map<string, Promise<string>>();
  constructor(private readonly deps: DriverDeps) {}

  /** Real HTTP; a POST carries an Idempotency-Key and is retried with the same key on a 503 (the API asks for it). */
  async http(method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<HttpAnswer> {
    const key = method === 'POST' ? { 'idempotency-key': randomUUID() } : {};
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${this.deps.api}${path}`, {
        method,
        headers: { ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...key, ...options.headers },
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      });
      const text = await res.text();
      if (res.status === 503 && attempt < 5) {
        await sleep(500 * (attempt + 1));
        continue;
      }
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON */
      }
      return { status: res.status, body };
    }
  }

  /** Plays the whole journey of one dossier; throws (naming the step) when the API answers otherwise than a person expects. */
  async play(plan: PlannedDossier): Promise<Played> {
    const phone = `098${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
    const cccd = `0641900${String(randomInt(0, 100_000)).padStart(5, '0')}`;
    const applicant = { fullName: 'Nguyễn Thị Hoa', cccd, phone, address: { line: 'Thôn Plei Ia Tô', unitId: scene.unitId } };
    const resultDelivery = plan.delivery === 'post' ? { method: 'post' } : { method: 'counter', servicePointId: scene.desk };
    const desk = await this.bearer('clerk', scene.desk);

    let code: string;
    let token: string | undefined;
    let receivedAt: number | undefined;
    if (plan.channel === 'counter') {
      const created = await this.timed('create', () => this.http('POST', '/v1/counter/dossiers', { body: { procedureId: scene.procedureId, applicant, resultDelivery, smsOptIn: true }, headers: desk }));
      expect(created, 201, 'counter intake');
      code = created.body.code;
      token = created.body.accessToken;
      await this.payAtDesk(code, desk);
      await this.scan(code, created.body.documents, desk, 'counter');
    } else {
      const intake = plan.channel === 'home-pickup' ? { intake: { method: 'home-pickup' } } : {};
      const created = await this.timed('create', () => this.http('POST', '/v1/dossiers', { body: { procedureId: scene.procedureId, applicant, resultDelivery, ...intake } }));
      expect(created, 201, 'create');
      const ref = created.body.ref as string;
      token = created.body.accessToken as string;
      if (plan.channel === 'online') {
        await this.scan(ref, created.body.documents, { 'x-dossier-token': token }, 'citizen');
        expect(await this.timed('submit', () => this.http('POST', `/v1/dossiers/${ref}/submit`, { headers: { 'x-dossier-token': token! } })), 200, 'submit');
        const officer = await this.bearer('clerk', this.deskOfCentre(created.body.receivingUnit.id));
        // From the officer's click: the router may put the message on the queue before his answer comes back.
        receivedAt = Date.now();
        const received = await this.http('POST', `/v1/counter/dossiers/${ref}/acceptance`, { body: { officer: 'Rơ Mah H’Lan' }, headers: officer });
        expect(received, 200, 'acceptance');
        code = received.body.form.code;
      } else {
        // The postman (the stand-in) collects and hands over at the centre: that is the reception.
        const received = await this.until(`pickup of ${ref}`, async () => {
          const r = await this.http('GET', `/v1/dossiers/${ref}`, { headers: { 'x-dossier-token': token! } });
          return r.body?.status === 'received' ? r : undefined;
        });
        code = received.body.code;
        await this.scan(code, created.body.documents, await this.bearer('clerk', scene.centre), 'counter');
      }
    }

    const assigned = await this.deps.inbox.waitFor(code, 'dossier.assigned');
    if (receivedAt !== undefined) this.deps.timings('acceptance → agency queue', assigned.at - receivedAt);

    const agency = await this.bearer('agency', scene.agencyId);
    const decide = (body: unknown) => this.timed('decision', () => this.http('POST', `/v1/agency/dossiers/${code}/decisions`, { body, headers: agency }));
    expect(await this.acceptOnceRouted(code, decide), 200, 'accept');
    if (plan.supplement) {
      expect(await decide({ type: 'request-supplement', items: [{ document: 'Tờ khai có chữ ký', reason: 'Tờ khai chưa ký' }], officer: 'Nguyễn Văn B' }), 200, 'request-supplement');
      const answer = token ? await this.http('POST', `/v1/dossiers/${code}/supplement`, { headers: { 'x-dossier-token': token } }) : await this.http('POST', `/v1/counter/dossiers/${code}/supplement`, { body: {}, headers: desk });
      expect(answer, 200, 'supplement');
      await this.deps.inbox.waitFor(code, 'dossier.supplemented');
    }
    await this.uploadResult(code, agency);
    expect(await decide({ type: 'complete', resultSlots: ['result-1'], summary: 'Đã cấp Phiếu lý lịch tư pháp' }), 200, 'complete');

    const completedAt = Date.now();
    if (plan.delivery === 'post') {
      // The postman fails once (not at home) and delivers the second time (the stand-in's script).
      await this.until(`delivery of ${code}`, async () => ((await this.view(code, token, desk)).body?.status === 'returned' ? true : undefined));
    } else {
      await this.payAtDesk(code, desk);
      const handed = await this.http('POST', `/v1/counter/dossiers/${code}/handover`, {
        body: { recipient: { kind: 'applicant', fullName: applicant.fullName, identity: { documentType: 'cccd', number: cccd } }, signedBy: applicant.fullName },
        headers: desk,
      });
      expect(handed, 200, 'handover');
    }
    this.deps.timings('delivery', Date.now() - completedAt);
    return { plan, code, phone, ...(token ? { token } : {}) };
  }

  /**
   * The router records the routing before it sends the message (shared/app/route-dossier.ts), so
   * an agency acting on it at once is never refused; were it refused (a 403, shared/app/documents.ts),
   * its consumer would try again, as on a redelivery, and the report counts each time as a failure.
   */
  private async acceptOnceRouted(code: string, decide: (body: unknown) => Promise<HttpAnswer>): Promise<HttpAnswer> {
    for (let attempt = 0; ; attempt++) {
      const answer = await decide({ type: 'accept' });
      if (answer.status !== 403 || attempt >= 25) return answer;
      this.deps.race?.(code);
      await sleep(200);
    }
  }

  /** The dossier as its holder reads it: with the token, else the desk's clerk. */
  view(code: string, token: string | undefined, desk: Record<string, string>): Promise<HttpAnswer> {
    return token ? this.http('GET', `/v1/dossiers/${code}`, { headers: { 'x-dossier-token': token } }) : this.http('GET', `/v1/counter/dossiers/${code}`, { headers: desk });
  }

  /** A clerk's headers at the replay's desk (for reading counter dossiers back). */
  deskHeaders(): Promise<Record<string, string>> {
    return this.bearer('clerk', scene.desk);
  }

  private deskOfCentre(receivingUnitId: string): string {
    // Online dossiers of the procedure are received by the provincial centre, whose counter is the post office's.
    if (receivingUnitId !== 'ttphcc-gialai') throw new Error(`unexpected receiving unit ${receivingUnitId}`);
    return scene.centre;
  }

  /** Cash at the counter for every open payment request, in full (shared/app/payments.ts). */
  private async payAtDesk(code: string, desk: Record<string, string>): Promise<void> {
    const view = await this.http('GET', `/v1/counter/dossiers/${code}`, { headers: desk });
    expect(view, 200, 'counter view');
    for (const r of (view.body.payments?.requests ?? []) as { id: string; status: string; total: number }[]) {
      if (r.status !== 'open') continue;
      expect(await this.http('POST', `/v1/counter/dossiers/${code}/payments`, { body: { requestId: r.id, amount: r.total }, headers: desk }), 201, 'cash payment');
    }
  }

  /** Uploads every mandatory slot through its presigned form and waits until each is verified. */
  private async scan(refOrCode: string, documents: { id: string; mandatory: boolean }[], headers: Record<string, string>, via: 'citizen' | 'counter'): Promise<void> {
    const base = via === 'counter' ? `/v1/counter/dossiers/${refOrCode}` : `/v1/dossiers/${refOrCode}`;
    const slots = documents.filter((d) => d.mandatory).map((d) => d.id);
    await Promise.all(
      slots.map((slot) =>
        this.timed('upload', async () => {
          const asked = await this.http('POST', `${base}/documents/${slot}/upload-url`, { body: { contentType: 'application/pdf', size: pdf.length, sha256: pdfSha }, headers });
          expect(asked, 201, `upload-url ${slot}`);
          await postForm(asked.body, `upload ${slot}`);
          return asked;
        }),
      ),
    );
    await this.until(`scans of ${refOrCode}`, async () => {
      const r = await this.http('GET', base, { headers });
      const docs = (r.body?.documents ?? []) as { id: string; status: string }[];
      const rejected = docs.find((d) => slots.includes(d.id) && d.status === 'rejected');
      if (rejected) throw new Error(`scan ${rejected.id} of ${refOrCode} was rejected`);
      return slots.every((s) => docs.find((d) => d.id === s)?.status === 'verified') ? true : undefined;
    });
  }

  private async uploadResult(code: string, agency: Record<string, string>): Promise<void> {
    const asked = await this.http('POST', `/v1/agency/dossiers/${code}/results/result-1/upload-url`, { body: { contentType: 'application/pdf', size: pdf.length, sha256: pdfSha }, headers: agency });
    expect(asked, 201, 'result upload-url');
    await postForm(asked.body, 'result upload');
    await this.until(`result of ${code}`, async () => {
      const r = await this.http('GET', `/v1/agency/dossiers/${code}`, { headers: agency });
      const slot = (r.body?.results ?? []).find((d: { id: string }) => d.id === 'result-1');
      if (slot?.status === 'rejected') throw new Error(`result-1 of ${code} was rejected`);
      return slot?.status === 'verified' ? true : undefined;
    });
  }

  private async timed(hop: Hop, act: () => Promise<HttpAnswer>): Promise<HttpAnswer> {
    const started = Date.now();
    const out = await act();
    this.deps.timings(hop, Date.now() - started);
    return out;
  }

  private async until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const out = await probe();
      if (out !== undefined) return out;
      await sleep(200);
    }
    throw new Error(`${what}: not done within ${timeoutMs} ms`);
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

/** POSTs the scan to a presigned form as a browser does (fields, then the file). */
async function postForm(form: { url: string; fields: Record<string, string> }, what: string): Promise<void> {
  const body = new FormData();
  for (const [k, v] of Object.entries(form.fields)) body.append(k, v);
  body.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'scan.pdf');
  const res = await fetch(form.url, { method: 'POST', body });
  if (res.status !== 204) throw new Error(`${what}: S3 answered ${res.status}`);
}

function expect(answer: HttpAnswer, status: number, step: string): void {
  if (answer.status !== status) throw new Error(`${step} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 400)}`);
}
