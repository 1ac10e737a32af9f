/**
 * Staff access without the cloud: who a token names, the lines a citizen reads about staff reads,
 * and what tracking shows with and without the token (issue 8, findings 6 and 8).
 */
import { describe, expect, it } from 'vitest';
import { agencyStaff, counterStaff } from '../../shared/app/staff-access.ts';
import { dossierView } from '../../shared/app/views.ts';
import { vietnamCalendar } from '../../shared/calendar/index.ts';
import { accessEntry, accessLabel } from '../../shared/domain/access.ts';
import type { Dossier, DossierEvent } from '../../shared/domain/dossier.ts';
import { ForbiddenError } from '../../shared/domain/errors.ts';
import { initialState } from '../../shared/domain/state-machine.ts';
import { callerFromClaims } from '../../shared/http/claims.ts';
import { province as loadProvince } from '../../shared/province/index.ts';

const province = loadProvince();
const ctx = { province, calendar: vietnamCalendar(), now: new Date('2026-11-27T03:00:00Z') };
const caller = (claims: Record<string, unknown>) => callerFromClaims({ sub: 'u1', ...claims });
const clerk = { role: 'clerk' as const, sub: 'clerk-1', servicePointId: 'bd-iagrai' };
const agency = { role: 'agency' as const, sub: 'officer-1', agencyId: 'gl-stp' };

describe('who a staff token names', () => {
  it('a clerk of an existing service point', () => {
    expect(counterStaff(province, caller({ 'cognito:groups': '[clerk]', 'custom:service_point_id': 'bd-iagrai' }))).toEqual({ role: 'clerk', sub: 'u1', servicePointId: 'bd-iagrai' });
  });

  it('refuses (403) a service point that does not exist, none, or a token without the clerk role', () => {
    for (const claims of [
      { 'cognito:groups': '[clerk]', 'custom:service_point_id': 'bd-khong-co' },
      { 'cognito:groups': '[clerk]' },
      { 'cognito:groups': '[agency]', 'custom:service_point_id': 'bd-iagrai' },
    ])
      expect(() => counterStaff(province, caller(claims))).toThrow(ForbiddenError);
    expect(() => counterStaff(province, undefined)).toThrow(ForbiddenError);
  });

  it('an agency officer of an existing agency, and 403 for one that does not exist', () => {
    expect(agencyStaff(province, caller({ 'cognito:groups': '[agency]', 'custom:agency_id': 'gl-stp' }))).toEqual({ role: 'agency', sub: 'u1', agencyId: 'gl-stp' });
    expect(() => agencyStaff(province, caller({ 'cognito:groups': '[agency]', 'custom:agency_id': 'so-khong-co' }))).toThrow(ForbiddenError);
    expect(() => agencyStaff(province, caller({ 'cognito:groups': '[clerk]', 'custom:agency_id': 'gl-stp' }))).toThrow(ForbiddenError);
  });
});

describe('the lines a citizen reads about staff reads', () => {
  const now = new Date('2026-11-27T02:00:00Z');
  it('names the service point or the agency, in Vietnamese', () => {
    expect(accessLabel(province, accessEntry(clerk, 'X', { read: 'dossier' }, { id: '1', now, operation: 'counterGetDossier' }))).toBe(
      'Nhân viên bưu điện (điểm phục vụ Bưu điện huyện Ia Grai) đã xem thông tin hồ sơ',
    );
    expect(accessLabel(province, accessEntry(agency, 'X', { read: 'document', kind: 'documents', slot: 'doc-1' }, { id: '2', now, operation: 'agencyGetDocument' }), 'Tờ khai')).toBe(
      'Cán bộ Sở Tư pháp tỉnh Gia Lai đã tải bản quét “Tờ khai”',
    );
  });

  it('keeps the citizen out of the entry: who, role, where, when and what only', () => {
    const entry = accessEntry(clerk, 'X', { read: 'dossier' }, { id: '1', now, operation: 'counterGetDossier' });
    expect(entry).toEqual({ id: '1', dossierRef: 'X', at: now.toISOString(), sub: 'clerk-1', operation: 'counterGetDossier', role: 'clerk', servicePointId: 'bd-iagrai', read: 'dossier' });
  });
});

