/**
 * Figures in DynamoDB (table `figures`, apart from the dossiers so its writes never feed the
 * dossiers' stream back into its own consumers). Every report is one Query per day or month:
 *
 * | item                 | pk                  | sk                                        |
 * |----------------------|---------------------|-------------------------------------------|
 * | a day's cell         | DAY#<YYYY-MM-DD>    | <agency>#<unit>#<service point>#<procedure>#<channel> |
 * | a month's cell       | MONTH#<YYYY-MM>     | the same                                  |
 * | counted once         | APPLIED#<dossier ref> | APPLIED                                 |
 *
 * A contribution is one transaction: the dossier's `APPLIED` item takes the contribution's key
 * (`e<seq>`, `s<notice id>`) on condition it does not hold it yet, and the day's and the month's
 * cell ADD its counts. A redelivered stream record fails the condition and counts nothing; a
 * failure anywhere leaves nothing written. Cells carry their dimensions as attributes, and the
 * agency first in the sort key, so one agency's report reads only its own range of a partition.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, QueryCommand, ScanCommand, TransactWriteCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Contribution } from '../domain/figures/contributions.ts';
import { cellKey, dimensionNames, measureNames, type Counts, type FigureDims, type Measure } from '../domain/figures/measures.ts';
import type { DayCell } from '../domain/figures/report.ts';
import { inBatches } from '../domain/concurrency.ts';

const dayKey = (day: string, dims: FigureDims) => ({ pk: `DAY#${day}`, sk: cellKey(dims) });
const monthKey = (day: string, dims: FigureDims) => ({ pk: `MONTH#${day.slice(0, 7)}`, sk: cellKey(dims) });
const appliedKey = (ref: string) => ({ pk: `APPLIED#${ref}`, sk: 'APPLIED' });

/** The update that adds `counts` to a cell (creating it with its dimensions). */
function addTo(table: string, key: { pk: string; sk: string }, dims: FigureDims, day: string, counts: Counts) {
  const names: Record<string, string> = { '#day': 'day' };
  const values: Record<string, unknown> = { ':day': day };
  const sets = ['#day = if_not_exists(#day, :day)'];
  dimensionNames.forEach((n, i) => {
    names[`#d${i}`] = n;
    values[`:d${i}`] = dims[n];
    sets.push(`#d${i} = :d${i}`);
  });
  const adds = (Object.entries(counts) as [Measure, number][]).map(([m, v], i) => {
    names[`#m${i}`] = m;
    values[`:m${i}`] = v;
    return `#m${i} :m${i}`;
  });
  return { Update: { TableName: table, Key: key, UpdateExpression: `SET ${sets.join(', ')}${adds.length ? ` ADD ${adds.join(', ')}` : ''}`, ExpressionAttributeNames: names, ExpressionAttributeValues: values } };
}

function cellOf(item: Record<string, unknown>): DayCell {
  const dims = Object.fromEntries(dimensionNames.map((n) => [n, String(item[n])])) as unknown as FigureDims;
  const counts: Counts = {};
  for (const m of measureNames) if (typeof item[m] === 'number' && item[m] !== 0) counts[m] = item[m];
  return { day: String(item.day), dims, counts };
}

export class FigureStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** Adds one contribution of dossier `ref`, once: `already` when its key was counted before. */
  async apply(ref: string, c: Contribution): Promise<'counted' | 'already'> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: appliedKey(ref),
                UpdateExpression: 'ADD #keys :set',
                ConditionExpression: 'NOT contains(#keys, :key)',
                ExpressionAttributeNames: { '#keys': 'keys' },
                ExpressionAttributeValues: { ':set': new Set([c.key]), ':key': c.key },
              },
            },
            addTo(this.table, dayKey(c.day, c.dims), c.dims, c.day, c.counts),
            addTo(this.table, monthKey(c.day, c.dims), c.dims, c.day.slice(0, 7), c.counts),
          ],
        }),
      );
      return 'counted';
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return 'already';
      throw error;
    }
  }

  /** The cells of each day (all agencies, or one), in any order. */
  async dayCells(days: readonly string[], agencyId?: string): Promise<DayCell[]> {
    return (await inBatches(days, 8, (day) => this.partition(`DAY#${day}`, agencyId))).flat();
  }

  /** The cells of each month (`YYYY-MM`; `day` holds the month). */
  async monthCells(months: readonly string[], agencyId?: string): Promise<DayCell[]> {
    return (await inBatches(months, 8, (month) => this.partition(`MONTH#${month}`, agencyId))).flat();
  }

  private async partition(pk: string, agencyId: string | undefined): Promise<DayCell[]> {
    const input: QueryCommandInput = agencyId
      ? { TableName: this.table, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :a)', ExpressionAttributeValues: { ':pk': pk, ':a': `${agencyId}#` } }
      : { TableName: this.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } };
    const out: DayCell[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
      out.push(...(page.Items ?? []).map(cellOf));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  /** Every item of the table (the recount's comparison and rewrite; never on a request path). */
  async everything(): Promise<{ days: DayCell[]; months: DayCell[]; applied: Map<string, Set<string>> }> {
    const days: DayCell[] = [];
    const months: DayCell[] = [];
    const applied = new Map<string, Set<string>>();
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(new ScanCommand({ TableName: this.table, ExclusiveStartKey: start }));
      for (const item of page.Items ?? []) {
        const pk = String(item.pk);
        if (pk.startsWith('DAY#')) days.push(cellOf(item));
        else if (pk.startsWith('MONTH#')) months.push(cellOf(item));
        else if (pk.startsWith('APPLIED#')) applied.set(pk.slice('APPLIED#'.length), new Set(item.keys as Set<string>));
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return { days, months, applied };
  }

  /**
   * Replaces the whole table with `days`, `months` and `applied` (the recount's `--write`): puts
   * every item, then deletes what the recount no longer has. Not atomic: run it while the stream
   * consumer is paused (README, "Recount").
   */
  async replaceAll(next: { days: DayCell[]; months: DayCell[]; applied: Map<string, Set<string>> }): Promise<void> {
    const items: Record<string, unknown>[] = [
      ...next.days.map((c) => ({ ...dayKey(c.day, c.dims), day: c.day, ...c.dims, ...c.counts })),
      ...next.months.map((c) => ({ pk: `MONTH#${c.day}`, sk: cellKey(c.dims), day: c.day, ...c.dims, ...c.counts })),
      ...[...next.applied].filter(([, keys]) => keys.size > 0).map(([ref, keys]) => ({ ...appliedKey(ref), keys })),
    ];
    const keep = new Set(items.map((i) => `${i.pk}|${i.sk}`));
    const old: { pk: string; sk: string }[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(new ScanCommand({ TableName: this.table, ProjectionExpression: 'pk, sk', ExclusiveStartKey: start }));
      for (const i of page.Items ?? []) if (!keep.has(`${i.pk}|${i.sk}`)) old.push({ pk: String(i.pk), sk: String(i.sk) });
      start = page.LastEvaluatedKey;
    } while (start);
    const requests = [...items.map((Item) => ({ PutRequest: { Item } })), ...old.map((Key) => ({ DeleteRequest: { Key } }))];
    for (let i = 0; i < requests.length; i += 25) {
      let batch: unknown[] = requests.slice(i, i + 25);
      for (let round = 0; batch.length > 0; round++) {
        if (round === 5) throw new Error('the figures table kept refusing writes (unprocessed items after five rounds)');
        const out = await this.db.send(new BatchWriteCommand({ RequestItems: { [this.table]: batch as never } }));
        batch = out.UnprocessedItems?.[this.table] ?? [];
      }
    }
  }
}
