/**
 * Counter API (JWT, clerks at post-office service points): assisted intake received on the spot,
 * scanning right after, and results to print and hand over. Clerks act for the post office
 * province-wide (dossiers are accepted regardless of boundary, Decree 118/2025).
 */
import { apiContext } from '../shared/app/context.ts';
import { supplement, withdrawAtCounter } from '../shared/app/decisions.ts';
import { loadDossier, requestUpload, resultDownloadSeconds } from '../shared/app/documents.ts';
import { openDossier } from '../shared/app/dossiers.ts';
import { counterStaff, downloadAsStaff, readDossierAsStaff, viewAfterStaffAction } from '../shared/app/staff-access.ts';
import { contracts } from '../shared/contracts/operations.ts';
import { httpApi, operation } from '../shared/http/api.ts';

const { config, deps } = apiContext();

export const handler = httpApi(
  {
    counterCreateDossier: operation(contracts.counterCreateDossier, async ({ body, caller }) => ({
      status: 201,
      body: await openDossier(deps, body, 'counter', { servicePointId: counterStaff(deps.province, caller).servicePointId }),
    })),
    counterGetDossier: operation(contracts.counterGetDossier, async ({ params, caller }) => ({
      status: 200,
      body: await readDossierAsStaff(deps, counterStaff(deps.province, caller), params.code, 'counterGetDossier'),
    })),
    counterSupplementDossier: operation(contracts.counterSupplementDossier, async ({ params, caller }) => {
      const staff = counterStaff(deps.province, caller);
      await supplement(deps, await loadDossier(deps.store, params.code), 'clerk');
      return { status: 200, body: await viewAfterStaffAction(deps, staff, params.code, 'counterSupplementDossier') };
    }),
    counterWithdrawDossier: operation(contracts.counterWithdrawDossier, async ({ params, body, caller }) => {
      const staff = counterStaff(deps.province, caller);
      await withdrawAtCounter(deps, await loadDossier(deps.store, params.code), { reason: body.reason, servicePointId: staff.servicePointId });
      return { status: 200, body: await viewAfterStaffAction(deps, staff, params.code, 'counterWithdrawDossier') };
    }),
    counterRequestUploadUrl: operation(contracts.counterRequestUploadUrl, async ({ params, body, caller }) => ({
      status: 201,
      body: await requestUpload(deps, { ...params, kind: 'documents', ...body, by: `clerk@${counterStaff(deps.province, caller).servicePointId}` }),
    })),
    counterGetResultDocument: operation(contracts.counterGetResultDocument, async ({ params, caller }) => ({
      status: 200,
      body: await downloadAsStaff(deps, counterStaff(deps.province, caller), params.code, { slot: params.slot, kind: 'results', expiresSeconds: resultDownloadSeconds }, 'counterGetResultDocument'),
    })),
  },
  { idempotencyTable: config.IDEMPOTENCY_TABLE },
);
