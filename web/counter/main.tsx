/**
 * The counter console (`/quay/`): the reception queue of the clerk's one-stop section, a dossier
 * opened by code (accept with form 01, supplement request with form 02, refusal with form 03, a
 * supplement scanned at the desk, a withdrawal, cash payments and receipts reprinted, cancelled or
 * refunded, the result handed over with the identity check, every paper the dossier has printed),
 * assisted intake at the desk with the scans, and the unit's tracking book for a period. Every
 * page needs a signed-in clerk (web/common/auth.ts).
 */
import { render } from 'preact';
import '../common/styles.css';
import '../common/staff-bar.css';
import './counter.css';
import { Layout } from '../common/layout.tsx';
import { useLocation } from '../common/router.tsx';
import { StaffOnly } from '../common/staff.tsx';
import { BookPage } from './book.tsx';
import { DossierPage } from './dossier.tsx';
import { Intake } from './intake.tsx';
import { Queue } from './queue.tsx';
import { base, route, type CounterRoute } from './routes.ts';
import { Search } from './search.tsx';

const site = 'Quầy một cửa';

const titles: Record<CounterRoute['page'], string> = { queue: 'Hàng chờ tiếp nhận', intake: 'Tiếp nhận tại quầy', search: 'Tìm hồ sơ', book: 'Sổ theo dõi hồ sơ', dossier: 'Hồ sơ', missing: 'Không tìm thấy trang' };

function App() {
  const { path } = useLocation();
  const r = route(path);
  const nav = [
    { href: base, label: 'Hàng chờ', current: r.page === 'queue' },
    { href: `${base}tiep-nhan`, label: 'Tiếp nhận tại quầy', current: r.page === 'intake' },
    { href: `${base}tim`, label: 'Tìm hồ sơ', current: r.page === 'search' || r.page === 'dossier' },
    { href: `${base}so-theo-doi`, label: 'Sổ theo dõi', current: r.page === 'book' },
  ];
  return (
    <Layout site={site} nav={nav} title={titles[r.page]}>
      <StaffOnly role="clerk" who={(c) => <>Điểm phục vụ: <strong>{c['custom:service_point_id']}</strong></>}>
        {(claims) => (
          <>
            {r.page === 'queue' && <Queue />}
            {r.page === 'intake' && <Intake servicePointId={claims['custom:service_point_id'] ?? ''} />}
            {r.page === 'search' && <Search />}
            {r.page === 'book' && <BookPage />}
            {r.page === 'dossier' && <DossierPage code={r.code} />}
            {r.page === 'missing' && (
              <>
                <h1 tabIndex={-1}>Không tìm thấy trang</h1>
                <p>
                  Về <a href={base}>hàng chờ tiếp nhận</a>.
                </p>
              </>
            )}
          </>
        )}
      </StaffOnly>
    </Layout>
  );
}

render(<App />, document.getElementById('app')!);
