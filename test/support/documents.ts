/** Uploading scans the way a browser does: ask for the form, then a multipart POST to S3. */
import { randomUUID } from 'node:crypto';
import { postForm, samplePdf, sha256 } from '../../infra/local/replay/client.ts';
import { province } from '../../shared/province/index.ts';
import { eventually, http, type HttpResult } from './cloud.ts';
import { agencyToken, clerkToken } from './tokens.ts';

export { postForm, samplePdf, sha256 } from '../../infra/local/replay/client.ts';

export interface UploadOptions {
  contentType?: string;
  /** What the client declares (defaults: the real size and checksum). */
  declared?: { size?: number; sha256?: string };
  headers?: Record<string, string>;
  /** Path prefix of the upload-url route: citizen (default) or counter. */
  via?: 'citizen' | 'counter';
}

/** Asks for an upload form for a slot. */
export function askUpload(code: string, slot: string, file: Buffer, options: UploadOptions & { token?: string } = {}): Promise<HttpResult> {
  const base = options.via === 'counter' ? `/v1/counter/dossiers/${code}` : `/v1/dossiers/${code}`;
  return http('POST', `${base}/documents/${slot}/upload-url`, {
    body: { contentType: options.contentType ?? 'application/pdf', size: options.declared?.size ?? file.length, sha256: options.declared?.sha256 ?? sha256(file) },
    headers: { ...(options.token ? { 'x-dossier-token': options.token } : {}), ...options.headers },
  });
}

/** Uploads a file to a slot and returns the S3 answer's status. */
export async function uploadScan(code: string, slot: string, token: string | undefined, file: Buffer = samplePdf, options: UploadOptions = {}): Promise<number> {
  const asked = await askUpload(code, slot, file, { ...options, ...(token ? { token } : {}) });
  if (asked.status !== 201) throw new Error(`upload-url answered ${asked.status}: ${JSON.stringify(asked.body)}`);
  return (await postForm(asked.body, file, options.contentType ?? 'application/pdf')).status;
}

/** Waits until a slot leaves "uploaded"/"empty" and returns its state, as the token holder sees it. */
export function slotState(code: string, slot: string, headers: Record<string, string>, path = `/v1/dossiers/${code}`): Promise<any> {
  return eventually(async () => {
    const res = await http('GET', path, { headers });
    const s = res.body.documents?.find((d: any) => d.id === slot) ?? res.body.results?.find((d: any) => d.id === slot);
    return s && (s.status === 'verified' || s.status === 'rejected') ? s : undefined;
    // Two halves must land (the file checks and the malware stand-in's result), each an async
    // invocation with retries, while the test cloud shares two cores with CDK synthesis.
  }, 45_000);
}

/**
 * Creates a dossier, uploads a verified PDF to every mandatory slot, and submits it. `ref` is the
 * reference of the draft; `code` the dossier code given at reception.
 */
export async function createAndSubmit(body: unknown, headers: Record<string, string> = {}) {
  const created = await http('POST', '/v1/dossiers', { body, headers });
  if (created.status !== 201) throw new Error(`create answered ${created.status}: ${JSON.stringify(created.body)}`);
  const token = created.body.accessToken as string;
  for (const slot of created.body.documents.filter((d: any) => d.mandatory)) {
    await uploadScan(created.body.ref, slot.id, token);
    const state = await slotState(created.body.ref, slot.id, { 'x-dossier-token': token });
    if (state.status !== 'verified') throw new Error(`slot ${slot.id} was ${state.status}: ${state.reason}`);
  }
  const submitted = await http('POST', `/v1/dossiers/${created.body.ref}/submit`, { headers: { 'x-dossier-token': token } });
  if (submitted.status !== 200) throw new Error(`submit answered ${submitted.status}: ${JSON.stringify(submitted.body)}`);
  return { created, submitted, ref: created.body.ref as string, token };
}

/** A one-stop desk of a receiving unit: where its officers sit (the centre's counter for the centre). */
export function deskOf(receivingUnitId: string): string {
  const desk = [...province().servicePoints.values()].find((p) => p.receivingUnit === receivingUnitId);
  if (!desk) throw new Error(`no one-stop desk belongs to ${receivingUnitId}`);
  return desk.id;
}

/** The headers of an officer of a receiving unit (a clerk at one of its desks). */
export async function officerOf(receivingUnitId: string): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await clerkToken(deskOf(receivingUnitId))}` };
}

/**
 * Creates a dossier, uploads its mandatory scans, submits it, and has an officer of its receiving
 * unit accept it: the dossier is received (code, clock) and the router sends it on. `submitted`
 * is the answer to the submit (status new), `received` the officer's (form 01 and the dossier).
 */
export async function createSubmitAndReceive(body: unknown, headers: Record<string, string> = {}) {
  const done = await createAndSubmit(body, headers);
  const received = await http('POST', `/v1/counter/dossiers/${done.ref}/acceptance`, { body: { officer: 'Rơ Mah H’Lan' }, headers: await officerOf(done.created.body.receivingUnit.id) });
  if (received.status !== 200) throw new Error(`acceptance answered ${received.status}: ${JSON.stringify(received.body)}`);
  return { ...done, received, code: received.body.form.code as string };
}

/** The agency uploads a result document through its presigned form; answers the slot's state once checked. */
export async function uploadResult(code: string, jwt: string, slot = 'result-1', file: Buffer = samplePdf): Promise<any> {
  const asked = await http('POST', `/v1/agency/dossiers/${code}/results/${slot}/upload-url`, {
    body: { contentType: 'application/pdf', size: file.length, sha256: sha256(file) },
    headers: { authorization: `Bearer ${jwt}`, 'idempotency-key': randomUUID() },
  });
  if (asked.status !== 201) throw new Error(`result upload-url answered ${asked.status}: ${JSON.stringify(asked.body)}`);
  const posted = await postForm(asked.body, file);
  if (posted.status !== 204) throw new Error(`result upload answered ${posted.status}`);
  return slotState(code, slot, { authorization: `Bearer ${jwt}` }, `/v1/agency/dossiers/${code}`);
}

/** Once routed, the agency accepts the dossier, uploads a verified result and completes it: the dossier is result-ready. */
export async function completeAtAgency(code: string, agencyId = 'gl-stp', summary = 'Đã cấp Phiếu lý lịch tư pháp'): Promise<HttpResult> {
  const jwt = await agencyToken(agencyId);
  const decide = (body: unknown) => http('POST', `/v1/agency/dossiers/${code}/decisions`, { body, headers: { authorization: `Bearer ${jwt}`, 'idempotency-key': randomUUID() } });
  await eventually(async () => ((await http('GET', `/v1/dossiers/${code}`)).body.routedAt ? true : undefined), 30_000);
  const accepted = await decide({ type: 'accept' });
  if (accepted.status !== 200) throw new Error(`accept answered ${accepted.status}: ${JSON.stringify(accepted.body)}`);
  const result = await uploadResult(code, jwt);
  if (result.status !== 'verified') throw new Error(`result-1 was ${result.status}`);
  const done = await decide({ type: 'complete', resultSlots: ['result-1'], summary });
  if (done.status !== 200) throw new Error(`complete answered ${done.status}: ${JSON.stringify(done.body)}`);
  return done;
}
