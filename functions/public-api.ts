/** Public API: the procedure catalog, dossier creation, scans, submission, tracking, results, online payment. */
import { requireToken, tokenMatches } from '../shared/app/access-token.ts';
import { apiContext } from '../shared/app/context.ts';
import { supplement } from '../shared/app/decisions.ts';
import { downloadLink, loadDossier, requestUpload, resultDownloadSeconds } from '../shared/app/documents.ts';
import { openDossier, replayCreated, submitDossier } from '../shared/app/dossiers.ts';
import { deriveAccessToken } from '../shared/app/keys.ts';
import { returnedOnline } from '../shared/app/handover.ts';
import { dossierReceipt, feeQuote, receiptView } from '../shared/app/payments.ts';
import { postalItemView, postalQuote } from '../shared/app/postal.ts';
import { pdfReply, printForm } from '../shared/app/printables.ts';
import { unitList } from '../shared/app/units.ts';
import { procedureSummary, procedureView, viewDossier } from '../shared/app/views.ts';
import { agencyEnvelopeJsonSchema } from '../shared/contracts/agency-envelope.ts';
import { criteriaView, rate, ratingView, type WithRating } from '../shared/app/ratings.ts';
import { publicContracts as contracts } from '../shared/contracts/operations/public.ts';
import { NotFoundError, UnauthorizedError, ValidationError } from '../shared/domain/errors.ts';
import * as z from 'zod';
import { applyReceipt, smsView } from '../shared/app/sms.ts';
import { dynamoDocuments } from '../shared/aws/clients.ts';
import { readConfig } from '../shared/aws/config.ts';
import { appSecret } from '../shared/aws/secrets.ts';
import { SmsStore } from '../shared/aws/sms-store.ts';
import { smsGatewayCredentials } from '../shared/partners/sms/credentials.ts';
import { parseBrandnameReceipt } from '../shared/partners/sms/http-brandname.ts';
import { SmsReceiptError } from '../shared/partners/sms/provider.ts';
import { quoteValue } from '../shared/domain/text.ts';
import { httpApi, operation } from '../shared/http/api.ts';
import { Logger } from '@aws-lambda-powertools/logger';
import { readReturn, receiveNotification, replayOnlineStart, startOnlinePayment, type OnlinePaymentDeps } from '../shared/app/online-payments.ts';
import { MoneyStore } from '../shared/aws/money-store.ts';
import { paymentGatewayCredentials } from '../shared/partners/payment/credentials.ts';
import { VnpayProvider } from '../shared/partners/payment/vnpay.ts';

const { deps, api } = apiContext();
const smsSecretId = readConfig(z.object({ SMS_GATEWAY_SECRET_ID: z.string() })).SMS_GATEWAY_SECRET_ID;
const sms = new SmsStore(dynamoDocuments(), readConfig(z.object({ DOSSIERS_TABLE: z.string() })).DOSSIERS_TABLE);

/**
 * The brandname gateway's receipt, checked and read; a bad signature is 401, a malformed body 400.
 * (AWS End User Messaging SMS sends no webhook: functions/sms-events.ts reads its events.)
 */
function readReceipt(raw: string, headers: Record<string, string | undefined>, secret: string) {
  try {
    return parseBrandnameReceipt(raw, headers, secret);
  } catch (error) {
    if (error instanceof SmsReceiptError) throw error.reason === 'signature' ? new UnauthorizedError('chữ ký báo cáo không đúng') : ValidationError.field('body', 'báo cáo không đúng định dạng');
    throw error;
  }
}
const { store, province } = deps;
/** The OpenAPI document, built on first request; its generator (zod-openapi) is loaded then, not at cold start. */
let openApi: Promise<unknown> | undefined;

