/** Tables (the documents bucket: documents.test.ts): the durable state and how it is protected. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { names, type TableId } from '../../infra/topology.ts';
import { synthesize, type Synthesized } from './synth.ts';

let s: Synthesized;
beforeAll(() => {
  s = synthesize();
});
afterAll(() => s?.cleanup());

const tableOf = (id: TableId) => s.resources[s.logicalId(s.stack.data.tables[id])]!;

describe('tables', () => {
  it('creates one table per topology table, named from the prefix', () => {
    // Prepare
    const expected = Object.keys(s.stack.topology.tables).map((id) => names.table(s.stack.topology.prefix, id as TableId));
    // Act
    const actual = s.ofType('AWS::DynamoDB::Table').map(([, t]) => t.Properties?.TableName);
    // Assess
    expect(actual.sort()).toEqual(expected.sort());
  });

  it('makes the dossiers table on-demand, with point-in-time recovery, SSE and a new-image stream', () => {
    const dossiers = tableOf('dossiers').Properties!;
    expect(dossiers.BillingMode).toBe('PAY_PER_REQUEST');
    expect(dossiers.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(dossiers.SSESpecification).toEqual({ SSEEnabled: true });
    expect(dossiers.StreamSpecification).toEqual({ StreamViewType: s.stack.topology.tables.dossiers.stream });
    expect(dossiers.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
  });

  it('expires idempotency records through TTL', () => {
    const idempotency = tableOf('idempotency').Properties!;
    expect(idempotency.TimeToLiveSpecification).toEqual({ AttributeName: s.stack.topology.tables.idempotency.ttlAttribute, Enabled: true });
    expect(idempotency.BillingMode).toBe('PAY_PER_REQUEST');
    expect(idempotency.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
  });

  it('follows every table spec: stream, TTL and indexes', () => {
    for (const [id, spec] of Object.entries(s.stack.topology.tables) as [TableId, (typeof s.stack.topology.tables)[TableId]][]) {
      const props = tableOf(id).Properties!;
      expect(props.StreamSpecification, id).toEqual(spec.stream ? { StreamViewType: spec.stream } : undefined);
      expect(props.TimeToLiveSpecification?.AttributeName, id).toEqual(spec.ttlAttribute);
      expect((props.GlobalSecondaryIndexes ?? []).map((g: { IndexName: string }) => g.IndexName), id).toEqual((spec.indexes ?? []).map((i) => i.name));
    }
  });

  it('creates the held-by-agency index on heldAgencyId and heldSince, projecting every attribute', () => {
    const dossiers = tableOf('dossiers').Properties!;
    expect(dossiers.GlobalSecondaryIndexes).toContainEqual({
      IndexName: 'held-by-agency',
      KeySchema: [
        { AttributeName: 'heldAgencyId', KeyType: 'HASH' },
        { AttributeName: 'heldSince', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    });
    expect(dossiers.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: 'heldAgencyId', AttributeType: 'S' },
        { AttributeName: 'heldSince', AttributeType: 'S' },
      ]),
    );
  });

  it('keeps the due-by-day index to keys only, so an update of a dossier due that day does not rewrite the index', () => {
    const dossiers = tableOf('dossiers').Properties!;
    expect(dossiers.GlobalSecondaryIndexes).toContainEqual({
      IndexName: 'due-by-day',
      KeySchema: [
        { AttributeName: 'dueDay', KeyType: 'HASH' },
        { AttributeName: 'code', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'KEYS_ONLY' },
    });
  });

  it('projects only the listed facts into the assigned-to-agency index, so an update of another attribute does not rewrite it', () => {
    const dossiers = tableOf('dossiers').Properties!;
    expect(dossiers.GlobalSecondaryIndexes).toContainEqual({
      IndexName: 'assigned-to-agency',
      KeySchema: [
        { AttributeName: 'assignedTo', KeyType: 'HASH' },
        { AttributeName: 'assignedAt', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['ref', 'code', 'procedureId', 'status', 'dueAt'] },
    });
  });

  it('lets a non-production stack delete its tables', () => {
    for (const [, table] of s.ofType('AWS::DynamoDB::Table')) {
      expect(table.DeletionPolicy).toBe('Delete');
      expect(table.Properties?.DeletionProtectionEnabled).toBe(false);
    }
  });
});

describe('production', () => {
  let prod: Synthesized;
  beforeAll(() => {
    prod = synthesize({ context: { production: 'true' } });
  });
  afterAll(() => prod?.cleanup());

  it('protects tables from deletion and retains them', () => {
    for (const [, table] of prod.ofType('AWS::DynamoDB::Table')) {
      expect(table.Properties?.DeletionProtectionEnabled).toBe(true);
      expect(table.DeletionPolicy).toBe('Retain');
    }
  });

  it('retains buckets, keys and the user pool, and protects the user pool from deletion', () => {
    for (const type of ['AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::Cognito::UserPool']) {
      for (const [id, resource] of prod.ofType(type)) expect(resource.DeletionPolicy, id).toBe('Retain');
    }
    prod.template.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'ACTIVE' });
  });
});
