/**
 * The AWS SDK clients, created once per execution environment and reused across invocations.
 * Each is a separate function so a bundle only carries the clients its function calls.
 * Endpoints come from the SDK's standard AWS_ENDPOINT_URL_<SERVICE> variables: no code here
 * knows whether it runs in Lambda or against the local cloud.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';

let dynamoClient: DynamoDBClient | undefined;
let documentClient: DynamoDBDocumentClient | undefined;
let sqsClient: SQSClient | undefined;
let s3Client: S3Client | undefined;
let cloudWatchClient: CloudWatchClient | undefined;

export function dynamo(): DynamoDBClient {
  return (dynamoClient ??= new DynamoDBClient({}));
}

/** Document client: plain JS values in and out; undefined attributes dropped. */
export function dynamoDocuments(): DynamoDBDocumentClient {
  return (documentClient ??= DynamoDBDocumentClient.from(dynamo(), { marshallOptions: { removeUndefinedValues: true } }));
}

export function sqs(): SQSClient {
  return (sqsClient ??= new SQSClient({}));
}

export function s3(): S3Client {
  return (s3Client ??= new S3Client({}));
}

/** Metrics (the dashboard reads queue ages); locally AWS_ENDPOINT_URL_CLOUDWATCH names the stand-in. */
export function cloudWatch(): CloudWatchClient {
  return (cloudWatchClient ??= new CloudWatchClient({}));
}
