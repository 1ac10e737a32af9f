/**
 * The wizard's draft as the tab keeps it (sessionStorage), and what it becomes on the wire: the
 * create request (POST /v1/dossiers), the fee-quote and postal-quote queries, and where the API's
 * refusal of a field is shown. Client-side hints only: the API stays the judge of every value.
 */
import type { ApiProblem } from '../common/api.ts';
import type { Procedure } from './types.ts';
import { dayPartWindow, type DayPart } from '../common/day.ts';

export type Step = 'applicant' | 'delivery' | 'documents' | 'review' | 'done';
export const stepNames: Record<Step, string> = { applicant: 'Người nộp hồ sơ', delivery: 'Cách nộp và nhận kết quả', documents: 'Thành phần hồ sơ', review: 'Kiểm tra và nộp', done: 'Đã nộp' };

export interface Applicant {
  kind: 'individual' | 'organisation';
  fullName: string;
  cccd: string;
  /** An organisation's name and tax code (BRIEF correction 9). */
  name: string;
  taxCode: string;
  phone: string;
  line: string;
  unitId: string;
  /** Filed through an authorised person (ủy quyền): the authorisation becomes a mandatory document. */
  represented: boolean;
  repFullName: string;
  repCccd: string;
  repPhone: string;
}

/** Online (scans uploaded) or home pickup by a postman (Decision 45/2016), where and when. */
export interface Intake {
  method: 'online' | 'home-pickup';
  elsewhere: boolean;
  line: string;
  unitId: string;
  /** YYYY-MM-DD, empty: any day. */
  day: string;
  part: DayPart;
}

/** What the fee depends on, as typed (digits); empty: not declared. */
export interface Facts {
  /** Category ids, comma-separated (`student,merit`); empty: none. */
  category: string;
  pages: string;
  copies: string;
  certificates: string;
  cases: string;
  value: string;
}
export type Quantity = Exclude<keyof Facts, 'category'>;

export type DeliveryMethod = 'post' | 'counter' | 'online';

export interface Quote {
  totalText: string;
  lines: { label: string; amountText: string }[];
}

export interface Created {
  ref: string;
  token: string;
  documents: { id: string; name: string; mandatory: boolean }[];
  /** Home pickup: the shipment the postman collects. */
  pickup?: { itemId: string; postOffice: string };
}

export interface Draft {
  step: Step;
  applicant: Applicant;
  intake: Intake;
  delivery: DeliveryMethod | '';
  servicePointId: string;
  facts: Facts;
  /** The fee quote last shown before creating (the review repeats it). */
  quote?: Quote;
  created?: Created;
}

export const blank: Draft = {
  step: 'applicant',
  applicant: { kind: 'individual', fullName: '', cccd: '', name: '', taxCode: '', phone: '', line: '', unitId: '', represented: false, repFullName: '', repCccd: '', repPhone: '' },
  intake: { method: 'online', elsewhere: false, line: '', unitId: '', day: '', part: 'day' },
  delivery: '',
  servicePointId: '',
  facts: { category: '', pages: '', copies: '', certificates: '', cases: '', value: '' },
};

/** A saved draft over the blank one, so a draft kept by an older page still resumes. */
export function resumed(saved: Partial<Draft> | undefined): Draft {
  if (!saved) return blank;
  return { ...blank, ...saved, applicant: { ...blank.applicant, ...saved.applicant }, intake: { ...blank.intake, ...saved.intake }, facts: { ...blank.facts, ...saved.facts } };
}

/** The steps of this draft: home pickup has no scans to upload. */
export const stepsOf = (d: Draft): Step[] => (d.intake.method === 'home-pickup' ? ['applicant', 'delivery', 'review', 'done'] : ['applicant', 'delivery', 'documents', 'review', 'done']);


