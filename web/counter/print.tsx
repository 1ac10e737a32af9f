/** A button that opens one of the dossier's printable forms (the PDF the API renders) in a new tab, with a download link beside it. */
import { useState } from 'preact/hooks';
import { ApiProblem } from '../common/api.ts';
import { Notice } from '../common/layout.tsx';
import { counterPdf } from './api.ts';

export function PrintButton(props: { code: string; form: string; label: string; fileName: string }) {
  const [url, setUrl] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const open = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const u = url ?? (await counterPdf(props.code, props.form));
      setUrl(u);
      window.open(u, '_blank');
    } catch (e) {
      setError(e instanceof ApiProblem ? e.message : 'Không mở được tệp PDF');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="print">
      <button type="button" onClick={open} disabled={busy} data-form={props.form}>
        {props.label}
      </button>
      {url && (
        <a class="pdf-link" href={url} download={props.fileName}>
          Tải tệp PDF ({props.fileName})
        </a>
      )}
      {error && <Notice kind="error">{error}</Notice>}
    </div>
  );
}
