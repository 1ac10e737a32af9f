/**
 * Counter API (JWT, clerks at post-office service points): assisted intake received on the spot,
 * scanning right after, and results to print and hand over. Clerks act for the post office
 * province-wide (dossiers are accepted regardless of boundary, Decree 118/2025).
 */
import { apiContext } from '../shared/app/context.ts';
import { supplement, withdrawAtCounter } from '../shared/app/decisions.ts';
import { loadDossier, requestUpload, resultDownloadSeconds } from '../shared/app/documents.ts';
import { openDossier, replayCreated } from '../shared/app/dossiers.ts';
import { deriveAccessToken } from '../shared/app/keys.ts';
import { counterStaff, downloadAsStaff, readDossierAsStaff, viewAfterStaffAction } from '../shared/app/staff-access.ts';
import { contracts } from '../shared/contracts/operations.ts';
import { httpApi, operation } from '../shared/http/api.ts';

const { deps, api } = apiContext();

export const handler = httpApi(
  {
    counterCreateDossier: operation(contracts.counterCreateDossier, async ({ body, headers, caller, once }) => {
      const staff = counterStaff(deps.province, caller);
      const counter = { servicePointId: staff.servicePointId, by: staff.sub };
      const secret = await deps.secret();
      const token = deriveAccessToken(secret, 'counterCreateDossier', headers['idempotency-key']);
      const created = await once(
        () => openDossier({ ...deps, secret }, body, 'counter', { token, counter }),
        ({ code }) => replayCreated(deps, code!, token),
      );
      return { status: 201, body: created };
    }),
    counterGetDossier: operation(contracts.counterGetDossier, async ({ params, caller }) => ({
      status: 200,
      body: await readDossierAsStaff(deps, counterStaff(deps.province, caller), params.code, 'counterGetDossier'),
    })),
    counterSupplementDossier: operation(contracts.counterSupplementDossier, async ({ params, caller, once }) => {
      const staff = counterStaff(deps.province, caller);
      const dossier = await loadDossier(deps.store, params.code);
      await once(() => supplement(deps, dossier, 'clerk'), async () => {});
      return { status: 200, body: await viewAfterStaffAction(deps, staff, params.code, 'counterSupplementDossier') };
    }),
    counterWithdrawDossier: operation(contracts.counterWithdrawDossier, async ({ params, body, caller, once }) => {
      const staff = counterStaff(deps.province, caller);
      const dossier = await loadDossier(deps.store, params.code);
      await once(() => withdrawAtCounter(deps, dossier, { reason: body.reason, servicePointId: staff.servicePointId }), async () => {});
      return { status: 200, body: await viewAfterStaffAction(deps, staff, params.code, 'counterWithdrawDossier') };
    }),
    counterRequestUploadUrl: operation(contracts.counterRequestUploadUrl, async ({ params, body, caller, once }) => {
      const by = `clerk@${counterStaff(deps.province, caller).servicePointId}`;
      const issue = () => requestUpload(deps, { ...params, kind: 'documents', ...body, by });
      return { status: 201, body: await once(issue, issue) };
    }),
    counterGetResultDocument: operation(contracts.counterGetResultDocument, async ({ params, caller }) => ({
      status: 200,
      body: await downloadAsStaff(deps, counterStaff(deps.province, caller), params.code, { slot: params.slot, kind: 'results', expiresSeconds: resultDownloadSeconds }, 'counterGetResultDocument'),
    })),
  },
  api,
);