const pg = readConfig(z.object({ DOSSIERS_TABLE: z.string(), PAYMENT_GATEWAY_SECRET_ID: z.string(), PAYMENT_GATEWAY_PAY_URL: z.url(), PAYMENT_GATEWAY_API_URL: z.url(), PAYMENT_GATEWAY_API_TIMEOUT_MS: z.coerce.number().int().positive() }));
const logger = new Logger();
let vnpay: Promise<VnpayProvider> | undefined;
const online: OnlinePaymentDeps = {
  ...deps,
  money: new MoneyStore(dynamoDocuments(), pg.DOSSIERS_TABLE),
  // The credentials on first use (a failed fetch is tried again by the next request).
  gateway: () =>
    (vnpay ??= appSecret(pg.PAYMENT_GATEWAY_SECRET_ID).then(
      (s) => new VnpayProvider({ ...paymentGatewayCredentials(s.toString('utf8')), payUrl: pg.PAYMENT_GATEWAY_PAY_URL, apiUrl: pg.PAYMENT_GATEWAY_API_URL, timeoutMs: pg.PAYMENT_GATEWAY_API_TIMEOUT_MS }),
      (e: unknown) => ((vnpay = undefined), Promise.reject(e)),
    )),
  warn: (message, facts) => logger.warn(message, facts),
};
/** The payer's address for vnp_IpAddr: the first X-Forwarded-For hop (API Gateway and CloudFront add it). */
const payerIp = (forwarded: string | undefined) => forwarded?.split(',')[0]?.trim().match(/^[0-9A-Fa-f.:]{2,45}$/)?.[0] ?? '127.0.0.1';

/** The dossier, once the caller has shown its access token. */
async function ownDossier(code: string, token: string | undefined) {
  const dossier = await loadDossier(store, code);
  requireToken(token, dossier.accessTokenHash);
  return dossier;
}