/** What each quantity is called, its bound, and which fee basis asks for it. */
export const quantities: Record<Quantity, { basis: Procedure['fees'][number]['basis']; label: string; hint: string; max: number }> = {
  pages: { basis: 'per-page', label: 'Số trang của mỗi bản', hint: 'Lệ phí tính theo trang', max: 10_000 },
  copies: { basis: 'per-copy', label: 'Số bản', hint: 'Để trống nếu là 1 bản', max: 1_000 },
  certificates: { basis: 'per-certificate', label: 'Số phiếu, giấy chứng nhận đề nghị cấp', hint: 'Để trống nếu là 1', max: 100 },
  cases: { basis: 'per-case', label: 'Số việc', hint: 'Để trống nếu là 1 việc', max: 1_000 },
  value: { basis: 'of-value', label: 'Giá trị kê khai (đồng)', hint: 'Thuế, lệ phí tính theo tỷ lệ trên giá trị này', max: 1_000_000_000_000_000 },
};

/** The facts this procedure's fee depends on: the quantities its fee bases count, and the categories with a rate of their own. */
export function factsAsked(p: Procedure): { quantities: Quantity[]; categories: { id: string; name: string }[] } {
  const bases = new Set(p.fees.map((f) => f.basis));
  // The number of copies also multiplies a per-page fee (pages are per copy).
  const asked = (Object.keys(quantities) as Quantity[]).filter((q) => bases.has(quantities[q].basis) || (q === 'copies' && bases.has('per-page')));
  const categories = new Map<string, string>();
  for (const f of p.fees) for (const c of f.categories ?? []) categories.set(c.id, c.name);
  return { quantities: asked, categories: [...categories].map(([id, name]) => ({ id, name })) };
}

/** The categories declared, as ids (kept comma-separated in the draft, so a draft saved with one still reads). */
export const categoriesOf = (facts: Pick<Facts, 'category'>): string[] => facts.category.split(',').filter(Boolean);

/** The declared facts as the API takes them (`fees` of the create), or nothing. Pages and value left empty are not declared. */
export function feeFacts(p: Procedure, facts: Facts): { category?: string[]; quantities?: Partial<Record<Quantity, number>> } | undefined {
  const asked = factsAsked(p);
  const q: Partial<Record<Quantity, number>> = {};
  for (const k of asked.quantities) if (/^\d+$/.test(facts[k].trim())) q[k] = Number(facts[k].trim());
  const chosen = categoriesOf(facts).filter((id) => asked.categories.some((c) => c.id === id));
  const category = chosen.length ? chosen : undefined;
  if (!category && Object.keys(q).length === 0) return undefined;
  return { ...(category ? { category } : {}), ...(Object.keys(q).length ? { quantities: q } : {}) };
}

/** A fact typed that is not a whole number: the hint under its field (the API checks the bounds). */
export function factHints(p: Procedure, facts: Facts): Partial<Record<Quantity, string>> {
  const out: Partial<Record<Quantity, string>> = {};
  for (const k of factsAsked(p).quantities) if (facts[k].trim() && !/^\d+$/.test(facts[k].trim())) out[k] = 'Nhập số nguyên, chỉ gồm chữ số';
  return out;
}

/** Where the postman goes first: the pickup address, else the applicant's (the zone of both postal charges). */
export const postalUnit = (d: Draft) => (d.intake.method === 'home-pickup' && d.intake.elsewhere && d.intake.unitId ? d.intake.unitId : d.applicant.unitId);

/** The query of GET /v1/procedures/{id}/fee-quote for the draft's choices and facts. */
export function feeQuoteQuery(p: Procedure, d: Draft): string {
  const pickup = d.intake.method === 'home-pickup';
  const delivery = d.delivery === 'post';
  const facts = feeFacts(p, d.facts);
  const q = new URLSearchParams({ channel: pickup ? 'home-pickup' : 'online' });
  if (facts?.category) q.set('category', facts.category.join(','));
  for (const [k, v] of Object.entries(facts?.quantities ?? {})) q.set(k, String(v));
  if ((pickup || delivery) && postalUnit(d)) {
    q.set('unitId', postalUnit(d));
    q.set('pickup', String(pickup));
    q.set('delivery', String(delivery));
  }
  return q.toString();
}

