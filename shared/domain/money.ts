/** Money is whole VND: the formatting lives in money/format.ts; this path stays for existing imports. */
export * from './money/format.ts';
