/** Reading DynamoDB stream records (the transactional outbox of the dossiers table). */
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** The new image of an INSERT, as a plain object; undefined for anything else. */
export function insertedItem(record: DynamoDBRecord): Record<string, unknown> | undefined {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || !image) return undefined;
  return unmarshall(image as Record<string, AttributeValue>);
}

/** The new image of an INSERT or a MODIFY, as a plain object; undefined for a REMOVE. */
export function newItem(record: DynamoDBRecord): Record<string, unknown> | undefined {
  const image = record.dynamodb?.NewImage;
  if ((record.eventName !== 'INSERT' && record.eventName !== 'MODIFY') || !image) return undefined;
  return unmarshall(image as Record<string, AttributeValue>);
}
