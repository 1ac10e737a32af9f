/** A dossier as the inbox's lists show it: its code linking to the dossier, its procedure, then what the list says of it. */
import type { ComponentChildren } from 'preact';
import { Link } from '../common/router.tsx';

/** Where the lists link a dossier to: `/co-quan/ho-so/<code>` (main.tsx routes it). */
export const dossierPath = (code: string) => `/co-quan/ho-so/${encodeURIComponent(code)}`;

export function DossierCard(props: { code: string; procedure: string; children?: ComponentChildren }) {
  return (
    <li class="card">
      <h3>
        <Link href={dossierPath(props.code)}>{props.code}</Link>
      </h3>
      <p class="meta">{props.procedure}</p>
      {props.children}
    </li>
  );
}
