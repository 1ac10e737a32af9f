/**
 * Figures in DynamoDB (table `figures`, apart from the dossiers so its writes never feed the
 * dossiers' stream back into its own consumers). Every report is one Query per day or month:
 *
 * | item                 | pk                          | sk                                        |
 * |----------------------|-----------------------------|-------------------------------------------|
 * | a day's cell         | DAY#<YYYY-MM-DD>#<shard>    | <agency>#<unit>#<service point>#<procedure>#<channel> |
 * | a month's cell       | MONTH#<YYYY-MM>#<shard>     | the same                                  |
 * | counted once         | APPLIED#<dossier ref>       | APPLIED                                   |
 *
 * `<shard>` (0–9) is a hash of the agency: a day's contributions spread over ten partitions
 * instead of one, which at national peak took 80% of a partition's write limit
 * (docs/capacity.md); an agency's report still reads one partition, the province's ten.
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
import { batchGetAll } from './batch-get.ts';
import { inBatches } from '../domain/concurrency.ts';
import { shardOf } from '../domain/shard.ts';

/** Partitions a day's (and a month's) cells are spread over. */
export const figureShards = 10;
/** The shard of an agency's cells: stable, so its report reads one partition. */
export const figureShardOf = (agencyId: string): number => shardOf(agencyId, figureShards);
const dayKey = (day: string, dims: FigureDims) => ({ pk: `DAY#${day}#${figureShardOf(dims.agencyId)}`, sk: cellKey(dims) });
const monthKey = (day: string, dims: FigureDims) => ({ pk: `MONTH#${day.slice(0, 7)}#${figureShardOf(dims.agencyId)}`, sk: cellKey(dims) });
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

  /**
   * Adds many contributions (of many dossiers) in as few transactions as fit (100 items each): per
   * dossier one `APPLIED` update guarded on all its keys, per cell one ADD of the summed counts.
   * A chunk whose guard fails (something in it was counted already) is applied again one
   * contribution at a time, so each counts once. Answers how many counted now.
   */
  async applyAll(list: readonly { ref: string; contribution: Contribution }[]): Promise<number> {
    // What the batch's dossiers have counted already (one read per 100 dossiers): a redelivered
    // batch then writes nothing, and the guards below only catch a concurrent delivery.
    const refs = [...new Set(list.map((x) => x.ref))];
    const counted = new Map((await batchGetAll(this.db, this.table, refs.map(appliedKey))).map((i) => [String(i.pk).slice('APPLIED#'.length), new Set(i.keys as Set<string>)]));
    const byRef = new Map<string, Contribution[]>();
    for (const x of list) {
      const cs = byRef.get(x.ref) ?? [];
      // The same record twice in one batch counts once; one counted before, not again.
      if (!cs.some((c) => c.key === x.contribution.key) && !counted.get(x.ref)?.has(x.contribution.key)) byRef.set(x.ref, [...cs, x.contribution]);
    }
    // Chunks of dossiers whose items fit one transaction (1 applied + at most 2 cells per contribution).
    const chunks: [string, Contribution[]][][] = [[]];
    let size = 0;
    for (const entry of byRef) {
      const items = 1 + 2 * entry[1].length;
      if (items > 100) {
        chunks.push([entry], []);
        size = 0;
        continue;
      }
      if (size + items > 100) {
        chunks.push([]);
        size = 0;
      }
      chunks.at(-1)!.push(entry);
      size += items;
    }
    let now = 0;
    for (const chunk of chunks.filter((c) => c.length > 0)) {
      const one = async () => {
        for (const [ref, cs] of chunk) for (const c of cs) if ((await this.apply(ref, c)) === 'counted') now++;
      };
      const items = this.chunkItems(chunk);
      if (items.length > 100) {
        await one();
        continue;
      }
      try {
        await this.db.send(new TransactWriteCommand({ TransactItems: items }));
        now += chunk.reduce((n, [, cs]) => n + cs.length, 0);
      } catch (error) {
        if (!(error instanceof TransactionCanceledException) || !error.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')) throw error;
        await one();
      }
    }
    return now;
  }

  /** The transaction items of a chunk: each dossier's guarded keys, then each cell's summed counts. */
  private chunkItems(chunk: readonly [string, Contribution[]][]) {
    const cells = new Map<string, { key: { pk: string; sk: string }; dims: FigureDims; day: string; counts: Counts }>();
    const addCell = (key: { pk: string; sk: string }, dims: FigureDims, day: string, counts: Counts) => {
      const k = `${key.pk}|${key.sk}`;
      const cell = cells.get(k) ?? { key, dims, day, counts: {} };
      for (const [m, v] of Object.entries(counts) as [Measure, number][]) cell.counts[m] = (cell.counts[m] ?? 0) + v;
      cells.set(k, cell);
    };
    const applied = chunk.map(([ref, cs]) => {
      const keys = [...new Set(cs.map((c) => c.key))];
      const names = { '#keys': 'keys' };
      const values: Record<string, unknown> = { ':set': new Set(keys) };
      keys.forEach((k, i) => (values[`:k${i}`] = k));
      for (const c of cs) {
        addCell(dayKey(c.day, c.dims), c.dims, c.day, c.counts);
        addCell(monthKey(c.day, c.dims), c.dims, c.day.slice(0, 7), c.counts);
      }
      return {
        Update: {
          TableName: this.table,
          Key: appliedKey(ref),
          UpdateExpression: 'ADD #keys :set',
          ConditionExpression: keys.map((_, i) => `NOT contains(#keys, :k${i})`).join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      };
    });
    return [...applied, ...[...cells.values()].map((c) => addTo(this.table, c.key, c.dims, c.day, c.counts))];
  }

  /** The cells of each day (all agencies, or one), in any order. */
  async dayCells(days: readonly string[], agencyId?: string): Promise<DayCell[]> {
    return this.partitions(days.map((day) => `DAY#${day}`), agencyId);
  }

  /** The cells of each month (`YYYY-MM`; `day` holds the month). */
  async monthCells(months: readonly string[], agencyId?: string): Promise<DayCell[]> {
    return this.partitions(months.map((month) => `MONTH#${month}`), agencyId);
  }

  /** Every shard of each period (`DAY#<day>`, `MONTH#<month>`), or an agency's one. */
  private async partitions(periods: readonly string[], agencyId: string | undefined): Promise<DayCell[]> {
    const shards = agencyId === undefined ? [...Array(figureShards).keys()] : [figureShardOf(agencyId)];
    const pks = periods.flatMap((period) => shards.map((shard) => `${period}#${shard}`));
    return (await inBatches(pks, 8, (pk) => this.partition(pk, agencyId))).flat();
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
      ...next.months.map((c) => ({ ...monthKey(c.day, c.dims), day: c.day, ...c.dims, ...c.counts })),
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
