/**
 * Counter API (JWT, clerks at post-office service points): assisted intake received on the spot,
 * scanning right after, and results to print and hand over. Clerks act for the post office
 * province-wide (dossiers are accepted regardless of boundary, Decree 118/2025).
 */
import { apiContext } from '../shared/app/context.ts';
import { downloadLink, loadDossier, requestUpload, resultDownloadSeconds } from '../shared/app/documents.ts';
import { openDossier } from '../shared/app/dossiers.ts';
import { dossierView } from '../shared/app/views.ts';
import { contracts } from '../shared/contracts/operations.ts';
import { ForbiddenError, NotFoundError } from '../shared/domain/errors.ts';
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
      const found = await deps.store.getWithEvents(params.code);
      if (!found) throw new NotFoundError(`không có hồ sơ "${params.code}"`);
      return { status: 200, body: dossierView({ ...deps, now: deps.now() }, found.dossier, found.events, true) };
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
