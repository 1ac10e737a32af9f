/**
 * A whole province fits CloudFormation's limits: a synthetic 300-agency province (the shipped
 * gia-lai-2025 files plus 300 agencies, loaded by the same loader) synthesizes to templates that
 * each stay within every per-template limit, and an agency keeps its nested stack and its queue's
 * logical id when another is added or removed (a move would delete its queue, messages and all).
 *
 * Limits (CloudFormation quotas, per template): 500 resources, 200 outputs, 200 parameters, 200
 * mappings, logical ids of 255 characters, and 1 MB of template body when it comes from S3. Nested
 * templates are always read from S3 (TemplateURL); the CDK CLI uploads a root template above 50 KB
 * to its bootstrap bucket too, so 1 MB is the limit of every template here (51,200 bytes applies
 * only to a body passed inline, which the CLI does not do at this size).
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencyGroup, maxAgenciesPerGroup, resourcesPerAgency } from '../../infra/agency-groups.ts';
import type { MotcuaStack } from '../../infra/stack.ts';
import { loadProvince, type Province } from '../../shared/domain/province.ts';
import { files } from '../support/province-data.ts';
import { construct, synthesize, type Synthesized } from './synth.ts';

const limits = { resources: 500, outputs: 200, parameters: 200, mappings: 200, logicalIdLength: 255, templateBytes: 1024 * 1024 } as const;

/** Agency ids of the maximum length (30), so logical ids and physical names are at their longest. */
const syntheticId = (i: number) => `co-quan-thu-nghiem-dai-ten-${String(i).padStart(3, '0')}`;

/** gia-lai-2025 plus the synthetic agencies `numbers` names (departments serving the whole province). */
function provinceWith(numbers: number[]): Province {
  const f = files('gia-lai-2025');
  for (const i of numbers) {
    f['agencies.json'].agencies.push({
      id: syntheticId(i),
      code: `${String(i).padStart(3, '0')}.99.99.H21`,
      name: `Cơ quan thử nghiệm số ${i}`,
      kind: 'department',
      level: 'province',
      serves: ['52'],
      validFrom: '2025-07-01',
      illustrative: true,
    });
  }
  return loadProvince(`synthetic-${numbers.length}`, f);
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);

/** For every agency: the logical id of its group's nested stack in the root, and its queue's logical id in that nested template. */
function placement(stack: MotcuaStack): Map<string, { nestedStack: string; queue: string }> {
  const logicalId = (c: IConstruct) => {
    const element = (CfnElement.isCfnElement(c) ? c : c.node.defaultChild) as CfnElement;
    return Stack.of(element).resolve(element.logicalId) as string;
  };
  return new Map(
    stack.agencies.all.map((a) => [a.agencyId, { nestedStack: logicalId(stack.agencies.stackOf(a.agencyId).nestedStackResource!), queue: logicalId(a.queue) }]),
  );
}

let s300: Synthesized;
let synthesisMs: number;
beforeAll(() => {
  const province = provinceWith(range(1, 300));
  const started = performance.now();
  s300 = synthesize({ province });
  synthesisMs = performance.now() - started;
});
afterAll(() => s300?.cleanup());

describe('a 300-agency province', () => {
  it('gives every agency its queue, in the nested stack of its group, and the root one nested stack per group', () => {
    const agencies = s300.stack.topology.agencies;
    expect(agencies.length).toBeGreaterThanOrEqual(300);
    expect(s300.stack.agencies.all).toHaveLength(agencies.length);
    const groups = new Set(agencies.map(agencyGroup));
    expect(s300.ofType('AWS::CloudFormation::Stack')).toHaveLength(groups.size);
    const fullest = Math.max(...s300.stack.agencies.groups.map((g) => g.agencies.length));
    expect(fullest).toBeLessThanOrEqual(maxAgenciesPerGroup);
    console.info(`${agencies.length} agencies in ${groups.size} nested stacks (fullest: ${fullest}); synthesized in ${Math.round(synthesisMs)} ms`);
  });

  it("keeps every template (the root's and each nested stack's) within CloudFormation's limits", () => {
    const files = [s300.stack.templateFile, ...s300.stack.agencies.groups.map((g) => g.templateFile)];
    expect(s300.templates).toHaveLength(files.length);
    const rows = files.map((file) => {
      const path = join(s300.outdir, file);
      const t = JSON.parse(readFileSync(path, 'utf8')) as Record<string, Record<string, unknown> | undefined>;
      const ids = ['Resources', 'Outputs', 'Parameters', 'Mappings', 'Conditions'].flatMap((section) => Object.keys(t[section] ?? {}));
      return {
        file,
        resources: Object.keys(t.Resources ?? {}).length,
        outputs: Object.keys(t.Outputs ?? {}).length,
        parameters: Object.keys(t.Parameters ?? {}).length,
        mappings: Object.keys(t.Mappings ?? {}).length,
        logicalIdLength: Math.max(...ids.map((id) => id.length)),
        // The bytes CloudFormation reads: the file as the CDK writes and uploads it.
        templateBytes: statSync(path).size,
      };
    });
    for (const row of rows) {
      for (const limit of Object.keys(limits) as (keyof typeof limits)[]) expect(row[limit], `${row.file}: ${limit}`).toBeLessThanOrEqual(limits[limit]);
    }
    // A group's template holds its agencies' resources and nothing else.
    s300.stack.agencies.groups.forEach((g, i) => expect(rows[i + 1]!.resources, g.node.path).toBe(resourcesPerAgency * g.agencies.length));
    const worst = (of: typeof rows) => Object.fromEntries((Object.keys(limits) as (keyof typeof limits)[]).map((limit) => [limit, Math.max(...of.map((r) => r[limit]))]));
    console.info(`root: ${JSON.stringify(worst(rows.slice(0, 1)))}; largest of the ${rows.length - 1} nested: ${JSON.stringify(worst(rows.slice(1)))}`);
  });
});

describe('stable assignment', () => {
  it('keeps every other agency in its nested stack, under the same queue logical id, when one is added at the end or one removed in the middle', () => {
    // Logical ids are fixed once the constructs exist: the other two apps are built, not synthesized.
    const before = placement(s300.stack);
    const added = placement(construct({ province: provinceWith(range(1, 301)) }).stack);
    const removed = placement(construct({ province: provinceWith([...range(1, 149), ...range(151, 300)]) }).stack);
    expect(before.has(syntheticId(150))).toBe(true);
    expect(added.has(syntheticId(301))).toBe(true);
    expect(removed.has(syntheticId(150))).toBe(false);
    for (const [after, changed] of [
      [added, syntheticId(301)],
      [removed, syntheticId(150)],
    ] as const) {
      const kept = [...before.keys()].filter((id) => id !== changed);
      expect(kept.length).toBeGreaterThanOrEqual(299);
      for (const id of kept) expect(after.get(id), id).toEqual(before.get(id));
    }
  });
});
