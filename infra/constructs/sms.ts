/**
 * AWS End User Messaging SMS in the stack: the configuration set the sms function sends with,
 * whose event destination publishes the final text events to the topology's topic (and from there,
 * raw, to the sms-events queue). AWS End User Messaging SMS calls no webhook: receipts come this way.
 *
 * The service publishes as `sms-voice.amazonaws.com`, so the topic's policy and its key's policy
 * let that principal publish, for this account's configuration set only (user guide, "Amazon SNS
 * access policy"; aws:SourceAccount and aws:SourceArn against the confused deputy).
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as smsvoice from 'aws-cdk-lib/aws-smsvoice';
import { Construct } from 'constructs';
import { names, type Topology } from '../topology.ts';
import type { Messaging } from './messaging.ts';

export interface SmsProps {
  topology: Topology;
  messaging: Messaging;
}

/** The `sms-voice` principal, as the topic and key policies name it. */
export const smsVoicePrincipal = 'sms-voice.amazonaws.com';

export class Sms extends Construct {
  readonly configurationSet: smsvoice.CfnConfigurationSet;

  constructor(scope: Construct, id: string, props: SmsProps) {
    super(scope, id);
    const { topology, messaging } = props;
    const spec = topology.smsConfigurationSet;
    const name = names.smsConfigurationSet(topology.prefix);
    const stack = Stack.of(this);
    const { topic, key } = messaging.topic(spec.eventTopic);
    const fromOurConfigurationSet = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': configurationSetArn(this, name) },
    };
    const principals = [new iam.ServicePrincipal(smsVoicePrincipal)];
    const { policyDependable } = topic.addToResourcePolicy(
      new iam.PolicyStatement({ principals, actions: ['sns:Publish'], resources: [topic.topicArn], conditions: fromOurConfigurationSet }),
    );
    // An encrypted topic: the publisher needs the key too (a key policy's resource is the key itself, "*").
    key.addToResourcePolicy(new iam.PolicyStatement({ principals, actions: ['kms:GenerateDataKey*', 'kms:Decrypt'], resources: ['*'], conditions: fromOurConfigurationSet }));

    this.configurationSet = new smsvoice.CfnConfigurationSet(this, 'configuration-set', {
      configurationSetName: name,
      eventDestinations: [
        {
          eventDestinationName: spec.eventTopic,
          enabled: true,
          matchingEventTypes: [...spec.eventTypes],
          snsDestination: { topicArn: topic.topicArn },
        },
      ],
    });
    // The destination is usable only once the topic lets the service publish.
    if (policyDependable) this.configurationSet.node.addDependency(policyDependable);
  }
}

/** `arn:<partition>:sms-voice:<region>:<account>:configuration-set/<name>`. */
export function configurationSetArn(scope: Construct, name: string): string {
  return Stack.of(scope).formatArn({ service: 'sms-voice', resource: 'configuration-set', resourceName: name });
}
