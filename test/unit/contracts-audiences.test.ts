/** Each API function bundles its audience's operation contracts only (shared/contracts/operations/), and together they are every route's. */
import { describe, expect, it } from 'vitest';
import { contracts } from '../../shared/contracts/operations.ts';
import { adminContracts } from '../../shared/contracts/operations/admin.ts';
import { agencyContracts } from '../../shared/contracts/operations/agency.ts';
import { counterContracts } from '../../shared/contracts/operations/counter.ts';
import { courierContracts } from '../../shared/contracts/operations/courier.ts';
import { publicContracts } from '../../shared/contracts/operations/public.ts';
import { audiences, routes } from '../../shared/contracts/routes.ts';

const byAudience = { public: publicContracts, counter: counterContracts, agency: agencyContracts, courier: courierContracts, admin: adminContracts };

describe('operation contracts by audience', () => {
  it.each(audiences)('the %s contracts are exactly the operations of its routes', (audience) => {
    // Arrange
    const operations = routes.filter((r) => r.audience === audience).map((r) => r.operationId);
    // Act
    const declared = Object.keys(byAudience[audience]);
    // Assert
    expect(declared.sort()).toEqual([...operations].sort());
  });

  it('joins them into one contract per route for the OpenAPI document', () => {
    expect(Object.keys(contracts).sort()).toEqual(routes.map((r) => r.operationId).sort());
  });
});
