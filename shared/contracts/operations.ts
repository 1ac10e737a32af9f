/**
 * Per operation: the schemas of its parameters, headers, body and success response. The API
 * functions validate with these, and the OpenAPI document is generated from them.
 * Each API function imports its audience's contracts only (./operations/<audience>.ts); this module
 * joins them for the OpenAPI document and the tests.
 */

import type { OperationId } from './routes.ts';
import { adminContracts } from './operations/admin.ts';
import { agencyContracts } from './operations/agency.ts';
import type { Contract } from './operations/common.ts';
import { counterContracts } from './operations/counter.ts';
import { courierContracts } from './operations/courier.ts';
import { publicContracts } from './operations/public.ts';

export type { Contract } from './operations/common.ts';

export const contracts = { ...publicContracts, ...counterContracts, ...agencyContracts, ...courierContracts, ...adminContracts } as const satisfies Record<OperationId, Contract>;
