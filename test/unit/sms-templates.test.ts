/**
 * The SMS scenarios as shipped: every required scenario present, no personal data, every template
 * within its segment budget with the longest realistic values of both province datasets, and a
 * text change only with a new template version. Plus the rendering rules the templates rely on.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatS10 } from '../../shared/domain/postal/s10.ts';
import { procedureShortName, procedureShortNameMax, renderSms, smsDate, smsTime, toGsm7, type SmsValue } from '../../shared/domain/sms/render.ts';
import { loadScenarios, placeholderLimits, ScenarioDataError, scenarios, scenariosFor, type ScenarioFacts } from '../../shared/domain/sms/scenarios.ts';
import { countSegments, smsEncoding } from '../../shared/domain/sms/segments.ts';
import { datasetIds, province } from '../../shared/province/index.ts';
import hashes from '../fixtures/sms-template-hashes.json' with { type: 'json' };
import shipped from '../../shared/sms/scenarios.json' with { type: 'json' };

// Written here, not imported: widening it is a privacy decision (issue 11, item 5).
const allowedPlaceholders = ['code', 'procedure', 'place', 'dueDate', 'dueTime', 'newDueDate', 'visitDate', 'visitTime', 'itemId', 'amount', 'trackUrl'];

const longest = (names: Iterable<string>) => [...names].reduce((a, b) => (Array.from(b).length > Array.from(a).length ? b : a), '');
const datasets = datasetIds.map((id) => province(id));
// The longest names of both datasets: a commune-level unit, a service point (post offices included), a procedure.
const longestPlace = longest(datasets.flatMap((p) => [...[...p.units.values()].map((u) => u.name), ...[...p.servicePoints.values()].map((s) => s.name)]));
const longestProcedure = longest(datasets.flatMap((p) => [...p.procedures.values()].map((pr) => procedureShortName(pr.name))));
const largestFee = Math.max(...datasets.flatMap((p) => [...p.procedures.values()].flatMap((pr) => pr.fees.map((f) => f.amount ?? 0))));

/** The longest realistic value of each placeholder. Dates: 31/12/2026, 16:30 (both two-digit everywhere). */
const longestValues: Record<string, SmsValue> = {
  code: '000.00.00.H21-261231-9999',
  procedure: longestProcedure,
  place: longestPlace,
  dueDate: { date: '2026-12-31' },
  newDueDate: { date: '2026-12-31' },
  dueTime: { time: '2026-12-31T09:30:00Z' },
  visitDate: { date: '2026-12-31' },
  visitTime: { time: '2026-12-31T09:30:00Z' },
  itemId: formatS10('RR', 99_999_999),
  // A fee of the data, or a tax of value (no amount in the data) up to the limit: the larger.
  amount: { vnd: Math.max(largestFee, 999_999_999) },
  trackUrl: 'https://motcua.gialai.vn/t/HS-ABCDEFGHJK',
};

const templateHash = (t: { text: string; unicode?: boolean }) => createHash('sha256').update(JSON.stringify({ text: t.text, unicode: t.unicode === true })).digest('hex');