describe('tracking with and without the token', () => {
  const dossier = {
    ref: 'HS-K7Q2M4ZX3A',
    code: '000.00.00.H21-261126-0001',
    receivingUnitId: 'ttphcc-gialai',
    version: 6,
    ...initialState(),
    status: 'supplement-requested',
    procedureId: 'ltp-cap-phieu',
    agencyId: 'gl-stp',
    chainAgencies: ['gl-stp'],
    channel: 'online',
    applicant: { fullName: 'Nguyễn Thị Hoa', cccd: '064190012345', phone: '+84912345678', address: { line: 'Thôn Plei Ia Tô', unitId: '92807' } },
    resultDelivery: { method: 'post' },
    createdAt: '2026-11-26T01:00:00.000Z',
    receivedAt: '2026-11-26T01:10:00.000Z',
    routedAt: '2026-11-26T01:11:00.000Z',
    supplementRequest: { items: [{ slot: 'doc-2', document: 'Bản chụp CCCD', reason: 'Ảnh mờ' }], officer: 'Nguyễn Văn B', at: '2026-11-26T02:00:00.000Z', by: 'gl-stp' },
    documents: {},
    results: {},
    accessTokenHash: 'h',
  } as unknown as Dossier;
  const event = (seq: number, type: DossierEvent['type'], at: string, data: Record<string, unknown> = {}): DossierEvent => ({ eventId: `e${seq}`, dossierRef: dossier.ref, seq, type, at, actor: 'agency', data });
  const events = [
    event(1, 'dossier.created', '2026-11-26T01:00:00.000Z'),
    event(2, 'dossier.supplement-requested' as DossierEvent['type'], '2026-11-26T02:00:00.000Z', { items: dossier.supplementRequest!.items, officer: 'Nguyễn Văn B', reason: 'x' }),
  ];
  const accesses = [
    accessEntry(agency, dossier.ref, { read: 'dossier' }, { id: 'a1', now: new Date('2026-11-26T01:30:00.000Z'), operation: 'agencyGetDossier' }),
    accessEntry(clerk, dossier.ref, { read: 'dossier' }, { id: 'a2', now: new Date('2026-11-26T03:00:00.000Z'), operation: 'counterGetDossier' }),
  ];

  it('shows anyone with the code the status and since when a supplement is requested, nothing personal', () => {
    const view = dossierView(ctx, dossier, events, false, { accesses });
    expect(view.supplementRequest).toEqual({ at: '2026-11-26T02:00:00.000Z' });
    expect(view.timeline.map((e) => e.type)).toEqual(['dossier.created', 'dossier.supplement-requested']);
    const text = JSON.stringify(view);
    for (const secret of ['Ảnh mờ', 'CCCD', 'Nguyễn', '064190012345', '+84912345678', 'Plei', 'clerk-1', 'officer-1']) expect(text).not.toContain(secret);
  });

  it('shows the applicant the items and every staff read in time order, without staff account ids', () => {
    const view = dossierView(ctx, dossier, events, true, { accesses });
    expect(view.supplementRequest).toEqual({ items: dossier.supplementRequest!.items, at: '2026-11-26T02:00:00.000Z' });
    expect(view.timeline.map((e) => e.type)).toEqual(['dossier.created', 'dossier.viewed', 'dossier.supplement-requested', 'dossier.viewed']);
    expect(JSON.stringify(view.timeline)).not.toContain('officer-1');
  });

  it('shows staff who read it (their account id)', () => {
    const view = dossierView(ctx, dossier, events, true, { accesses, staff: true });
    expect(view.timeline.filter((e) => e.type === 'dossier.viewed').map((e) => (e as { by?: string }).by)).toEqual(['officer-1', 'clerk-1']);
  });
});
