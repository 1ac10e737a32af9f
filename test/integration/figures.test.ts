/**
 * Figures kept as dossiers move (issue 14, items 2 and 3), end to end through the figures
 * function on the dossiers' stream, read through the admin and agency APIs. Clock: Tue 17/11/2026
 * (a day no other file uses, so the day's cells hold only this file's dossiers).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { signToken } from '../../infra/local/keys.ts';
import { names } from '../../infra/topology.ts';
import { FigureStore } from '../../shared/aws/figure-store.ts';
import { DossierStore } from '../../shared/aws/dossier-store.ts';
import { countBatch } from '../../shared/app/figures.ts';
import { vietnamCalendar } from '../../shared/calendar/index.ts';
import { api, cloud, db, dossiersTable, eventually, http, refOf, t } from '../support/cloud.ts';
import { resetClock, setClock } from '../support/clock.ts';
import { completeAtAgency, createSubmitAndReceive } from '../support/documents.ts';
import { dossierBody } from '../support/factories.ts';
import { parse as parseCsvLibrary } from 'csv-parse/sync';
import { readCsv, readXlsx } from '../support/spreadsheets.ts';
import { agencyToken } from '../support/tokens.ts';

afterEach(resetClock);

const day = '2026-11-17';
const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });
const adminToken = () => signToken(cloud.dataDir, { sub: 'so-noi-vu-gia-lai', token_use: 'id', 'cognito:groups': ['admin'] });
const adminFigures = async (query: string) => http('GET', `/v1/admin/figures?${query}`, { headers: bearer(await adminToken()) });
const figures = new FigureStore(db, names.table(t.prefix, 'figures'));

describe('figures from the stream (clock: Tue 17/11/2026)', () => {
  it('counts receptions, settlements and the stock in progress once each, per agency and procedure, and answers each agency for its own only', async () => {
    // Prepare: two dossiers of the criminal-record procedure received at 09:00; one settled at 10:00.
    await setClock(`${day}T09:00:00+07:00`);
    const a = await createSubmitAndReceive(dossierBody());
    const b = await createSubmitAndReceive(dossierBody());
    await setClock(`${day}T10:00:00+07:00`);
    await completeAtAgency(a.code);

    // Assess: the province-wide figures of the day for the agency, once the stream is counted.
    const query = `from=${day}&to=${day}&agencyId=gl-stp&groupBy=procedureId,channel`;
    const settled = await eventually(async () => {
      const r = await adminFigures(query);
      // Two reception SMS and the result's, once the SMS function has sent them.
      return r.body.total?.settled === 1 && r.body.total.counts.received === 2 && r.body.total.counts.smsSent === 3 ? r : undefined;
    }, 30_000);
    expect(settled.status).toBe(200);
    const total = settled.body.total;
    // Settled the day it was received, ten calendar days before its appointment: early.
    expect(total.counts).toMatchObject({ received: 2, settledEarly: 1, settledOnTime: 0, settledLate: 0, openOnTime: 1, openOverdue: 0, smsSent: 3 });
    expect(total.counts.smsSegments).toBeGreaterThanOrEqual(3);
    expect(total.onTimeRate).toBe(1);
    // One working hour of eight (rounded to two decimals).
    expect(total.averageWorkingDays).toBe(0.13);
    expect(settled.body.rows).toHaveLength(1);
    expect(settled.body.rows[0].group).toEqual({ procedureId: 'ltp-cap-phieu', channel: 'online' });
    expect(settled.body.rows[0].names).toEqual({ procedureId: expect.stringContaining('lý lịch tư pháp'), channel: 'Trực tuyến' });
    const onTime = settled.body.indicators.find((i: any) => i.id === 'on-time');
    expect(onTime).toMatchObject({ value: 1, numerator: 1, denominator: 1, citation: expect.stringContaining('766/QĐ-TTg') });
    expect(settled.body.indicators.find((i: any) => i.id === 'submitted-online')).toMatchObject({ value: 1 });

    // The next day nothing moves: the stock is still there at its end.
    const next = (await adminFigures(`from=2026-11-18&to=2026-11-18&agencyId=gl-stp`)).body.total.counts;
    expect(next).toMatchObject({ received: 0, openOnTime: 1 });

    // A redelivered event counts nothing (the stream's at-least-once delivery).
    const store = new DossierStore(db, dossiersTable);
    const history = (await store.getWithEvents(await refOf(a.code)))!;
    expect(await countBatch({ store, figures, calendar: vietnamCalendar() }, history.events.map((event) => ({ event })))).toBe(0);
    expect((await adminFigures(query)).body.total.counts).toEqual(total.counts);

    // The agency sees its own; naming another agency is 403, never an answer for its own.
    const jwt = await agencyToken('gl-stp');
    const own = await http('GET', `/v1/agency/figures?from=${day}&to=${day}`, { headers: bearer(jwt) });
    expect(own.status).toBe(200);
    expect(own.body.agency).toEqual({ id: 'gl-stp', name: expect.stringContaining('Tư pháp') });
    expect(own.body.total.counts.received).toBe(2);
    const other = await http('GET', `/v1/agency/figures?from=${day}&to=${day}&agencyId=gl-skhdt`, { headers: bearer(jwt) });
    expect(other.status).toBe(403);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect(b.code).toBeTruthy();

    // The same figures as files: CSV and XLSX with Vietnamese headers, read back by the same library.
    const headers = ['Thủ tục', 'Kênh tiếp nhận', 'Hồ sơ tiếp nhận', 'Giải quyết trước hạn', 'Giải quyết đúng hạn', 'Giải quyết quá hạn'];
    const csv = await fetch(`${api}/v1/admin/figures?${query}&format=csv`, { headers: bearer(await adminToken()) });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="so-lieu-gl-stp-${day}-${day}.csv"`);
    // fetch's text() drops the BOM: decode the bytes as they came.
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
    const table = readCsv(text);
    // And read back by csv-parse, csv-stringify's own counterpart (the node-csv project): the same records.
    expect(parseCsvLibrary(text, { bom: true, relax_column_count: false })).toEqual(table);
    expect(table[0]!.slice(0, 6)).toEqual(headers);
    expect(table[0]).toContain('Đang giải quyết trong hạn (cuối kỳ)');
    expect(table[0]).toContain('Tỷ lệ giải quyết đúng hạn');
    const at = (row: string[], header: string) => row[table[0]!.indexOf(header)];
    expect(table).toHaveLength(3);
    expect([at(table[1]!, 'Kênh tiếp nhận'), at(table[1]!, 'Hồ sơ tiếp nhận'), at(table[1]!, 'Giải quyết trước hạn')]).toEqual(['Trực tuyến', '2', '1']);
    expect([at(table[2]!, 'Thủ tục'), at(table[2]!, 'Hồ sơ tiếp nhận'), at(table[2]!, 'Tỷ lệ giải quyết đúng hạn')]).toEqual(['Tổng cộng', '2', '1']);

    const xlsx = await fetch(`${api}/v1/admin/figures?${query}&format=xlsx`, { headers: bearer(await adminToken()) });
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const [sheet, kpis] = await readXlsx(new Uint8Array(await xlsx.arrayBuffer()));
    expect(sheet!.name).toBe('Số liệu');
    expect(sheet!.rows[0]!.slice(0, 6)).toEqual(headers);
    expect(sheet!.rows[1]!.slice(0, 4)).toEqual([expect.stringContaining('lý lịch tư pháp'), 'Trực tuyến', 2, 1]);
    expect(sheet!.rows[2]![0]).toBe('Tổng cộng');
    expect(kpis!.name).toBe('Chỉ số 766');
    expect(kpis!.rows[0]!.slice(0, 3)).toEqual(['Nhóm chỉ số', 'Chỉ số', 'Giá trị (tỷ lệ)']);
    expect(kpis!.rows.find((r) => r[1] === 'Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn')?.[2]).toBe(1);
  });

  it('refuses a period or a grouping it cannot answer, naming the field', async () => {
    const backwards = await adminFigures('from=2026-11-30&to=2026-11-01');
    expect(backwards.status).toBe(400);
    expect(JSON.stringify(backwards.body)).toContain('query.to');
    const unknown = await adminFigures('from=2026-11-01&to=2026-11-30&groupBy=agencyId,colour');
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('query.groupBy');
    expect(JSON.stringify(unknown.body)).toContain('colour');
    const tooLong = await adminFigures('from=2025-01-01&to=2026-11-30');
    expect(tooLong.status).toBe(400);
  });

  it('answers the province-wide figures to an administrator only: an agency, even for its own agencyId, is refused (403)', async () => {
    const asAgency = await http('GET', `/v1/admin/figures?from=${day}&to=${day}&agencyId=gl-stp`, { headers: bearer(await agencyToken('gl-stp')) });
    expect(asAgency.status).toBe(403);
    expect(asAgency.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(asAgency.body)).not.toContain('counts');
  });

  it('answers this month so far by the system’s clock when no period is asked (Tue 17/11/2026), or the month of the last day asked', async () => {
    await setClock('2026-11-17T09:00:00+07:00');
    const byDefault = await adminFigures('groupBy=agencyId');
    expect([byDefault.status, byDefault.body.from, byDefault.body.to]).toEqual([200, '2026-11-01', '2026-11-17']);
    const october = await adminFigures('to=2026-10-20');
    expect([october.status, october.body.from, october.body.to]).toEqual([200, '2026-10-01', '2026-10-20']);
  });
});
