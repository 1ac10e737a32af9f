/**
 * Acknowledges a cdk-nag AwsSolutions finding on a construct (and its children), with its reason.
 * The namespaced id lets CDK record the acknowledgement and its reason in the validation report
 * (suppressedViolations), so every one stays auditable.
 *
 * @example acknowledge(userPool, 'AwsSolutions-COG8', 'Plus tier is a cost decision for the pilot')
 */
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export function acknowledge(scope: IConstruct, rule: `AwsSolutions-${string}`, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::${rule}`, reason });
}
