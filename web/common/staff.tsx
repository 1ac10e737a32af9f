/**
 * What the staff pages (counter console, agency inbox, postman, dashboard) share: the gate that
 * lets in only a signed-in member of staff of the page's role (with who it is and "Đăng xuất"),
 * what a failed read shows, and a confirmation step before anything irreversible is sent. Their
 * calls to the API go through staff-api.ts.
 */
import type { ComponentChildren } from 'preact';
import { useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ApiProblem } from './api.ts';
import { Notice } from './layout.tsx';
import { currentSession, goSignIn, signInUrl, signOut, type StaffClaims } from './auth.ts';

/** What a page shows while it leaves for the sign-in page (staff-api.ts sends it there on a 401). */
function GoingToSignIn() {
  return <p role="status">Đang chuyển đến trang đăng nhập…</p>;
}

/** A failed read: on 401 the page is already on its way to sign-in; else the problem's message. */
export function ReadFailed(props: { problem: ApiProblem; what: string }) {
  if (props.problem.status === 401) return <GoingToSignIn />;
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
    return <GoingToSignIn />;
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
