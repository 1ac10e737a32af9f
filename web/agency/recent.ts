/** The dossiers this browser opened lately (newest first, at most 20): the inbox's own short list while the API lists none. */
const key = 'motcua.agency.recent';

export interface RecentDossier {
  code: string;
  procedure: string;
  dueAt?: string;
}

export function recentDossiers(): RecentDossier[] {
  try {
    return JSON.parse(localStorage.getItem(key) ?? '[]') as RecentDossier[];
  } catch {
    return [];
  }
}

export function rememberDossier(d: RecentDossier): void {
  try {
    localStorage.setItem(key, JSON.stringify([d, ...recentDossiers().filter((r) => r.code !== d.code)].slice(0, 20)));
  } catch {
    // Storage refused: the list is a convenience only.
  }
}
