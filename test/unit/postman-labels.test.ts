import { describe, expect, it } from 'vitest';
import { dueTimingLabels } from '../../shared/domain/postal/due.ts';
import * as domain from '../../shared/domain/postal/shipment.ts';
import * as page from '../../web/postman/labels.ts';

describe('the postman page’s choices', () => {
  it('offer exactly the attempt reasons (of a delivery, of a pickup visit), recipient relations and identity documents the courier API takes, with the same labels', () => {
    expect(page.attemptReasons).toEqual(domain.attemptReasons);
    expect(page.pickupAttemptReasons).toEqual(domain.pickupAttemptReasons);
    expect(page.recipientRelations).toEqual(domain.recipientRelations);
    expect(page.identityDocuments).toEqual(domain.identityDocuments);
  });

  it('name the list’s tabs as the courier API names a shipment’s due timing', () => {
    expect(page.dueTimingLabels).toEqual(dueTimingLabels);
  });
});
