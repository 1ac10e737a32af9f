/**
 * Rating aggregates in DynamoDB (the `dossiers` table, beside the dossiers). A rating itself lives
 * on its dossier with its `dossier.rated` event; in the same transaction it adds its counts to two
 * aggregate rows, so every report is one Query on one partition, never a Scan:
 *
 * | item                  | pk                        | sk                                   |
 * |-----------------------|---------------------------|--------------------------------------|
 * | province-wide row     | RATINGS#PROVINCE          | <local day>#<agency id>#<service point id> |
 * | one agency's row      | RATINGS#AGENCY#<agency id>| <local day>#<service point id>       |
 *
 * Counters are flat attributes (`n`, `sum`, `o_<level>`, `c_<criterion>_<answer>`: see
 * shared/domain/ratings.ts `ratingCounts`) added with ADD, so concurrent ratings never lose one.
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TransactItem } from './idempotency-store.ts';

/** The place and day a rating counts for. */
export interface RatingCell {
  agencyId: string;
  servicePointId: string;
  /** YYYY-MM-DD in Asia/Ho_Chi_Minh. */
  day: string;
}

export class RatingStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** The two updates a rating adds to its dossier's transaction. */
  addItems(cell: RatingCell, counts: Record<string, number>): TransactItem[] {
    const keys = [
      { pk: 'RATINGS#PROVINCE', sk: `${cell.day}#${cell.agencyId}#${cell.servicePointId}` },
      { pk: `RATINGS#AGENCY#${cell.agencyId}`, sk: `${cell.day}#${cell.servicePointId}` },
    ];
    const names: Record<string, string> = { '#entity': 'entity', '#agency': 'agencyId', '#point': 'servicePointId', '#day': 'day' };
    const values: Record<string, unknown> = { ':entity': 'rating-aggregate', ':agency': cell.agencyId, ':point': cell.servicePointId, ':day': cell.day };
    const adds = Object.entries(counts).map(([name, n], i) => {
      names[`#c${i}`] = name;
      values[`:c${i}`] = n;
      return `#c${i} :c${i}`;
    });
    return keys.map((Key) => ({
      Update: {
        TableName: this.table,
        Key,
        UpdateExpression: `SET #entity = :entity, #agency = :agency, #point = :point, #day = :day ADD ${adds.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    }));
  }

  /** The aggregate rows of days `from`..`to` (inclusive): province-wide, or one agency's. */
  async rows(scope: { agencyId?: string | undefined }, from: string, to: string): Promise<(RatingCell & Record<string, unknown>)[]> {
    const pk = scope.agencyId ? `RATINGS#AGENCY#${scope.agencyId}` : 'RATINGS#PROVINCE';
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          // `#` sorts before `~`: every row of the last day is in range.
          ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': `${to}~` },
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items.map(({ pk: _pk, sk: _sk, entity: _e, ...rest }) => rest as RatingCell & Record<string, unknown>);
  }
}
