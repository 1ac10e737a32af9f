/** The postman's page (a phone first): today's pickups and deliveries of his post office, and each shipment's next step. */
import { render } from 'preact';
import '../common/styles.css';
import '../common/staff.css';
import '../common/staff-bar.css';
import { Layout } from '../common/layout.tsx';
import { useLocation } from '../common/router.tsx';
import { StaffOnly } from '../common/staff.tsx';
import { Today } from './today.tsx';
import { ShipmentPage } from './shipment.tsx';

const site = 'Một cửa Gia Lai · Bưu tá';
export const base = '/buu-ta/';

/** Paths of the page: `/buu-ta/` and `/buu-ta/buu-gui/<S10 item id>`. */
export function route(path: string): { page: 'today' } | { page: 'shipment'; itemId: string } | { page: 'missing' } {
  if (path === base || path === '/buu-ta') return { page: 'today' };
  const item = /^\/buu-ta\/buu-gui\/([^/]+)\/?$/.exec(path);
  if (item) return { page: 'shipment', itemId: decodeURIComponent(item[1]!) };
  return { page: 'missing' };
}

function App() {
  const { path } = useLocation();
  const r = route(path);
  const title = r.page === 'today' ? 'Việc hôm nay' : r.page === 'shipment' ? `Bưu gửi ${r.itemId}` : 'Không tìm thấy trang';
  return (
    <Layout site={site} nav={[{ href: base, label: 'Việc hôm nay', current: r.page === 'today' }]} title={title}>
      {r.page === 'missing' ? (
        <>
          <h1 tabIndex={-1}>Không tìm thấy trang</h1>
          <p>
            Về <a href={base}>việc hôm nay</a>.
          </p>
        </>
      ) : (
        <StaffOnly role="courier" who={(c) => <>Bưu cục: <strong>{c['custom:service_point_id']}</strong></>}>{r.page === 'today' ? <Today /> : <ShipmentPage itemId={r.itemId} />}</StaffOnly>
      )}
    </Layout>
  );
}

render(<App />, document.getElementById('app')!);
