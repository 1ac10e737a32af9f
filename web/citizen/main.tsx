/** The citizen's pages: the procedure catalogue, a procedure, the submission wizard (`/nop-ho-so/<id>`), and tracking by code (the slip's QR opens `/t/<reference>`). */
import { render } from 'preact';
import '../common/styles.css';
import { Layout } from '../common/layout.tsx';
import { useLocation } from '../common/router.tsx';
import { Catalogue } from './catalogue.tsx';
import { ProcedurePage } from './procedure.tsx';
import { Tracking } from './tracking.tsx';
import { Wizard } from './wizard.tsx';

const site = 'Một cửa Gia Lai';

/** Paths of the citizen's app. `/t/<code>` is what the slip's QR and the SMS link to (shared/domain/tracking.ts). */
export function route(path: string): { page: 'catalogue' } | { page: 'procedure'; id: string } | { page: 'wizard'; id: string } | { page: 'tracking'; code?: string } | { page: 'missing' } {
  if (path === '/' || path === '/thu-tuc' || path === '/thu-tuc/') return { page: 'catalogue' };
  const procedure = /^\/thu-tuc\/([^/]+)\/?$/.exec(path);
  if (procedure) return { page: 'procedure', id: decodeURIComponent(procedure[1]!) };
  const wizard = /^\/nop-ho-so\/([^/]+)\/?$/.exec(path);
  if (wizard) return { page: 'wizard', id: decodeURIComponent(wizard[1]!) };
  if (path === '/tra-cuu' || path === '/tra-cuu/' || path === '/t' || path === '/t/') return { page: 'tracking' };
  const tracked = /^\/t\/([^/]+)\/?$/.exec(path);
  if (tracked) return { page: 'tracking', code: decodeURIComponent(tracked[1]!) };
  return { page: 'missing' };
}

function App() {
  const { path, query } = useLocation();
  const r = route(path);
  const nav = [
    { href: '/', label: 'Thủ tục', current: r.page === 'catalogue' || r.page === 'procedure' || r.page === 'wizard' },
    { href: '/tra-cuu', label: 'Tra cứu hồ sơ', current: r.page === 'tracking' },
  ];
  const title = r.page === 'catalogue' ? 'Thủ tục hành chính' : r.page === 'procedure' ? 'Thủ tục' : r.page === 'wizard' ? 'Nộp hồ sơ trực tuyến' : r.page === 'tracking' ? 'Tra cứu hồ sơ' : 'Không tìm thấy trang';
  return (
    <Layout site={site} nav={nav} title={title}>
      {r.page === 'catalogue' && <Catalogue query={query.get('q') ?? ''} />}
      {r.page === 'procedure' && <ProcedurePage id={r.id} />}
      {r.page === 'wizard' && <Wizard procedureId={r.id} />}
      {r.page === 'tracking' && <Tracking code={r.code} />}
      {r.page === 'missing' && (
        <>
          <h1 tabIndex={-1}>Không tìm thấy trang</h1>
          <p>
            Địa chỉ này không có trang nào. Về <a href="/">danh mục thủ tục</a> hoặc <a href="/tra-cuu">tra cứu hồ sơ</a>.
          </p>
        </>
      )}
    </Layout>
  );
}

render(<App />, document.getElementById('app')!);
