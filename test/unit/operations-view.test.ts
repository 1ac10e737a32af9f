/**
 * The dashboard's operations view when CloudWatch cannot be read (throttled, or down in the
 * region): the rollout and the depths still answer, every age is unknown and the view says why.
 * The ports are the view's own (depths, ages, held dossiers): no AWS client is involved. Date: 02/12/2026.
 */
import { describe, expect, it } from 'vitest';
import { operationsView } from '../../shared/app/operations.ts';
import { province } from '../../shared/province/index.ts';

const depths = async () => ({
  queues: [
    { name: 'motcua-agency-gl-stp.fifo', visible: 3, inFlight: 0 },
    { name: 'motcua-dlq-agency-gl-stp.fifo', visible: 1, inFlight: 0 },
  ],
  truncated: false,
});
const base = { province: province('gia-lai-2019'), store: { heldFor: async () => [] }, queues: { depths }, ageAlarms: { 'motcua-agency-*': 14_400 }, now: () => new Date('2026-12-02T02:00:00Z') };

describe('the operations view without CloudWatch', () => {
  it('answers the depths and the rollout, every age null, and says the ages are unknown', async () => {
    const told: unknown[] = [];
    const view = await operationsView({ ...base, ages: { ages: async () => Promise.reject(new Error('Throttling: Rate exceeded')) }, onAgesFailed: (e) => told.push(e) });
    expect(view.queues.map((q) => [q.name, q.visible, q.oldestAgeSeconds])).toEqual([
      ['motcua-agency-gl-stp.fifo', 3, null],
      ['motcua-dlq-agency-gl-stp.fifo', 1, null],
    ]);
    expect(view.queues[1]!.warning).toBeDefined();
    expect(view.agesUnavailable).toContain('Không đọc được tuổi tin nhắn từ CloudWatch');
    expect(view.receivingUnits.length).toBeGreaterThan(0);
    expect(told).toHaveLength(1);
  });

  it('says nothing of the kind when CloudWatch answers', async () => {
    const view = await operationsView({ ...base, ages: { ages: async (names: string[]) => new Map(names.map((n) => [n, 120])) } });
    expect(view.agesUnavailable).toBeUndefined();
    expect(view.queues[0]!.oldestAgeSeconds).toBe(120);
  });
});
