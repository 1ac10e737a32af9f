/** The courier API's answers as the postman's page reads them: the contracts' own types (type-only imports, nothing bundled). */
import type * as z from 'zod';
import type { attemptResultSchema, shipmentListSchema, shipmentViewSchema } from '../../shared/contracts/courier.ts';

export type Shipment = z.infer<typeof shipmentViewSchema>;
export type ShipmentList = z.infer<typeof shipmentListSchema>;
export type AttemptResult = z.infer<typeof attemptResultSchema>;