describe('SMS scenarios (shared/sms/scenarios.json)', () => {
  const set = scenarios();

  it('sends from a brandname of at most 11 characters, with quiet hours and a rate limit', () => {
    expect(set.sender.brandname.length).toBeLessThanOrEqual(11);
    expect(set.quietHours).toEqual({ from: '21:00', to: '07:00', timeZone: 'Asia/Ho_Chi_Minh' });
    expect(set.rateLimit.perPhone).toEqual({ max: 5, perMinutes: 60 });
  });

  it('has a scenario for every step of issue 11, item 1 (and none for a counter dossier without opt-in)', () => {
    const required: [string, ScenarioFacts][] = [
      ['dossier.received', { channel: 'online' }],
      ['dossier.received', { channel: 'home-pickup' }],
      ['dossier.received', { channel: 'counter', optIn: true }],
      ['dossier.supplement-requested', {}],
      // The clock stops for each reason (issue 11): a supplement request, a fee to pay first, a verification, a stop.
      ...(['verification', 'stop'] as const).map((reason): [string, ScenarioFacts] => ['dossier.stopped', { reason }]),
      ['payment.requested', { clockPaused: true }],
      ['dossier.refused', {}],
      ['dossier.extended', {}],
      ...(['counter', 'post', 'online'] as const).map((resultDelivery): [string, ScenarioFacts] => ['dossier.completed', { resultDelivery }]),
      ['postal.accepted', {}],
      // A pickup visit that collected nothing: with a new time agreed, and without.
      ['postal.pickup-failed', { rescheduled: false }],
      ['postal.pickup-failed', { rescheduled: true }],
      ['postal.pickup-requested', {}],
      ['postal.delivery-failed', {}],
      ['postal.returned-to-post-office', {}],
      ['postal.delivered', {}],
      ['payment.requested', { clockPaused: false }],
      ['payment.received', {}],
      ['dossier.overdue-warning', {}],
      ['dossier.withdrawn', {}],
    ];
    for (const [event, facts] of required) expect(scenariosFor(set, event, facts), `${event} ${JSON.stringify(facts)}`).toHaveLength(1);
    expect(scenariosFor(set, 'dossier.received', { channel: 'counter' })).toEqual([]);
    expect(scenariosFor(set, 'dossier.stopped', {})).toEqual([]);
  });

  it('puts no personal data in any text: only allowed placeholders', () => {
    for (const s of set.scenarios) {
      for (const name of s.template.placeholders) expect(allowedPlaceholders, `${s.id}: {${name}}`).toContain(name);
      expect(s.template.text).not.toMatch(/\{(name|fullName|cccd|phone|address|email)\}/i);
    }
  });

  it('uses realistic longest values that stay within the placeholder limits', () => {
    expect(longestPlace).toBe('Quầy Bưu điện tại Trung tâm Phục vụ hành chính công tỉnh Gia Lai');
    expect(Object.keys(longestValues).sort()).toEqual(Object.keys(placeholderLimits).sort());
    for (const name of Object.keys(longestValues)) {
      const shown = renderSms(`{${name}}`, longestValues, { unicode: true }).text;
      expect(Array.from(shown).length, `{${name}} = ${shown}`).toBeLessThanOrEqual(placeholderLimits[name as keyof typeof placeholderLimits]);
    }
  });

  it('renders every template within its budget, in its encoding, with the longest values', () => {
    for (const s of set.scenarios) {
      const r = renderSms(s.template.text, longestValues, { unicode: s.template.unicode });
      expect(r.encoding, s.id).toBe(s.template.unicode ? 'UCS-2' : 'GSM-7');
      expect(r.segments, `${s.id}: ${r.text}`).toBeLessThanOrEqual(s.template.budget);
      expect(r.text, s.id).not.toMatch(/[{}?]/);
    }
  });

  it('needs a new template version for every text change (hash per id and version in test/fixtures/sms-template-hashes.json)', () => {
    const known = hashes as Record<string, string>;
    for (const s of set.scenarios) {
      const key = `${s.id}@${s.template.version}`;
      expect(known[key], `${key}: new version? add its hash ${templateHash(s.template)}`).toBe(templateHash(s.template));
    }
  });
});

describe('loading scenarios', () => {
  const broken = (change: (file: typeof shipped) => void) => {
    const file = structuredClone(shipped);
    change(file);
    try {
      loadScenarios(file);
    } catch (error) {
      expect(error).toBeInstanceOf(ScenarioDataError);
      return (error as ScenarioDataError).problems;
    }
    throw new Error('loaded a broken file');
  };

  it('names the failing field of a broken file', () => {
    expect(broken((f) => (f.sender.brandname = 'BUU DIEN GIA LAI'))).toEqual([expect.objectContaining({ field: 'sender.brandname' })]);
    expect(broken((f) => (f.sender.brandname = 'BƯU ĐIỆN'))).toEqual([expect.objectContaining({ field: 'sender.brandname' })]);
    expect(broken((f) => (f.scenarios[0]!.template.text = 'Ông/bà {name}: hồ sơ {code} đã được tiếp nhận'))).toContainEqual(
      expect.objectContaining({ field: 'scenarios.0.template.text', message: expect.stringContaining('{name}') }),
    );
    expect(broken((f) => (f.scenarios[1]!.template.text = 'Ho so {code} da duoc tiep nhan'))).toContainEqual(expect.objectContaining({ field: 'scenarios.1.template.text', message: 'nội dung phải viết tiếng Việt có dấu' }));
    expect(broken((f) => (f.scenarios[2]!.template.placeholders = ['code']))).toContainEqual(expect.objectContaining({ field: 'scenarios.2.template.placeholders' }));
    expect(broken((f) => (f.scenarios[3]!.template.budget = 2))).toEqual([expect.objectContaining({ field: 'scenarios.3.template.budgetReason' })]);
    expect(broken((f) => (f.scenarios[4]!.event = 'dossier.exploded'))).toEqual([expect.objectContaining({ field: 'scenarios.4.event' })]);
    const taken = shipped.scenarios[6]!.id;
    expect(broken((f) => (f.scenarios[5]!.id = taken))).toEqual([{ field: 'scenarios.6.id', message: `mã "${taken}" bị trùng` }]);
    expect(broken((f) => (f.quietHours.from = '25:00'))).toEqual([expect.objectContaining({ field: 'quietHours.from' })]);
  });
});

