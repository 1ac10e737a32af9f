/**
 * Money in DynamoDB (the `dossiers` table, beside the dossiers): receipts, their series counters,
 * refunds and remittances. Receipts and refunds are written in the dossier's own transaction
 * (with the payment event), so a receipt exists exactly when the dossier says it was paid.
 *
 * | item          | pk                     | sk          |
 * |---------------|------------------------|-------------|
 * | receipt       | RECEIPT#<id>           | RECEIPT     |
 * | series        | RECEIPTSERIES#<series> | SERIES      |
 * | refund        | REFUND#<id>            | REFUND      |
 * | remittance    | REMITTANCE#<id>        | REMITTANCE  |
 * | online attempt| PAYTXN#<txnRef>        | PAYTXN      |
 *
 * The sparse `money-by-agency-day` index (`moneyDay` = `<agency id>#<local day>`, `moneyAt`)
 * lists what counts on an agency's day: its receipts (by issue day), refunds (by refund day) and
 * remittances (by the collection day they settle). A series' number is taken in the receipt's
 * transaction, guarded by the last number read: no gap, no number twice. An online payment
 * attempt's lookup item (`PAYTXN#<txnRef>`) is written once, in the transaction that records the
 * attempt on its request: the gateway's notification finds the dossier by it, and a txnRef is
 * never handed out twice.
 */
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Receipt, Refund } from '../domain/money/receipts.ts';
import type { Remittance } from '../domain/money/reconciliation.ts';
import { vnDayOf } from '../domain/money/local-time.ts';
import { batchGetAll } from './batch-get.ts';
import type { TransactItem } from './idempotency-store.ts';

const receiptKey = (id: string) => ({ pk: `RECEIPT#${id}`, sk: 'RECEIPT' });
const seriesKey = (series: string) => ({ pk: `RECEIPTSERIES#${series}`, sk: 'SERIES' });
const refundKey = (id: string) => ({ pk: `REFUND#${id}`, sk: 'REFUND' });
const remittanceKey = (id: string) => ({ pk: `REMITTANCE#${id}`, sk: 'REMITTANCE' });
const onlineKey = (txnRef: string) => ({ pk: `PAYTXN#${txnRef}`, sk: 'PAYTXN' });

/** An online payment attempt as sent to the gateway: what its notification is checked against and its redirect rebuilt from. */
export interface OnlineAttemptRecord {
  txnRef: string;
  gateway: string;
  dossierRef: string;
  requestId: string;
  /** Integer VND, the request's total when the attempt started. */
  amount: number;
  createdAt: string;
  expiresAt: string;
  /** The signed redirect's other parameters, kept so that the same attempt is answered with the same URL. */
  orderInfo: string;
  returnUrl: string;
  ipAddr: string;
}

/** A stored receipt: the receipt and the refunds made on it. */
export type StoredReceipt = Receipt & { refunds?: Refund[] };
/** A remittance and the collection day it settles. */
export type StoredRemittance = Remittance & { day: string };

function strip<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, entity: _e, moneyDay: _d, moneyAt: _a, ...rest } = item;
  return rest as T;
}

