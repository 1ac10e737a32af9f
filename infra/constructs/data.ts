/**
 * The DynamoDB tables of the topology: on-demand, point-in-time recovery, encryption at rest,
 * a stream where the spec asks for one, TTL and GSIs. Production turns on deletion protection
 * and RETAIN.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from './nag.ts';
import { names, projectionOf, type SecretId, type SecretSpec, type TableId, type TableSpec, type Topology } from '../topology.ts';

export interface DataProps {
  topology: Topology;
  production: boolean;
}

const streamViews: Record<NonNullable<TableSpec['stream']>, dynamodb.StreamViewType> = {
  NEW_IMAGE: dynamodb.StreamViewType.NEW_IMAGE,
  NEW_AND_OLD_IMAGES: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
};

export class Data extends Construct {
  readonly tables: Record<TableId, dynamodb.Table>;
  /** Secrets generated at the first deploy, read by the functions whose permissions name them. */
  readonly secrets: Record<SecretId, secretsmanager.Secret>;

  constructor(scope: Construct, id: string, props: DataProps) {
    super(scope, id);
    const { topology, production } = props;
    const entries = (Object.entries(topology.tables) as [TableId, TableSpec][]).map(([tableId, spec]) => {
      const table = new dynamodb.Table(this, tableId, {
        // The same physical name as locally (names.table), so operators find the table they debug.
        tableName: names.table(topology.prefix, tableId),
        partitionKey: { name: spec.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: spec.sortKey ? { name: spec.sortKey, type: dynamodb.AttributeType.STRING } : undefined,
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        // AWS-owned keys are not auditable; a customer key would make every reader (API functions
        // and the stream's event source mapping) need kms:Decrypt and a key policy to maintain.
        // The AWS-managed key (aws/dynamodb) is auditable in CloudTrail at no key cost: enough here.
        encryption: dynamodb.TableEncryption.AWS_MANAGED,
        stream: spec.stream ? streamViews[spec.stream] : undefined,
        timeToLiveAttribute: spec.ttlAttribute,
        deletionProtection: production,
        removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
      for (const index of spec.indexes ?? []) {
        table.addGlobalSecondaryIndex({
          indexName: index.name,
          partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
          sortKey: index.sortKey ? { name: index.sortKey, type: dynamodb.AttributeType.STRING } : undefined,
          projectionType: dynamodb.ProjectionType[projectionOf(index).ProjectionType],
          nonKeyAttributes: projectionOf(index).NonKeyAttributes,
        });
      }
      return [tableId, table] as const;
    });
    this.tables = Object.fromEntries(entries) as Record<TableId, dynamodb.Table>;

    this.secrets = Object.fromEntries(
      (Object.entries(topology.secrets) as [SecretId, SecretSpec][]).map(([secretId, spec]) => {
        const secret = new secretsmanager.Secret(this, `secret-${secretId}`, {
          secretName: names.secret(topology.prefix, secretId),
          description: spec.description,
          generateSecretString: { passwordLength: 64, excludePunctuation: true },
          removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        });
        acknowledge(secret, 'AwsSolutions-SMG4', spec.notRotated);
        return [secretId, secret] as const;
      }),
    ) as Record<SecretId, secretsmanager.Secret>;
  }
}
