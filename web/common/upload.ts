/**
 * Browser uploads through the API's presigned POST forms (S3): the file's SHA-256 (the form pins
 * it), then a multipart POST with the form's fields before the file, reporting progress.
 * `await postFile(form, file, (f) => setProgress(f))`.
 */
import { ApiProblem } from './api.ts';

export interface UploadForm {
  url: string;
  fields: Record<string, string>;
}

/** The SHA-256 of a file, base64, as the upload-url routes take it. */
export async function sha256Base64(file: Blob): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
  return btoa(String.fromCharCode(...digest));
}

/** What an upload-url route takes for `file`. */
export async function uploadRequest(file: File): Promise<{ contentType: string; size: number; sha256: string }> {
  return { contentType: file.type, size: file.size, sha256: await sha256Base64(file) };
}

/** POSTs `file` to the presigned form; `onProgress(0..1)` as it goes. S3's refusal becomes an ApiProblem. */
export function postFile(form: UploadForm, file: File, onProgress: (fraction: number) => void = () => {}): Promise<void> {
  const body = new FormData();
  for (const [k, v] of Object.entries(form.fields)) body.append(k, v);
  body.append('file', file);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', form.url);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
      } else {
        // S3 answers XML: its <Message> says why (too large, expired form, wrong type).
        const message = /<Message>([^<]*)<\/Message>/.exec(xhr.responseText)?.[1];
        const why = xhr.status === 400 || xhr.status === 403 ? 'sai loại, quá lớn hoặc đường dẫn đã hết hạn' : `mã ${xhr.status}`;
        reject(new ApiProblem(xhr.status, { title: `Kho lưu trữ không nhận tệp (${why}${message ? `: ${message}` : ''}). Thử lại.` }));
      }
    };
    xhr.onerror = () => reject(new ApiProblem(0, {}));
    xhr.send(body);
  });
}