describe('rendering an SMS', () => {
  it('renders unaccented GSM-7 by default, money in VND, and keeps diacritics when asked', () => {
    const values = { code: 'H21.65-220914-0011', amount: { vnd: 1_234_000 } };
    expect(renderSms('Hồ sơ {code}: phí {amount} – “đã nộp”', values)).toEqual({ text: 'Ho so H21.65-220914-0011: phi 1.234.000 VND - "da nop"', encoding: 'GSM-7', segments: 1 });
    expect(renderSms('Hồ sơ {code}: phí {amount}', values, { unicode: true })).toEqual({ text: 'Hồ sơ H21.65-220914-0011: phí 1.234.000 ₫', encoding: 'UCS-2', segments: 1 });
    // Values are unaccented too: a Vietnamese place name costs GSM-7 septets, not UCS-2 units.
    expect(renderSms('Mời nhận tại {place}', { place: 'Bưu điện văn hóa xã Đak Ta Ley' }).text).toBe('Moi nhan tai Buu dien van hoa xa Dak Ta Ley');
  });

  it('shows dates and times in Asia/Ho_Chi_Minh (an instant of 31/08/2026 17:30 UTC is 01/09/2026 00:30 there)', () => {
    expect(smsDate('2026-08-31T17:30:00Z')).toBe('01/09/2026');
    expect(smsTime('2026-08-31T17:30:00Z')).toBe('00:30');
    expect(smsDate('2026-09-02')).toBe('02/09/2026');
    expect(renderSms('Hẹn {dueDate} lúc {dueTime}', { dueDate: { date: '2026-12-31' }, dueTime: { time: '2026-12-31T01:05:00Z' } }).text).toBe('Hen 31/12/2026 luc 08:05');
  });

  it('refuses a missing value, naming it, and a value that is not one clean line', () => {
    expect(() => renderSms('Hồ sơ {code} hẹn {dueDate}', { code: 'x' })).toThrow(expect.objectContaining({ issues: [{ field: 'dueDate', message: 'thiếu giá trị cho {dueDate}' }] }));
    for (const bad of ['a\nb', 'a\u202Eb', '   ', '\u0007'])
      expect(() => renderSms('{place}', { place: bad })).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ field: 'place' })] }));
    expect(renderSms('{place}', { place: '  Ia Tô  ' }).text).toBe('Ia To');
  });

  it('turns any Vietnamese text into GSM-7 without a question mark (property)', () => {
    const letters = Array.from('aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵĐƯƠÂĂÊÔ “”‘’–—…₫,.:;/()0123456789');
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...letters), { maxLength: 200 }), (chars) => {
        const text = chars.join('');
        const gsm = toGsm7(text);
        expect(smsEncoding(gsm)).toBe('GSM-7');
        expect(gsm).not.toContain('?');
        // Letters are kept one for one (only diacritics go; the đồng sign becomes VND).
        expect(gsm.replace(/[^A-Za-z]/g, '').length).toBe(text.replace(/₫/g, 'VND').replace(/[^\p{L}]/gu, '').length);
      }),
    );
  });

  it('cuts a procedure name at a word boundary to its short form', () => {
    expect(procedureShortName('Thông báo tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo của hộ kinh doanh')).toBe('Thông báo tạm ngừng kinh doanh');
    expect(procedureShortName('Đăng ký khai sinh')).toBe('Đăng ký khai sinh');
    // Never on a word that leads into what was cut.
    expect(procedureShortName('Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam')).toBe('Cấp Phiếu lý lịch tư pháp');
    fc.assert(
      fc.property(fc.array(fc.constantFrom('Cấp', 'Phiếu', 'lý', 'lịch', 'tư', 'pháp,', 'chứng', 'thực', 'Giấychứngnhậnquyềnsửdụngđấtquánhiềuchữ'), { minLength: 1, maxLength: 20 }), (words) => {
        const name = words.join(' ');
        const short = procedureShortName(name);
        expect(Array.from(short).length).toBeLessThanOrEqual(procedureShortNameMax);
        expect(name.startsWith(short)).toBe(true);
      }),
    );
  });

  it('counts the rendered text as sent', () => {
    const r = renderSms('Hồ sơ {code} đã có kết quả.', { code: '000.00.00.H21-261231-9999' });
    expect(r.segments).toBe(countSegments(r.text).segments);
  });
});