export const handler = httpApi(
  {
    // The brandname gateway's delivery receipt: authenticated by its signature over the exact body, nothing else.
    smsReceipt: operation(contracts.smsReceipt, async ({ params, headers, rawBody, once }) => {
      const secret = smsGatewayCredentials((await appSecret(smsSecretId)).toString('utf8')).receiptSecret;
      const receipt = readReceipt(rawBody(), headers, secret);
      const outcome = receipt ? await once(() => applyReceipt({ sms, now: deps.now }, params.provider, receipt), async () => 'already' as const) : 'pending';
      return { status: 200, body: { outcome } };
    }),
    quotePostal: operation(contracts.quotePostal, async ({ params, query }) => {
      if (!province.procedures.has(params.id)) throw new NotFoundError(`không có thủ tục ${quoteValue(params.id)}`);
      return { status: 200, body: postalQuote(province, { procedureId: params.id, ...query, now: deps.now() }) };
    }),
    quoteFees: operation(contracts.quoteFees, async ({ params, query }) => ({ status: 200, body: feeQuote(province, params.id, query, deps.now()) })),
    getReceipt: operation(contracts.getReceipt, async ({ params, headers }) => {
      const dossier = await ownDossier(params.code, headers['x-dossier-token']);
      return { status: 200, body: receiptView(await dossierReceipt(deps, dossier, params.receiptId)) };
    }),
    getDossierForm: operation(contracts.getDossierForm, async ({ params, headers }) => {
      const dossier = await ownDossier(params.code, headers['x-dossier-token']);
      return pdfReply(await printForm(deps, dossier, params.form));
    }),
    trackPostalItem: operation(contracts.trackPostalItem, async ({ params }) => ({ status: 200, body: await postalItemView(deps, params.itemId) })),
    listProcedures: operation(contracts.listProcedures, async () => ({
      status: 200,
      body: { items: [...province.procedures.values()].map(procedureSummary) },
    })),
    // The same for everyone and changed only by a deploy or midnight: shared caches may keep it an hour.
    listUnits: operation(contracts.listUnits, async () => ({ status: 200, body: unitList(province, deps.now()), headers: { 'cache-control': 'public, max-age=3600' } })),
    getProcedure: operation(contracts.getProcedure, async ({ params }) => {
      const p = province.procedures.get(params.id);
      if (!p) throw new NotFoundError(`không có thủ tục ${quoteValue(params.id)}`);
      return { status: 200, body: procedureView(province, p) };
    }),
    createDossier: operation(contracts.createDossier, async ({ body, headers, once }) => {
      const secret = await deps.secret();
      const token = deriveAccessToken(secret, 'createDossier', headers['idempotency-key']);
      // A draft writes nothing before its transaction, which carries the key's record: no look-up
      // first. A home pickup allocates its S10 item id first, so its key is looked up before.
      const created = await once(
        () => openDossier({ ...deps, secret }, body, 'online', { token }),
        ({ code }) => replayCreated(deps, code!, token),
        { lookFirst: body.intake?.method === 'home-pickup' },
      );
      return { status: 201, body: created };
    }),
    requestUploadUrl: operation(contracts.requestUploadUrl, async ({ params, headers, body, once }) => {
      await ownDossier(params.code, headers['x-dossier-token']);
      // A replay issues a fresh form for the same declaration (the form carries a signature: never stored).
      const issue = () => requestUpload(deps, { ...params, kind: 'documents', ...body, by: 'citizen' });
      return { status: 201, body: await once(issue, issue) };
    }),
    submitDossier: operation(contracts.submitDossier, async ({ params, headers, once }) => {
      const dossier = await ownDossier(params.code, headers['x-dossier-token']);
      await once(() => submitDossier(deps, dossier), async () => {});
      return { status: 200, body: await viewDossier(deps, params.code, true) };
    }),
    supplementDossier: operation(contracts.supplementDossier, async ({ params, headers, once }) => {
      const dossier = await ownDossier(params.code, headers['x-dossier-token']);
      await once(() => supplement(deps, dossier, 'citizen'), async () => {});
      return { status: 200, body: await viewDossier(deps, params.code, true) };
    }),
    trackDossier: operation(contracts.trackDossier, async ({ params, headers }) => {
      let mine = false;
      const owner = (d: { accessTokenHash: string }) => (mine = tokenMatches(headers['x-dossier-token'], d.accessTokenHash));
      const view = await viewDossier(deps, params.code, owner);
      // The SMS sent for the dossier, to its token holder only (the phone masked).
      return { status: 200, body: mine ? { ...view, sms: smsView(await sms.ofDossier(view.ref)) } : view };
    }),
    getResultDocument: operation(contracts.getResultDocument, async ({ params, headers }) => {
      const dossier = await ownDossier(params.code, headers['x-dossier-token']);
      const link = await downloadLink(deps, dossier, { slot: params.slot, kind: 'results', expiresSeconds: resultDownloadSeconds });
      // An electronic result downloaded by its token holder has been handed over.
      await returnedOnline(deps, dossier, params.slot);
      return { status: 200, body: link };
    }),
    startOnlinePayment: operation(contracts.startOnlinePayment, async ({ params, headers, body, baseUrl, once }) => {
      const dossier = await ownDossier(params.code, headers['x-dossier-token']);
      const input = { requestId: body.requestId, returnUrl: `${baseUrl}/v1/payments/vnpay/return`, ipAddr: payerIp(headers['x-forwarded-for']) };
      const started = await once(() => startOnlinePayment(online, dossier.ref, input), () => replayOnlineStart(online, dossier.ref, body.requestId));
      return { status: 201, body: started };
    }),
    // The gateway's server-to-server notification: authenticated by its checksum only; VNPay reads the answer from a 200.
    vnpayIpn: operation(contracts.vnpayIpn, async ({ query }) => ({ status: 200, body: await receiveNotification(online, query as Record<string, string>) })),
    vnpayReturn: operation(contracts.vnpayReturn, async ({ query }) => ({ status: 200, body: await readReturn(online, query as Record<string, string>) })),
    getOpenApi: operation(contracts.getOpenApi, async ({ baseUrl }) => ({ status: 200, body: await (openApi ??= import('../shared/contracts/openapi.ts').then((m) => m.openApiDocument(baseUrl))) })),
    getAgencyEnvelopeSchema: operation(contracts.getAgencyEnvelopeSchema, async () => ({
      status: 200,
      body: agencyEnvelopeJsonSchema(),
      headers: { 'content-type': 'application/schema+json' },
    })),
    rateDossier: operation(contracts.rateDossier, async ({ params, headers, body, once }) => {
      const dossier: WithRating = await ownDossier(params.code, headers['x-dossier-token']);
      const rating = await once(() => rate(deps, dossier, body, { role: 'citizen' }), async () => ((await loadDossier(store, dossier.ref)) as WithRating).rating!);
      return { status: 201, body: ratingView(rating) };
    }),
    getRatingCriteria: operation(contracts.getRatingCriteria, async () => ({ status: 200, body: criteriaView() })),
  },
  api,
);
