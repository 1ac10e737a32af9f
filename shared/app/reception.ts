/**
 * Reception (tiếp nhận): the moment a receiving unit takes a dossier in. The dossier code is
 * allocated here, and only here: the day's sequence of the receiving unit is read, and the number
 * is taken in the same transaction as the reception itself (shared/aws/dossier-store.ts
 * `receptionItems`). Two receptions racing for one number: one wins, the other reads again. A
 * number is never skipped (no gap) and never given twice.
 */
import { randomInt } from 'node:crypto';
import type { DossierStore, TransactItem } from '../aws/dossier-store.ts';
import { formatDossierCode, formatDossierRef, localDay, type Dossier } from '../domain/dossier.ts';
import { ConflictError } from '../domain/errors.ts';
import type { Province, ReceivingUnit } from '../domain/province.ts';

/** Receptions competing for a day's numbers retry this many times before a 409. */
const attempts = 20;

/** A fresh reference for a new dossier (`HS-` + 10 base32 characters). */
export function newDossierRef(): string {
  return formatDossierRef(Array.from({ length: 10 }, () => randomInt(0, 32)));
}

/** The receiving unit of a dossier, from the province data (it was checked when the dossier was created). */
export function receivingUnitOfDossier(province: Province, dossier: Pick<Dossier, 'ref' | 'receivingUnitId'>): ReceivingUnit {
  const unit = province.receivingUnits.get(dossier.receivingUnitId);
  if (!unit) throw new Error(`dossier ${dossier.ref}: receiving unit ${dossier.receivingUnitId} is not in the province data`);
  return unit;
}

/**
 * Runs `write` with the next code of the day at `unit` and the transaction items that take it,
 * until it is not `contended` (another reception took the number). `write` answers what the store
 * answered; anything else than `contended` ends the loop and is returned.
 */
export async function withDossierCode<T>(
  store: DossierStore,
  unit: ReceivingUnit,
  ref: string,
  now: Date,
  write: (code: string, items: TransactItem[]) => Promise<T | 'contended'>,
): Promise<T> {
  const day = localDay(now);
  for (let attempt = 0; attempt < attempts; attempt++) {
    const seq = await store.nextSequence(unit.code, day);
    const code = formatDossierCode(unit.code, now, seq);
    const outcome = await write(code, store.receptionItems({ unitCode: unit.code, day, seq, code, ref, now }));
    if (outcome !== 'contended') return outcome;
    // Spread the retries of a burst a little, so they stop colliding.
    await new Promise((r) => setTimeout(r, randomInt(0, 5 + attempt * 5)));
  }
  throw new ConflictError('quá nhiều hồ sơ được tiếp nhận cùng lúc, vui lòng thử lại');
}
