/**
 * cdk-nag (AwsSolutions) through CDK's policy validation: no finding may stay unacknowledged, and
 * every acknowledgement is a deliberate, reasoned one from the list below.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servedRoutes } from '../../infra/topology.ts';
import { synthesize, type Synthesized } from './synth.ts';

let s: Synthesized;
beforeAll(() => {
  // synthesize() throws if a plugin reports an unacknowledged error.
  s = synthesize();
});
afterAll(() => s?.cleanup());

describe('cdk-nag', () => {
  it('runs the AwsSolutions pack', () => {
    expect(s.report.pluginReports.map((r) => r.pluginName)).toContain('AwsSolutions');
  });

  it('leaves no unacknowledged finding, error or warning, in any validation report', () => {
    const open = s.report.pluginReports.flatMap((r) =>
      r.violations.map((v) => `${r.pluginName} ${v.severity ?? ''} ${v.ruleName} at ${v.violatingConstructs.map((c) => c.constructPath).join(', ')}`),
    );
    expect(open).toEqual([]);
  });

  it('acknowledges only the reviewed rules, each with a specific reason', () => {
    const suppressed = s.report.pluginReports.flatMap((r) => r.suppressedViolations ?? []);
    expect([...new Set(suppressed.map((v) => v.ruleName))].sort()).toEqual([
      'AwsSolutions-APIG4', // open citizen routes (auth 'none')
      'AwsSolutions-COG8', // Plus tier: cost decision for the pilot
      'AwsSolutions-IAM5[Resource::*]', // X-Ray and dynamodb:ListStreams take no resource
    ]);
    for (const v of suppressed) expect(v.reason.length, `${v.ruleName} at ${v.acknowledgedAt}`).toBeGreaterThan(40);
  });

  it("acknowledges a missing authorizer on 'none' routes only", () => {
    const open = servedRoutes(s.stack.topology).filter((r) => r.auth === 'none').length;
    const apig4 = s.report.pluginReports.flatMap((r) => r.suppressedViolations ?? []).filter((v) => v.ruleName === 'AwsSolutions-APIG4');
    expect(apig4.flatMap((v) => v.violatingConstructs)).toHaveLength(open);
  });
});
