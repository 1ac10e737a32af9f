/** Agency API (JWT, agency-scoped): an agency reads the dossiers routed to it. */
import { z } from 'zod';
import { dynamoDocuments } from '../shared/aws/clients.ts';
import { readConfig } from '../shared/aws/config.ts';
import { DossierStore } from '../shared/aws/dossier-store.ts';
import { dossierView } from '../shared/app/views.ts';
import { contracts } from '../shared/contracts/operations.ts';
import { ForbiddenError, NotFoundError } from '../shared/domain/errors.ts';
import { httpApi, operation } from '../shared/http/api.ts';
import { province as loadProvince } from '../shared/province/index.ts';
import { vietnamCalendar } from '../shared/calendar/index.ts';

const config = readConfig(z.object({ DOSSIERS_TABLE: z.string(), PROVINCE_DATASET: z.string() }));
const province = loadProvince(config.PROVINCE_DATASET);
const store = new DossierStore(dynamoDocuments(), config.DOSSIERS_TABLE);
const calendar = vietnamCalendar();

export const handler = httpApi({
  agencyGetDossier: operation(contracts.agencyGetDossier, async ({ params, caller }) => {
    const found = await store.getWithEvents(params.code);
    if (!found) throw new NotFoundError(`không có hồ sơ "${params.code}"`);
    // Only the agency the dossier was routed to may read it (and its applicant's details).
    if (!caller?.agencyId || caller.agencyId !== found.dossier.agencyId || !found.dossier.routedAt)
      throw new ForbiddenError('hồ sơ không được chuyển đến cơ quan của bạn');
    return { status: 200, body: dossierView({ province, calendar, now: new Date() }, found.dossier, found.events, true) };
  }),
});
