/**
 * Staff sign-in at `/dang-nhap/` (every staff app sends people here, `?next=` the page to come
 * back to). Locally: the development sign-in (a role and the service point or agency, checked
 * against the province data). In AWS: Cognito's hosted UI, and back here with `?code=`.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import '../common/styles.css';
import { ApiProblem, action, getJson } from '../common/api.ts';
import { finishHostedSignIn, loadSignInConfig, safeNext, startHostedSignIn, storeToken } from '../common/auth.ts';
import { SelectField } from '../common/controls.tsx';
import { Layout, Notice } from '../common/layout.tsx';
import type { SignInConfig } from '../common/runtime-config.ts';

const site = 'Một cửa Gia Lai · Nhân viên';
const roleLabels: Record<string, string> = { clerk: 'Nhân viên quầy (giao dịch viên)', agency: 'Cán bộ cơ quan giải quyết', courier: 'Bưu tá', admin: 'Quản trị của tỉnh' };
/** Where each role lands when the link named no page. */
const homes: Record<string, string> = { clerk: '/quay/', agency: '/co-quan/', courier: '/buu-ta/', admin: '/tinh/' };

interface Choices {
  roles: string[];
  servicePoints: { id: string; name: string }[];
  agencies: { id: string; name: string }[];
}

function LocalSignIn(props: { next: string | null }) {
  const [choices, setChoices] = useState<Choices>();
  const [role, setRole] = useState('clerk');
  const [servicePoint, setServicePoint] = useState('');
  const [agency, setAgency] = useState('');
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    getJson<Choices>('/_local/sign-in').then((c) => {
      setChoices(c);
      setServicePoint(c.servicePoints[0]?.id ?? '');
      setAgency(c.agencies[0]?.id ?? '');
    }, (e: unknown) => setProblem(e instanceof ApiProblem ? e : new ApiProblem(0, {})));
  }, []);
  const needsPoint = role === 'clerk' || role === 'courier';
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const body = { role, ...(needsPoint ? { servicePoint } : {}), ...(role === 'agency' ? { agency } : {}) };
      const { token } = await action().post<{ token: string }>('/_local/sign-in', body);
      storeToken(token);
      location.assign(safeNext(props.next, homes[role]));
    } catch (err) {
      setProblem(err instanceof ApiProblem ? err : new ApiProblem(0, {}));
      setBusy(false);
    }
  };
  if (!choices) return problem ? <Notice kind="error">{problem.message}</Notice> : <p role="status">Đang tải…</p>;
  return (
    <form onSubmit={submit} noValidate>
      <Notice kind="info">Đăng nhập thử nghiệm trên máy (chỉ có khi chạy cục bộ): chọn vai trò và nơi làm việc, không cần mật khẩu.</Notice>
      <SelectField id="role" label="Vai trò" value={role} options={choices.roles.map((r) => ({ value: r, label: roleLabels[r] ?? r }))} onChange={setRole} error={problem?.messageFor('role')} />
      {needsPoint && (
        <SelectField id="servicePoint" label="Điểm phục vụ" value={servicePoint} options={choices.servicePoints.map((p) => ({ value: p.id, label: p.name }))} onChange={setServicePoint} error={problem?.messageFor('servicePoint')} />
      )}
      {role === 'agency' && <SelectField id="agency" label="Cơ quan" value={agency} options={choices.agencies.map((a) => ({ value: a.id, label: a.name }))} onChange={setAgency} error={problem?.messageFor('agency')} />}
      {problem && !problem.field && <Notice kind="error">{problem.message}</Notice>}
      <button type="submit" disabled={busy}>
        Đăng nhập
      </button>
    </form>
  );
}

function HostedSignIn(props: { config: Extract<SignInConfig, { kind: 'cognito' }>; query: URLSearchParams }) {
  const [error, setError] = useState<string>();
  const returning = props.query.has('code');
  useEffect(() => {
    if (!returning) return;
    finishHostedSignIn(props.config, props.query).then((next) => location.assign(safeNext(next)), (e: Error) => setError(e.message));
  }, []);
  if (returning && !error) return <p role="status">Đang hoàn tất đăng nhập…</p>;
  return (
    <>
      {error && <Notice kind="error">{error}</Notice>}
      <p>Đăng nhập bằng tài khoản do quản trị của tỉnh cấp (mật khẩu và mã xác thực trên ứng dụng).</p>
      <button type="button" onClick={() => void startHostedSignIn(props.config, safeNext(props.query.get('next')))}>
        Đăng nhập
      </button>
    </>
  );
}

function App() {
  const query = new URLSearchParams(location.search);
  const [config, setConfig] = useState<SignInConfig>();
  const [failed, setFailed] = useState<string>();
  useEffect(() => {
    loadSignInConfig().then(setConfig, (e: unknown) => setFailed(e instanceof Error ? e.message : 'Không tải được cấu hình đăng nhập'));
  }, []);
  return (
    <Layout site={site} nav={[]} title="Đăng nhập">
      <h1 tabIndex={-1}>Đăng nhập cho nhân viên</h1>
      {query.get('het-han') !== null && <Notice kind="info">Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.</Notice>}
      {failed && <Notice kind="error">{failed}</Notice>}
      {!config && !failed && <p role="status">Đang tải…</p>}
      {config?.kind === 'local' && <LocalSignIn next={query.get('next')} />}
      {config?.kind === 'cognito' && <HostedSignIn config={config} query={query} />}
    </Layout>
  );
}

render(<App />, document.getElementById('app')!);
