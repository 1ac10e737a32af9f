/**
 * The province datasets shipped with motcua, bundled into every function that needs them.
 * `PROVINCE_DATASET` picks one (default gia-lai-2019).
 *
 * - gia-lai-2019: Gia Lai as it stood in 2019 (province > district > commune), the pilot's data.
 * - gia-lai-2025: the merged Gia Lai after 1 July 2025 (province > 135 communes and wards), with the
 *   old units it replaced, so that old addresses resolve.
 */
import { loadProvince, type Province, type ProvinceFiles } from '../domain/province.ts';
import units2019 from './gia-lai-2019/units.json' with { type: 'json' };
import agencies2019 from './gia-lai-2019/agencies.json' with { type: 'json' };
import servicePoints2019 from './gia-lai-2019/service-points.json' with { type: 'json' };
import procedures2019 from './gia-lai-2019/procedures.json' with { type: 'json' };
import rollout2019 from './gia-lai-2019/rollout.json' with { type: 'json' };
import postal2019 from './gia-lai-2019/postal.json' with { type: 'json' };
import feeReductions2019 from './gia-lai-2019/fee-reductions.json' with { type: 'json' };
import units2025 from './gia-lai-2025/units.json' with { type: 'json' };
import agencies2025 from './gia-lai-2025/agencies.json' with { type: 'json' };
import servicePoints2025 from './gia-lai-2025/service-points.json' with { type: 'json' };
import procedures2025 from './gia-lai-2025/procedures.json' with { type: 'json' };
import rollout2025 from './gia-lai-2025/rollout.json' with { type: 'json' };
import postal2025 from './gia-lai-2025/postal.json' with { type: 'json' };
import feeReductions2025 from './gia-lai-2025/fee-reductions.json' with { type: 'json' };

/** The raw files of each dataset, by id. */
export const datasetFiles = {
  'gia-lai-2019': {
    'units.json': units2019,
    'agencies.json': agencies2019,
    'service-points.json': servicePoints2019,
    'procedures.json': procedures2019,
    'rollout.json': rollout2019,
    'postal.json': postal2019,
    'fee-reductions.json': feeReductions2019,
  },
  'gia-lai-2025': {
    'units.json': units2025,
    'agencies.json': agencies2025,
    'service-points.json': servicePoints2025,
    'procedures.json': procedures2025,
    'rollout.json': rollout2025,
    'postal.json': postal2025,
    'fee-reductions.json': feeReductions2025,
  },
} as const satisfies Record<string, ProvinceFiles>;
export type DatasetId = keyof typeof datasetFiles;
export const datasetIds = Object.keys(datasetFiles) as DatasetId[];
export const defaultDataset: DatasetId = 'gia-lai-2019';

const cache = new Map<string, Province>();
/** Loads (once) and returns a dataset; throws ProvinceDataError naming the file and field. */
export function province(id: string = defaultDataset): Province {
  let p = cache.get(id);
  if (!p) {
    const files = datasetFiles[id as DatasetId];
    if (!files) throw new Error(`unknown province dataset "${id}" (known: ${datasetIds.join(', ')})`);
    p = loadProvince(id, files);
    cache.set(id, p);
  }
  return p;
}