export class MoneyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** The last number a series handed out (0 for a new series). */
  async seriesLast(series: string): Promise<number> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: seriesKey(series), ConsistentRead: true }));
    return Number(out.Item?.last ?? 0);
  }

  /** The writes of a new receipt numbered `last + 1` of its series: the counter, guarded by `last`, and the receipt. */
  receiptItems(receipt: Receipt, last: number): TransactItem[] {
    return [
      {
        Update: {
          TableName: this.table,
          Key: seriesKey(receipt.series),
          UpdateExpression: 'SET #last = :next',
          ConditionExpression: last === 0 ? 'attribute_not_exists(#last)' : '#last = :last',
          ExpressionAttributeNames: { '#last': 'last' },
          ExpressionAttributeValues: { ':next': last + 1, ...(last === 0 ? {} : { ':last': last }) },
        },
      },
      {
        Put: {
          TableName: this.table,
          Item: { ...receiptKey(receipt.id), entity: 'receipt', ...receipt, moneyDay: `${receipt.agencyId}#${vnDayOf(receipt.issuedAt)}`, moneyAt: `${receipt.issuedAt}#R#${receipt.id}` },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
  }

  async getReceipt(id: string): Promise<StoredReceipt | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: receiptKey(id), ConsistentRead: true }));
    return out.Item ? strip<StoredReceipt>(out.Item) : undefined;
  }

  /** The write cancelling a receipt (never deleting it): only an issued one. */
  cancelItem(receipt: Receipt): TransactItem {
    return {
      Update: {
        TableName: this.table,
        Key: receiptKey(receipt.id),
        UpdateExpression: 'SET #status = :cancelled, cancellation = :c',
        ConditionExpression: '#status = :issued',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':cancelled': 'cancelled', ':issued': 'issued', ':c': receipt.cancellation },
      },
    };
  }

  /** The writes of a refund: appended to its receipt, guarded by the refunds read (`before`), and its own item for the day's figures. */
  refundItems(receipt: StoredReceipt, refund: Refund): TransactItem[] {
    const before = receipt.refunds?.length ?? 0;
    return [
      {
        Update: {
          TableName: this.table,
          Key: receiptKey(receipt.id),
          UpdateExpression: 'SET refunds = list_append(if_not_exists(refunds, :none), :one)',
          ConditionExpression: before === 0 ? 'attribute_not_exists(refunds) AND #status = :issued' : 'size(refunds) = :before AND #status = :issued',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':none': [], ':one': [refund], ':issued': 'issued', ...(before === 0 ? {} : { ':before': before }) },
        },
      },
      {
        Put: {
          TableName: this.table,
          Item: { ...refundKey(refund.id), entity: 'refund', ...refund, moneyDay: `${receipt.agencyId}#${vnDayOf(refund.at)}`, moneyAt: `${refund.at}#F#${refund.id}` },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
  }

  /** The write of a new online attempt's lookup item; it fails when the txnRef was ever used. */
  onlineAttemptItem(attempt: OnlineAttemptRecord): TransactItem {
    return { Put: { TableName: this.table, Item: { ...onlineKey(attempt.txnRef), entity: 'online-attempt', ...attempt }, ConditionExpression: 'attribute_not_exists(pk)' } };
  }

  /** The online attempt a gateway's txnRef names, if motcua started it. */
  async getOnlineAttempt(txnRef: string): Promise<OnlineAttemptRecord | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: onlineKey(txnRef), ConsistentRead: true }));
    return out.Item ? strip<OnlineAttemptRecord>(out.Item) : undefined;
  }

  /** Records a remittance once: false when its id exists (a retried request). */
  async putRemittance(remittance: StoredRemittance): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...remittanceKey(remittance.id), entity: 'remittance', ...remittance, moneyDay: `${remittance.agencyId}#${remittance.day}`, moneyAt: `${remittance.at}#M#${remittance.id}` },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async getRemittance(id: string): Promise<StoredRemittance | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: remittanceKey(id), ConsistentRead: true }));
    return out.Item ? strip<StoredRemittance>(out.Item) : undefined;
  }

  /** The stored receipts of these ids that exist, in no particular order. */
  async receipts(ids: readonly string[]): Promise<StoredReceipt[]> {
    return (await batchGetAll(this.db, this.table, [...new Set(ids)].map(receiptKey))).map((i) => strip<StoredReceipt>(i));
  }

  /**
   * What counts on an agency's day (the index), plus every receipt its remittances name from
   * other days: the input of `reconcile`.
   */
  async day(agencyId: string, day: string): Promise<{ receipts: StoredReceipt[]; refunds: Refund[]; remittances: StoredRemittance[] }> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({ TableName: this.table, IndexName: 'money-by-agency-day', KeyConditionExpression: 'moneyDay = :d', ExpressionAttributeValues: { ':d': `${agencyId}#${day}` }, ExclusiveStartKey: start }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    // The index projects keys only: the items themselves, 100 at a time.
    const full = await batchGetAll(this.db, this.table, items.map((i) => ({ pk: String(i.pk), sk: String(i.sk) })));
    const receipts = full.filter((i) => i.entity === 'receipt').map((i) => strip<StoredReceipt>(i));
    const refunds = full.filter((i) => i.entity === 'refund').map((i) => strip<Refund>(i));
    const remittances = full.filter((i) => i.entity === 'remittance').map((i) => strip<StoredRemittance>(i));
    const known = new Set(receipts.map((r) => r.id));
    const named = [...new Set(remittances.flatMap((m) => m.receiptIds))].filter((id) => !known.has(id));
    const others = (await batchGetAll(this.db, this.table, named.map(receiptKey))).map((i) => strip<StoredReceipt>(i));
    return { receipts: [...receipts, ...others], refunds, remittances };
  }

}
