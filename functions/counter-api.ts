/**
 * Counter API (JWT, clerks at post-office service points): assisted intake received on the spot,
 * scanning right after, and results to print and hand over. Clerks act for the post office
 * province-wide (dossiers are accepted regardless of boundary, Decree 118/2025).
 */
import { apiContext } from '../shared/app/context.ts';
import { supplement, withdrawAtCounter } from '../shared/app/decisions.ts';
import { downloadLink, loadDossier, requestUpload, resultDownloadSeconds } from '../shared/app/documents.ts';
import { openDossier, replayCreated } from '../shared/app/dossiers.ts';
import { deriveAccessToken } from '../shared/app/keys.ts';
import { viewDossier } from '../shared/app/views.ts';
import { contracts } from '../shared/contracts/operations.ts';
import { ForbiddenError } from '../shared/domain/errors.ts';
import type { Caller } from '../shared/http/claims.ts';
import { httpApi, operation } from '../shared/http/api.ts';

const { deps, api } = apiContext();

function servicePoint(caller: Caller | undefined): string {
  if (!caller?.servicePointId) throw new ForbiddenError('tài khoản nhân viên chưa gắn với điểm phục vụ (custom:service_point_id)');
  return caller.servicePointId;
}

export const handler = httpApi(
  {
    counterCreateDossier: operation(contracts.counterCreateDossier, async ({ body, headers, caller, once }) => {
      const counter = { servicePointId: servicePoint(caller) };
      const secret = await deps.secret();
      const token = deriveAccessToken(secret, 'counterCreateDossier', headers['idempotency-key']);
      const created = await once(
        () => openDossier({ ...deps, secret }, body, 'counter', { token, counter }),
        ({ code }) => replayCreated(deps, code!, token),
      );
      return { status: 201, body: created };
    }),
    counterGetDossier: operation(contracts.counterGetDossier, async ({ params, caller }) => {
      servicePoint(caller);
      return { status: 200, body: await viewDossier(deps, params.code, true) };
    }),
    counterSupplementDossier: operation(contracts.counterSupplementDossier, async ({ params, caller, once }) => {
      servicePoint(caller);
      const dossier = await loadDossier(deps.store, params.code);
      await once(() => supplement(deps, dossier, 'clerk'), async () => {});
      return { status: 200, body: await viewDossier(deps, params.code, true) };
    }),
    counterWithdrawDossier: operation(contracts.counterWithdrawDossier, async ({ params, body, caller, once }) => {
      const servicePointId = servicePoint(caller);
      const dossier = await loadDossier(deps.store, params.code);
      await once(() => withdrawAtCounter(deps, dossier, { reason: body.reason, servicePointId }), async () => {});
      return { status: 200, body: await viewDossier(deps, params.code, true) };
    }),
    counterRequestUploadUrl: operation(contracts.counterRequestUploadUrl, async ({ params, body, caller, once }) => {
      const by = `clerk@${servicePoint(caller)}`;
      const issue = () => requestUpload(deps, { ...params, kind: 'documents', ...body, by });
      return { status: 201, body: await once(issue, issue) };
    }),
    counterGetResultDocument: operation(contracts.counterGetResultDocument, async ({ params, caller }) => {
      servicePoint(caller);
      const dossier = await loadDossier(deps.store, params.code);
      return { status: 200, body: await downloadLink(deps, dossier, { slot: params.slot, kind: 'results', expiresSeconds: resultDownloadSeconds }) };
    }),
  },
  api,
);
