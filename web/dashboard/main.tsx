/**
 * The province dashboard (`/tinh/`, role admin): on-time figures per agency, receiving unit or
 * service point over a period with a bar chart and its table, the escalation list of late
 * dossiers, and the rollout and queue health. Signed in through `/dang-nhap/` (web/common/auth.ts).
 */
import { render } from 'preact';
import '../common/styles.css';
import '../common/staff.css';
import './dashboard.css';
import { currentSession, goSignIn, signInUrl, signOut } from '../common/auth.ts';
import { Layout } from '../common/layout.tsx';
import { Escalations } from './escalations.tsx';
import { Figures } from './figures.tsx';
import { Operations } from './operations.tsx';

const site = 'Một cửa Gia Lai · Bảng điều hành của tỉnh';

function App() {
  const session = currentSession();
  if (!session || !session.claims['cognito:groups']?.includes('admin')) {
    // Not signed in, expired, or not an administrator: the sign-in page, then back here.
    if (session) signOut();
    location.replace(signInUrl());
    return <p role="status">Đang chuyển đến trang đăng nhập…</p>;
  }
  return (
    <Layout site={site} nav={[{ href: '/tinh/', label: 'Bảng điều hành', current: true }]} title="Bảng điều hành">
      <div class="staff meta">
        <span>Quản trị của tỉnh</span>
        <button type="button" class="link" onClick={goSignIn}>
          Đăng xuất
        </button>
      </div>
      <h1 tabIndex={-1}>Bảng điều hành của tỉnh</h1>
      <Figures />
      <Escalations />
      <Operations />
    </Layout>
  );
}

render(<App />, document.getElementById('app')!);
