/**
 * Idempotency records (table `idempotency`, key `id`). A record is written in the same DynamoDB
 * transaction as the change it stands for (shared/aws/dossier-store.ts takes it from the request's
 * context), so "the change happened" and "the key was used" are one fact: a retry after any
 * failure (a crash between the write and the answer, a timeout, DynamoDB failing mid-request)
 * finds the record and gets the replay, never a second change.
 *
 * A record holds no secret and no personal data: its id is a keyed hash of the Idempotency-Key,
 * its fingerprint a keyed hash of (caller, path, body), and its result a dossier code.
 *
 * | attribute   | what                                                                 |
 * |-------------|----------------------------------------------------------------------|
 * | id          | `<operation>#<HMAC of the key>`                                        |
 * | fingerprint | HMAC of the caller's scope, the path and the body                     |
 * | result      | `{ code }`: what the replay renders from                              |
 * | expiration  | epoch seconds (TTL): 24 h                                             |
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { GetCommand, PutCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

/** One item of a TransactWriteItems call (document-client shape). */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface IdempotencyResult {
  code?: string;
}

export interface IdempotencyRecord {
  id: string;
  fingerprint: string;
  result: IdempotencyResult;
  expiration: number;
  createdAt: string;
}

/** The record a request will write with its first committed change. */
interface Pending {
  table: string;
  record: Omit<IdempotencyRecord, 'result'>;
  nowSeconds: number;
  written: boolean;
  result?: IdempotencyResult;
}

const pending = new AsyncLocalStorage<Pending>();

/** Another request with the same key committed first (its transaction won the record's condition). */
export class IdempotencyRaceError extends Error {
  constructor() {
    super('another request with the same Idempotency-Key committed first');
    this.name = 'IdempotencyRaceError';
  }
}

/**
 * The Put a transaction must carry for the request in progress ([] outside one, or once written),
 * and `written()` to call when that transaction committed. `result` is what a replay renders from.
 */
export function idempotencyPut(result: IdempotencyResult): { items: TransactItem[]; written(): void } {
  const p = pending.getStore();
  if (!p || p.written) return { items: [], written: () => {} };
  return {
    items: [
      {
        Put: {
          TableName: p.table,
          Item: { ...p.record, result },
          // An expired record TTL has not removed yet is as good as absent.
          ConditionExpression: 'attribute_not_exists(id) OR expiration < :now',
          ExpressionAttributeValues: { ':now': p.nowSeconds },
        },
      },
    ],
    written: () => {
      p.written = true;
      p.result = result;
    },
  };
}

export class IdempotencyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** The live record for `id` (an expired one is absent). */
  async get(id: string, now: Date): Promise<IdempotencyRecord | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: { id }, ConsistentRead: true }));
    const item = out.Item as IdempotencyRecord | undefined;
    return item && item.expiration >= Math.floor(now.getTime() / 1000) ? item : undefined;
  }

  /**
   * Runs `act` so that the first change it commits carries the record; when it committed none,
   * writes the record alone afterwards. Throws IdempotencyRaceError when another request with the
   * same key got there first.
   */
  async runOnce<T>(record: Omit<IdempotencyRecord, 'result'>, now: Date, act: () => Promise<T>): Promise<T> {
    const p: Pending = { table: this.table, record, nowSeconds: Math.floor(now.getTime() / 1000), written: false };
    const value = await pending.run(p, act);
    if (!p.written) {
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.table,
            Item: { ...record, result: {} },
            ConditionExpression: 'attribute_not_exists(id) OR expiration < :now',
            ExpressionAttributeValues: { ':now': p.nowSeconds },
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) throw new IdempotencyRaceError();
        throw error;
      }
    }
    return value;
  }
}
