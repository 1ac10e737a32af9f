/** The bench's counting proxy (bench/counting-proxy.ts): the request it forwards and what it sums. */
import { describe, expect, it } from 'vitest';
import { addConsumedCapacity, emptyTally, operationOf, withConsumedCapacity } from '../../bench/counting-proxy.ts';

describe('the counting proxy in front of DynamoDB Local', () => {
  it('names the operation from the X-Amz-Target header', () => {
    expect(operationOf('DynamoDB_20120810.TransactWriteItems')).toBe('TransactWriteItems');
    expect(operationOf('AmazonSQS.SendMessage')).toBe('SendMessage');
    expect(operationOf(undefined)).toBe('unknown');
  });

  it('asks for the total consumed capacity on every operation that accepts it, leaving the rest of the request as it was', () => {
    const body = JSON.stringify({ TableName: 'motcua-dossiers', Item: { pk: { S: 'DOSSIER#HS-1' } } });
    expect(JSON.parse(withConsumedCapacity('PutItem', body))).toEqual({ ...JSON.parse(body), ReturnConsumedCapacity: 'TOTAL' });
    // DescribeTable, ListTables and the stream calls do not take the parameter: untouched.
    expect(withConsumedCapacity('DescribeTable', '{"TableName":"t"}')).toBe('{"TableName":"t"}');
    // A caller that asked for capacity itself (INDEXES) keeps its own setting.
    const indexes = '{"TableName":"t","ReturnConsumedCapacity":"INDEXES"}';
    expect(withConsumedCapacity('Query', indexes)).toBe(indexes);
  });

  it('sums write units of writes and read units of reads per table and operation, one table or many in an answer', () => {
    const tally = emptyTally();
    addConsumedCapacity(tally, 'PutItem', JSON.stringify({ ConsumedCapacity: { TableName: 'a', CapacityUnits: 2 } }));
    addConsumedCapacity(tally, 'PutItem', JSON.stringify({ ConsumedCapacity: { TableName: 'a', CapacityUnits: 1 } }));
    addConsumedCapacity(tally, 'TransactWriteItems', JSON.stringify({ ConsumedCapacity: [{ TableName: 'a', CapacityUnits: 4 }, { TableName: 'b', CapacityUnits: 2 }] }));
    addConsumedCapacity(tally, 'GetItem', JSON.stringify({ Item: {}, ConsumedCapacity: { TableName: 'a', CapacityUnits: 0.5 } }));
    // An error answer (a failed condition) carries no capacity here and is not JSON capacity.
    addConsumedCapacity(tally, 'UpdateItem', 'not json');
    expect(tally.units).toEqual({
      'a PutItem': { table: 'a', operation: 'PutItem', kind: 'write', units: 3 },
      'a TransactWriteItems': { table: 'a', operation: 'TransactWriteItems', kind: 'write', units: 4 },
      'b TransactWriteItems': { table: 'b', operation: 'TransactWriteItems', kind: 'write', units: 2 },
      'a GetItem': { table: 'a', operation: 'GetItem', kind: 'read', units: 0.5 },
    });
  });
});
