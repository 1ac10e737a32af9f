/**
 * Courier API (JWT, role `courier`: a postman of a post office): the open shipments of his post
 * office, taking one, the pickup at the citizen's door, the hand-over at the receiving unit (its
 * reception), result delivery with attempts and proof. A postman acts only on his own office's
 * shipments, and only on those he took (shared/app/courier.ts).
 */
import { apiContext } from '../shared/app/context.ts';
import { acceptShipment, atPostOffice, courierStaff, deliver, getShipment, handOver, myShipments, pickUp, proofUploadForm, recordAttempt, sendOut } from '../shared/app/courier.ts';
import { printPickupSlipAsPostman } from '../shared/app/printables.ts';
import { courierContracts as contracts } from '../shared/contracts/operations/courier.ts';
import { httpApi, operation } from '../shared/http/api.ts';

const { deps, api } = apiContext();

export const handler = httpApi(
  {
    courierListShipments: operation(contracts.courierListShipments, async ({ caller }) => ({ status: 200, body: await myShipments(deps, courierStaff(deps.province, caller)) })),
    courierGetShipment: operation(contracts.courierGetShipment, async ({ params, caller }) => ({ status: 200, body: await getShipment(deps, courierStaff(deps.province, caller), params.itemId) })),
    courierGetPickupSlip: operation(contracts.courierGetPickupSlip, async ({ params, caller }) => printPickupSlipAsPostman(deps, courierStaff(deps.province, caller), params.itemId)),
    // A replay answers the shipment as it is now (it moved on, or not): never a stored answer.
    courierAcceptShipment: operation(contracts.courierAcceptShipment, async ({ params, body, caller, once }) => {
      const postman = courierStaff(deps.province, caller);
      return { status: 200, body: await once(() => acceptShipment(deps, postman, params.itemId, body), () => getShipment(deps, postman, params.itemId)) };
    }),
    courierPickUp: operation(contracts.courierPickUp, async ({ params, body, caller, once }) => {
      const postman = courierStaff(deps.province, caller);
      return { status: 200, body: await once(() => pickUp(deps, postman, params.itemId, body), () => getShipment(deps, postman, params.itemId)) };
    }),
    courierHandOver: operation(contracts.courierHandOver, async ({ params, body, caller, once }) => {
      const postman = courierStaff(deps.province, caller);
      return { status: 200, body: await once(() => handOver(deps, postman, params.itemId, body), () => getShipment(deps, postman, params.itemId)) };
    }),
    courierAtPostOffice: operation(contracts.courierAtPostOffice, async ({ params, caller, once }) => {
      const postman = courierStaff(deps.province, caller);
      return { status: 200, body: await once(() => atPostOffice(deps, postman, params.itemId), () => getShipment(deps, postman, params.itemId)) };
    }),
    courierSendOut: operation(contracts.courierSendOut, async ({ params, caller, once }) => {
      const postman = courierStaff(deps.province, caller);
      return { status: 200, body: await once(() => sendOut(deps, postman, params.itemId), () => getShipment(deps, postman, params.itemId)) };
    }),
    courierRecordAttempt: operation(contracts.courierRecordAttempt, async ({ params, body, caller, once }) => {
      const postman = courierStaff(deps.province, caller);
      const replay = async () => {
        const shipment = await getShipment(deps, postman, params.itemId);
        return { attempt: shipment.attempts.length, returned: shipment.status === 'returned', shipment };
      };
      return { status: 200, body: await once(() => recordAttempt(deps, postman, params.itemId, body), replay) };
    }),
    courierProofUploadUrl: operation(contracts.courierProofUploadUrl, async ({ params, body, caller, once }) => {
      const postman = courierStaff(deps.province, caller);
      // A replay issues a fresh form for the same declaration (a form carries a signature: never stored).
      const issue = () => proofUploadForm(deps, postman, params.itemId, body);
      return { status: 201, body: await once(issue, issue) };
    }),
    courierDeliver: operation(contracts.courierDeliver, async ({ params, body, caller, once }) => {
      const postman = courierStaff(deps.province, caller);
      return { status: 200, body: await once(() => deliver(deps, postman, params.itemId, body), () => getShipment(deps, postman, params.itemId)) };
    }),
  },
  api,
);
