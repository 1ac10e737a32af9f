/**
 * The tracking book is bounded (shared/app/tracking-book.ts): a page reads the histories of its own
 * rows only, and a print of a period with more dossiers than a book holds is refused, naming the
 * period's end. The store is the use case's port, answering 301 receipts (no AWS client involved).
 * Clock: Wed 02/12/2026 09:00 Vietnam time.
 */
import { describe, expect, it } from 'vitest';
import { trackingBook } from '../../shared/app/tracking-book.ts';
import { maxPrintedRows } from '../../shared/contracts/operations/common.ts';
import { ValidationError } from '../../shared/domain/errors.ts';
import { province } from '../../shared/province/index.ts';

const p = province('gia-lai-2019');
const unit = [...p.receivingUnits.values()][0]!;
const refs = Array.from({ length: maxPrintedRows + 1 }, (_, i) => `HS-${String(i).padStart(10, '0')}`);
const histories: string[] = [];
const store = {
  receivedBy: async () => refs,
  getWithEvents: async (ref: string) => {
    histories.push(ref);
    return undefined;
  },
};
const deps = { store, province: p, now: () => new Date('2026-12-02T02:00:00Z') } as unknown as Parameters<typeof trackingBook>[0];
const staff = { sub: 'clerk-1', role: 'clerk', servicePointId: 'ttphcc-quay-buu-dien' } as unknown as Parameters<typeof trackingBook>[1];
const officer = { sub: 'clerk-1', servicePointId: 'ttphcc-quay-buu-dien', unit };

describe('the tracking book’s bounds', () => {
  it('reads only the page it answers, and says where the next one starts', async () => {
    histories.length = 0;
    const book = await trackingBook(deps, staff, officer, { limit: 2, cursor: '299' }, 'counterTrackingBook');
    expect(histories).toEqual([refs[299], refs[300]]);
    expect([book.total, book.next, book.from, book.to]).toEqual([301, undefined, '2026-12-01', '2026-12-02']);
    const first = await trackingBook(deps, staff, officer, {}, 'counterTrackingBook');
    expect(first.next).toBe('50');
  });

  it(`refuses to print more than ${maxPrintedRows} rows, naming query.to, before reading any history`, async () => {
    histories.length = 0;
    const printing = trackingBook(deps, staff, officer, { print: true }, 'counterTrackingBook');
    await expect(printing).rejects.toBeInstanceOf(ValidationError);
    await expect(printing).rejects.toMatchObject({ issues: [{ field: 'query.to', message: `kỳ này có 301 hồ sơ, một lần in tối đa ${maxPrintedRows} dòng: chọn khoảng ngày ngắn hơn` }] });
    expect(histories).toEqual([]);
  });
});
