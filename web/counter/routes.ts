/** The console's paths: `/quay/`, `/quay/tiep-nhan`, `/quay/tim`, `/quay/so-theo-doi`, `/quay/ho-so/<code or reference>`. */
export const base = '/quay/';

export type CounterRoute = { page: 'queue' } | { page: 'intake' } | { page: 'search' } | { page: 'book' } | { page: 'dossier'; code: string } | { page: 'missing' };

/** `route('/quay/ho-so/000.02.28.H21-261126-0001')` -> `{ page: 'dossier', code: '000.02.28.H21-261126-0001' }`. */
export function route(path: string): CounterRoute {
  const rest = path.startsWith(base) ? path.slice(base.length).replace(/\/$/, '') : path === '/quay' ? '' : undefined;
  if (rest === undefined) return { page: 'missing' };
  if (rest === '') return { page: 'queue' };
  if (rest === 'tiep-nhan') return { page: 'intake' };
  if (rest === 'tim') return { page: 'search' };
  if (rest === 'so-theo-doi') return { page: 'book' };
  const dossier = /^ho-so\/([^/]+)$/.exec(rest);
  if (dossier) return { page: 'dossier', code: safeDecode(dossier[1]!) };
  return { page: 'missing' };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
