/**
 * A scan sent straight to S3 through the presigned POST form the API issued: the form's fields
 * first, the file last (S3 ignores fields after it), progress reported as the bytes go. XHR, not
 * fetch: only XHR reports upload progress.
 */

/** SHA-256 of a file, base64 (what the upload request declares and the signed policy pins). */
export async function sha256Base64(file: Blob): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
  return btoa(String.fromCharCode(...digest));
}

/** Posts `file` with `form`'s fields; `onProgress(0..1)`. Rejects with a Vietnamese message on failure. */
export function postToPresignedForm(form: { url: string; fields: Record<string, string> }, file: Blob, onProgress: (fraction: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const body = new FormData();
    for (const [k, v] of Object.entries(form.fields)) body.append(k, v);
    body.append('file', file);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', form.url);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
      } else reject(new Error(xhr.status === 403 || xhr.status === 400 ? 'Kho lưu trữ không nhận tệp (sai loại, quá lớn hoặc đường dẫn đã hết hạn). Thử lại.' : `Tải lên không thành công (mã ${xhr.status}). Thử lại.`));
    };
    xhr.onerror = () => reject(new Error('Mất kết nối khi tải lên. Kiểm tra mạng rồi thử lại.'));
    xhr.send(body);
  });
}
