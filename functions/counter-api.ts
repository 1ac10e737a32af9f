/**
 * Counter API (JWT, clerks at post-office service points): assisted intake received on the spot,
 * scanning right after, and results to print and hand over. Clerks act for the post office
 * province-wide (dossiers are accepted regardless of boundary, Decree 118/2025).
 */
import { apiContext } from '../shared/app/context.ts';
import { supplement, withdrawAtCounter } from '../shared/app/decisions.ts';
import { downloadLink, loadDossier, requestUpload, resultDownloadSeconds } from '../shared/app/documents.ts';
import { openDossier } from '../shared/app/dossiers.ts';
import { viewDossier } from '../shared/app/views.ts';
import { contracts } from '../shared/contracts/operations.ts';
import { ForbiddenError } from '../shared/domain/errors.ts';
import type { Caller } from '../shared/http/claims.ts';
import { httpApi, operation } from '../shared/http/api.ts';

const { config, deps } = apiContext();

function servicePoint(caller: Caller | undefined): string {
  if (!caller?.servicePointId) throw new ForbiddenError('tài khoản nhân viên chưa gắn với điểm phục vụ (custom:service_point_id)');
  return caller.servicePointId;
}

export const handler = httpApi(
  {
    counterCreateDossier: operation(contracts.counterCreateDossier, async ({ body, caller }) => ({
      status: 201,
      body: await openDossier(deps, body, 'counter', { servicePointId: servicePoint(caller) }),
    })),
    counterGetDossier: operation(contracts.counterGetDossier, async ({ params, caller }) => {
      servicePoint(caller);
      return { status: 200, body: await viewDossier(deps, params.code, true) };
    }),
    counterSupplementDossier: operation(contracts.counterSupplementDossier, async ({ params, caller }) => {
      servicePoint(caller);
      await supplement(deps, await loadDossier(deps.store, params.code), 'clerk');
      return { status: 200, body: await viewDossier(deps, params.code, true) };
    }),
    counterWithdrawDossier: operation(contracts.counterWithdrawDossier, async ({ params, body, caller }) => {
      await withdrawAtCounter(deps, await loadDossier(deps.store, params.code), { reason: body.reason, servicePointId: servicePoint(caller) });
      return { status: 200, body: await viewDossier(deps, params.code, true) };
    }),
    counterRequestUploadUrl: operation(contracts.counterRequestUploadUrl, async ({ params, body, caller }) => ({
      status: 201,
      body: await requestUpload(deps, { ...params, kind: 'documents', ...body, by: `clerk@${servicePoint(caller)}` }),
    })),
    counterGetResultDocument: operation(contracts.counterGetResultDocument, async ({ params, caller }) => {
      servicePoint(caller);
      const dossier = await loadDossier(deps.store, params.code);
      return { status: 200, body: await downloadLink(deps, dossier, { slot: params.slot, kind: 'results', expiresSeconds: resultDownloadSeconds }) };
    }),
  },
  { idempotencyTable: config.IDEMPOTENCY_TABLE },
);
