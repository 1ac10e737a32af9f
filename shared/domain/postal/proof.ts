/**
 * The proof of delivery's limits, in a module of its own with no imports: the courier API pins
 * them in the presigned form, and the postman's page (web/postman) shrinks a photo to fit them
 * without bundling anything else. Proofs are small images; the form lives 15 minutes, like a scan's.
 */
export const proofLimits = { maxBytes: 2 * 1024 * 1024, expiresSeconds: 900, types: ['image/png', 'image/jpeg'] as const };
