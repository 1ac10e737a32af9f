/** The agency inbox (for agencies without an IT team): late dossiers, opening one by code, scans, decisions and results. */
import { render } from 'preact';
import '../common/styles.css';
import '../common/staff.css';
import '../common/staff-bar.css';
import { Layout } from '../common/layout.tsx';
import { useLocation } from '../common/router.tsx';
import { StaffOnly } from '../common/staff.tsx';
import { DossierPage } from './dossier.tsx';
import { Inbox } from './inbox.tsx';

const site = 'Một cửa Gia Lai · Cơ quan giải quyết';
export const base = '/co-quan/';

/** Paths of the inbox: `/co-quan/` and `/co-quan/ho-so/<code>` (a code has dots). */
export function route(path: string): { page: 'inbox' } | { page: 'dossier'; code: string } | { page: 'missing' } {
  if (path === base || path === '/co-quan') return { page: 'inbox' };
  const dossier = /^\/co-quan\/ho-so\/([^/]+)\/?$/.exec(path);
  if (dossier) return { page: 'dossier', code: decodeURIComponent(dossier[1]!) };
  return { page: 'missing' };
}

function App() {
  const { path } = useLocation();
  const r = route(path);
  const title = r.page === 'inbox' ? 'Hộp hồ sơ' : r.page === 'dossier' ? `Hồ sơ ${r.code}` : 'Không tìm thấy trang';
  return (
    <Layout site={site} nav={[{ href: base, label: 'Hộp hồ sơ', current: r.page === 'inbox' }]} title={title}>
      {r.page === 'missing' ? (
        <>
          <h1 tabIndex={-1}>Không tìm thấy trang</h1>
          <p>
            Về <a href={base}>hộp hồ sơ</a>.
          </p>
        </>
      ) : (
        <StaffOnly role="agency" who={(c) => <>Cơ quan: <strong>{c['custom:agency_id']}</strong></>}>{r.page === 'inbox' ? <Inbox /> : <DossierPage code={r.code} />}</StaffOnly>
      )}
    </Layout>
  );
}

render(<App />, document.getElementById('app')!);
