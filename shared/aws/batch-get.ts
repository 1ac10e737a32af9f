/**
 * Items by key, 100 to a BatchGetItem call (DynamoDB's limit), consistently read unless
 * `consistent: false` (half the read units, where a stale item cannot break a rule). Keys DynamoDB
 * leaves unprocessed (throttling) are asked again a bounded number of times; any still left then
 * is an error, never a silently shorter answer (a reconciliation missing a receipt would be wrong).
 */
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export async function batchGetAll(
  db: Pick<DynamoDBDocumentClient, 'send'>,
  table: string,
  keys: readonly Record<string, unknown>[],
  projection: { ProjectionExpression?: string; ExpressionAttributeNames?: Record<string, string> } = {},
  options: { consistent?: boolean } = {},
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Record<string, unknown>[] | undefined = keys.slice(i, i + 100);
    for (let round = 0; pending && pending.length > 0; round++) {
      if (round === 5) throw new Error(`BatchGetItem on ${table} left ${pending.length} keys unprocessed after ${round} rounds`);
      const out = await db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ...projection, ConsistentRead: options.consistent ?? true } } }));
      found.push(...(out.Responses?.[table] ?? []));
      pending = out.UnprocessedKeys?.[table]?.Keys as Record<string, unknown>[] | undefined;
    }
  }
  return found;
}
