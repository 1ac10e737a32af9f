/**
 * A phone's photo made small enough to upload: decoded by the browser with its EXIF orientation
 * applied, drawn at most `maxSide` px on its long side and encoded as JPEG under `maxBytes` (lower
 * quality, then a smaller side, if the first try is still too large). Always re-encoded, so the
 * camera's metadata (the place it was taken, at a citizen's door) never leaves the phone. A file
 * the browser cannot decode (HEIC on Chromium, a broken file) is refused with a Vietnamese message
 * rather than uploaded for the scanner to reject.
 *
 * `const { file, width, height } = await shrinkPhoto(picked, { maxBytes: 2 * 1024 * 1024 })`.
 */

/** The photo could not be used; `message` says why in Vietnamese and what to do. */
export class PhotoRefused extends Error {}

export interface ShrunkPhoto {
  file: File;
  width: number;
  height: number;
}

export const photoDefaults = { maxSide: 1600, quality: 0.8 } as const;

export async function shrinkPhoto(picked: File, limits: { maxBytes: number; maxSide?: number; quality?: number }): Promise<ShrunkPhoto> {
  const maxSide = limits.maxSide ?? photoDefaults.maxSide;
  const quality = limits.quality ?? photoDefaults.quality;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(picked, { imageOrientation: 'from-image' });
  } catch {
    throw new PhotoRefused('Máy không đọc được tệp này thành ảnh (ví dụ ảnh HEIC của iPhone, hoặc tệp hỏng). Chụp lại, hoặc chọn ảnh JPEG hoặc PNG.');
  }
  try {
    for (const [side, q] of [
      [maxSide, quality],
      [maxSide, quality * 0.75],
      [Math.round(maxSide * 0.75), quality * 0.75],
    ] as const) {
      const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
      const width = Math.max(1, Math.round(bitmap.width * scale));
      const height = Math.max(1, Math.round(bitmap.height * scale));
      const canvas = document.createElement('canvas');
      [canvas.width, canvas.height] = [width, height];
      const ctx = canvas.getContext('2d');
      if (!ctx) break;
      // JPEG has no transparency: a PNG's transparent parts become white, not black.
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, width, height);
      ctx.drawImage(bitmap, 0, 0, width, height);
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', q));
      if (blob && blob.size <= limits.maxBytes) return { file: new File([blob], `${picked.name.replace(/\.[^.]*$/, '') || 'anh'}.jpg`, { type: 'image/jpeg' }), width, height };
    }
  } finally {
    bitmap.close();
  }
  throw new PhotoRefused('Không thu nhỏ được ảnh này cho vừa giới hạn tải lên. Chụp lại ảnh khác.');
}
