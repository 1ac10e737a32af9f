/** The facts every page shows first about a dossier (procedure, reference, receiving unit, agency); a page adds its own after them. */
import type { ComponentChildren } from 'preact';

export interface DossierIdentity {
  ref: string;
  code?: string | undefined;
  procedure: { name: string };
  receivingUnit: { name: string };
  agency: { name: string };
}

export function DossierFacts(props: { d: DossierIdentity; children?: ComponentChildren }) {
  const { d } = props;
  return (
    <dl class="facts">
      <dt>Thủ tục</dt>
      <dd>{d.procedure.name}</dd>
      {d.code && (
        <>
          <dt>Số tham chiếu</dt>
          <dd>{d.ref}</dd>
        </>
      )}
      <dt>Đơn vị tiếp nhận</dt>
      <dd>{d.receivingUnit.name}</dd>
      <dt>Cơ quan giải quyết</dt>
      <dd>{d.agency.name}</dd>
      {props.children}
    </dl>
  );
}
