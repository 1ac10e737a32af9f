/**
 * One paper scanned at the desk: the file chosen, its SHA-256 declared for a presigned form
 * (`POST …/documents/{slot}/upload-url`), then posted to S3 with its progress. Used by the intake
 * (every slot of a new dossier) and by a supplement at the counter (the slots asked for).
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { action } from '../common/api.ts';
import { staffPost } from '../common/staff-api.ts';
import { postFile, uploadRequest } from '../common/upload.ts';
import { counterPath } from './api.ts';
import type { UploadForm } from './types.ts';

const acceptedTypes = ['application/pdf', 'image/jpeg', 'image/png'];

type ScanState = { state: 'idle' } | { state: 'uploading'; fraction: number } | { state: 'done' } | { state: 'failed'; message: string };

/** `<ScanSlot code={ref} slot={{ id: 'doc-1', name: 'Tờ khai' }} idle="Chưa có bản quét" />`; `onUploaded` once the bucket has the file. */
export function ScanSlot(props: { code: string; slot: { id: string; name: string }; idle: string; children?: ComponentChildren; onUploaded?: () => void }) {
  const { slot } = props;
  const [st, setSt] = useState<ScanState>({ state: 'idle' });
  const upload = async (file: File) => {
    if (!acceptedTypes.includes(file.type)) return setSt({ state: 'failed', message: 'Chỉ nhận tệp PDF, JPEG hoặc PNG' });
    setSt({ state: 'uploading', fraction: 0 });
    try {
      const form = await staffPost<UploadForm>(action(), counterPath(props.code, `/documents/${encodeURIComponent(slot.id)}/upload-url`), await uploadRequest(file));
      await postFile(form, file, (fraction) => setSt({ state: 'uploading', fraction }));
      setSt({ state: 'done' });
      props.onUploaded?.();
    } catch (e) {
      setSt({ state: 'failed', message: e instanceof Error ? e.message : 'Tải lên không thành công' });
    }
  };
  return (
    <li class="card">
      <label for={`file-${slot.id}`}>{props.children ?? <strong>{slot.name}</strong>}</label>
      <input id={`file-${slot.id}`} type="file" accept={acceptedTypes.join(',')} disabled={st.state === 'uploading'} onChange={(e) => e.currentTarget.files?.[0] && void upload(e.currentTarget.files[0])} />
      {st.state === 'uploading' && (
        <progress max={1} value={st.fraction} aria-label={`Đang tải lên ${slot.name}`}>
          {Math.round(st.fraction * 100)}%
        </progress>
      )}
      <p class={st.state === 'failed' ? 'error' : 'meta'} role="status" id={`status-${slot.id}`}>
        {st.state === 'done' ? 'Đã tải lên, đang kiểm tra tệp' : st.state === 'failed' ? st.message : st.state === 'uploading' ? `Đang tải lên: ${Math.round(st.fraction * 100)}%` : props.idle}
      </p>
    </li>
  );
}
