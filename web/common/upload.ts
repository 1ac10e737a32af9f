/**
 * Scans straight to S3 from the page: the file's SHA-256 (base64, as the API's upload request
 * wants it) and the presigned form posted with upload progress (XHR: fetch reports no upload progress).
 */

/** `await sha256Base64(file)` -> `n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=`. */
export async function sha256Base64(file: Blob): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
  return btoa(String.fromCharCode(...digest));
}

export interface UploadForm {
  url: string;
  fields: Record<string, string>;
}

/**
 * Posts `file` with the form's fields (the file last, as S3 wants); `onProgress(0..1)` as bytes go.
 * Resolves on S3's 2xx; rejects with a Vietnamese message otherwise.
 */
export function postForm(form: UploadForm, file: File, onProgress: (fraction: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const body = new FormData();
    for (const [k, v] of Object.entries(form.fields)) body.append(k, v);
    body.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? (onProgress(1), resolve()) : reject(new Error(`Kho lưu trữ không nhận tệp (mã ${xhr.status}). Thử lại.`)));
    xhr.onerror = () => reject(new Error('Mất kết nối khi tải tệp lên. Kiểm tra mạng rồi thử lại.'));
    xhr.open('POST', form.url);
    xhr.send(body);
  });
}
