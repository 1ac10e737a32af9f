/** Where a citizen follows a dossier: one address for the SMS and the printed forms' QR. */

/** The tracking page (illustrative until the pages land): a short link with the reference, never a token. */
export const trackingBase = 'https://motcua.gialai.vn/t';

/** `trackingUrl('HS-ABCDEFGHJK')` -> `https://motcua.gialai.vn/t/HS-ABCDEFGHJK`. */
export const trackingUrl = (ref: string) => `${trackingBase}/${ref}`;