/** The create request of the draft: the applicant (an individual or an organisation, perhaps through a representative), the intake, the delivery, the fee facts. */
export function createBody(p: Procedure, d: Draft) {
  const a = d.applicant;
  const contact = {
    phone: a.phone.trim(),
    address: { line: a.line.trim(), unitId: a.unitId },
    ...(a.represented ? { representative: { fullName: a.repFullName.trim(), cccd: a.repCccd.trim(), phone: a.repPhone.trim() } } : {}),
  };
  const applicant = a.kind === 'organisation' ? { kind: 'organisation' as const, name: a.name.trim(), taxCode: a.taxCode.trim(), ...contact } : { kind: 'individual' as const, fullName: a.fullName.trim(), cccd: a.cccd.trim(), ...contact };
  const i = d.intake;
  const intake =
    i.method === 'home-pickup'
      ? {
          method: 'home-pickup' as const,
          ...(i.elsewhere ? { address: { line: i.line.trim(), unitId: i.unitId } } : {}),
          ...(i.day ? { window: dayPartWindow(i.day, i.part) } : {}),
        }
      : undefined;
  const resultDelivery = d.delivery === 'counter' ? { method: 'counter' as const, servicePointId: d.servicePointId } : { method: (d.delivery || 'post') as 'post' | 'online' };
  const fees = feeFacts(p, d.facts);
  return { procedureId: p.id, applicant, ...(intake ? { intake } : {}), resultDelivery, ...(fees ? { fees } : {}) };
}

/** The create's answer as the wizard keeps it. */
export function createdOf(made: { ref: string; accessToken: string; documents: Created['documents']; shipments?: { itemId: string; kind: string; postOffice: { name: string } }[] }): Created {
  const pickup = made.shipments?.find((s) => s.kind === 'pickup');
  return { ref: made.ref, token: made.accessToken, documents: made.documents, ...(pickup ? { pickup: { itemId: pickup.itemId, postOffice: pickup.postOffice.name } } : {}) };
}

/**
 * The API's messages for the inputs of a step: `paths` maps each input id to the fields the API
 * may name for it (`{ taxCode: ['applicant.taxCode'] }`).
 */
export function errorsAt(problem: ApiProblem | undefined, paths: Record<string, readonly string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  if (!problem) return out;
  for (const [id, fields] of Object.entries(paths))
    for (const f of fields) {
      const m = problem.messageFor(f);
      if (m && !out[id]) out[id] = m;
    }
  return out;
}

/** Whether the API named a field of `paths` (the message is then shown there, not above the form). */
export const namesOneOf = (problem: ApiProblem | undefined, paths: Record<string, readonly string[]>) => Object.keys(errorsAt(problem, paths)).length > 0;

/** The applicant step's inputs and the fields the API names for them. */
export const applicantPaths = {
  kind: ['applicant.kind', 'applicant'],
  fullName: ['applicant.fullName'],
  cccd: ['applicant.cccd'],
  name: ['applicant.name'],
  taxCode: ['applicant.taxCode'],
  phone: ['applicant.phone'],
  line: ['applicant.address.line'],
  unitId: ['applicant.address.unitId'],
  repFullName: ['applicant.representative.fullName'],
  repCccd: ['applicant.representative.cccd'],
  repPhone: ['applicant.representative.phone'],
} as const;

/** The second step's inputs and the fields the API (create or fee quote) names for them. */
export const deliveryPaths = {
  intake: ['intake.method', 'intake'],
  pickupLine: ['intake.address.line'],
  pickupUnitId: ['intake.address.unitId'],
  pickupDay: ['intake.window.from', 'intake.window.to', 'intake.window'],
  delivery: ['resultDelivery.method', 'resultDelivery'],
  servicePointId: ['resultDelivery.servicePointId'],
  // The create takes at most 5 categories (shared/contracts/money.ts); the API names each by its index.
  category: ['fees.category.0', 'fees.category.1', 'fees.category.2', 'fees.category.3', 'fees.category.4', 'fees.category', 'category'],
  pages: ['fees.quantities.pages', 'quantities.pages', 'pages'],
  copies: ['fees.quantities.copies', 'quantities.copies', 'copies'],
  certificates: ['fees.quantities.certificates', 'quantities.certificates', 'certificates'],
  cases: ['fees.quantities.cases', 'quantities.cases', 'cases'],
  value: ['fees.quantities.value', 'quantities.value', 'value'],
} as const;
