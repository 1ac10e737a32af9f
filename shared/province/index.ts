/**
 * The province datasets shipped with motcua, bundled into every function that needs them.
 * `PROVINCE_DATASET` picks one (default gia-lai-2019).
 */
import { loadProvince, type Province } from '../domain/province.ts';
import units from './gia-lai-2019/units.json' with { type: 'json' };
import agencies from './gia-lai-2019/agencies.json' with { type: 'json' };
import servicePoints from './gia-lai-2019/service-points.json' with { type: 'json' };
import procedures from './gia-lai-2019/procedures.json' with { type: 'json' };
import rollout from './gia-lai-2019/rollout.json' with { type: 'json' };

const datasets = {
  'gia-lai-2019': () =>
    loadProvince('gia-lai-2019', {
      'units.json': units,
      'agencies.json': agencies,
      'service-points.json': servicePoints,
      'procedures.json': procedures,
      'rollout.json': rollout,
    }),
} as const;
export type DatasetId = keyof typeof datasets;
export const defaultDataset: DatasetId = 'gia-lai-2019';

const cache = new Map<string, Province>();
/** Loads (once) and returns a dataset; throws ProvinceDataError naming the file and field. */
export function province(id: string = defaultDataset): Province {
  let p = cache.get(id);
  if (!p) {
    const load = datasets[id as DatasetId];
    if (!load) throw new Error(`unknown province dataset "${id}" (known: ${Object.keys(datasets).join(', ')})`);
    p = load();
    cache.set(id, p);
  }
  return p;
}
