/**
 * The province dashboard (`/tinh/`, role admin): on-time figures per agency, receiving unit or
 * service point over a period with a bar chart and its table, the escalation list of late
 * dossiers, and the rollout and queue health. Signed in through `/dang-nhap/` (web/common/auth.ts).
 */
import { render } from 'preact';
import '../common/styles.css';
import '../common/staff.css';
import '../common/staff-bar.css';
import './dashboard.css';
import { Layout } from '../common/layout.tsx';
import { StaffOnly } from '../common/staff.tsx';
import { Escalations } from './escalations.tsx';
import { Figures } from './figures.tsx';
import { Operations } from './operations.tsx';

const site = 'Một cửa Gia Lai · Bảng điều hành của tỉnh';

function App() {
  return (
    <Layout site={site} nav={[{ href: '/tinh/', label: 'Bảng điều hành', current: true }]} title="Bảng điều hành">
      <StaffOnly role="admin" who={() => <span>Quản trị của tỉnh</span>}>
        <h1 tabIndex={-1}>Bảng điều hành của tỉnh</h1>
        <Figures />
        <Escalations />
        <Operations />
      </StaffOnly>
    </Layout>
  );
}

render(<App />, document.getElementById('app')!);
