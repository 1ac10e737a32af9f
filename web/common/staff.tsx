/**
 * What the staff pages (counter console, agency inbox, postman, dashboard) share: the gate that
 * lets in only a signed-in member of staff of the page's role (with who it is and "Đăng xuất"),
 * resources read with the bearer token and reloaded after an action, the message shown when the
 * API says the sign-in ran out, and a confirmation step before anything irreversible is sent.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ApiProblem, getJson } from './api.ts';
import { Notice } from './layout.tsx';
import type { Resource } from './resource.ts';
import { currentSession, goSignIn, signInUrl, signOut, type StaffClaims } from './auth.ts';
import { bearer, signInPath } from './token.ts';

/** `const [r, reload] = useStaffResource<Shipment>('/v1/courier/shipments/RR…')`: GET with the bearer token. */
export function useStaffResource<T>(path: string | undefined): [Resource<T>, () => void] {
  const [r, setR] = useState<Resource<T>>({ state: 'loading' });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!path) return;
    let live = true;
    // A reload keeps the page as it is until the new answer arrives (no flash of "loading").
    if (version === 0) setR({ state: 'loading' });
    getJson<T>(path, bearer() ?? {}).then(
      (data) => live && setR({ state: 'ready', data }),
      (e: unknown) => live && setR({ state: 'failed', problem: e instanceof ApiProblem ? e : new ApiProblem(0, {}) }),
    );
    return () => {
      live = false;
    };
  }, [path, version]);
  return [r, () => setVersion((v) => v + 1)];
}

/** The notice for someone not signed in (no token, or the API said 401). */
export function SignInNeeded() {
  return (
    <Notice kind="info">
      Bạn cần đăng nhập để xem trang này. <a href={signInPath}>Đăng nhập</a>
    </Notice>
  );
}

/** A failed read: sign-in notice on 401/403 without a token, else the problem's message. */
export function ReadFailed(props: { problem: ApiProblem; what: string }) {
  if (props.problem.status === 401) return <SignInNeeded />;
  return (
    <Notice kind="error">
      {props.what}: {props.problem.message}
    </Notice>
  );
}

/** The staff roles a page may ask for (the Cognito groups). */
export type StaffRole = 'clerk' | 'agency' | 'courier' | 'admin';

/**
 * A staff page's gate: its children only for a signed-in member of staff of `role`, under a line
 * naming who is signed in (`who`) with "Đăng xuất"; anyone else (not signed in, expired, another
 * role) goes to the sign-in page and comes back here after.
 */
export function StaffOnly(props: { role: StaffRole; who: (claims: StaffClaims) => ComponentChildren; children: ComponentChildren | ((claims: StaffClaims) => ComponentChildren) }) {
  const session = currentSession();
  if (!session || !session.claims['cognito:groups']?.includes(props.role)) {
    if (session) signOut();
    location.replace(signInUrl());
    return <p role="status">Đang chuyển đến trang đăng nhập…</p>;
  }
  return (
    <>
      <p class="staff meta">
        {props.who(session.claims)}{' '}
        <button type="button" class="link" onClick={goSignIn}>
          Đăng xuất
        </button>
      </p>
      {typeof props.children === 'function' ? props.children(session.claims) : props.children}
    </>
  );
}

/**
 * The question before an irreversible step, with the two answers: the first takes the focus, Escape
 * answers "Quay lại", and when the question goes the focus returns to where it was (the button
 * that asked, if it is still there). Labelled by its question.
 */
export function Confirm(props: { question: string; confirmLabel: string; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  const first = useRef<HTMLButtonElement>(null);
  const id = useId();
  // Where the focus was when the question was asked (read while rendering, before it moves in).
  const [opener] = useState(() => document.activeElement as HTMLElement | null);
  // At once after the render, not after the next paint: a key pressed meanwhile lands in the question.
  useLayoutEffect(() => {
    first.current?.focus();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || props.busy) return;
    e.preventDefault();
    props.onCancel();
  };
  return (
    <div class="confirm" role="alertdialog" aria-labelledby={id} onKeyDown={onKeyDown}>
      <p id={id}>{props.question}</p>
      <div class="row">
        <button type="button" ref={first} disabled={props.busy} onClick={props.onConfirm}>
          {props.confirmLabel}
        </button>
        <button type="button" class="secondary" disabled={props.busy} onClick={props.onCancel}>
          Quay lại
        </button>
      </div>
    </div>
  );
}
