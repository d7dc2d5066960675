import fc from 'fast-check';
import { addDays, endOfLocalDay, localDate } from '../../src/domain/calendar.js';
import {
  BONUS_RESOLUTIONS,
  FEE_KINDS,
  type PolicyDocumentInput,
  type PolicyEffectsInput,
  type PolicyRuleInput,
  parsePolicyDocument,
  REFUND_TIMINGS,
  RETURN_METHODS,
  RISK_RULE_EFFECTS,
} from '../../src/domain/policy/document.js';
import type {
  EvaluationInput,
  LineSelection,
  OrderLineFacts,
  PolicyExceptionFacts,
  ProductFlags,
  ReasonFacts,
} from '../../src/domain/policy/facts.js';
import { interpretPolicy } from '../../src/domain/policy/reference/interpretPolicy.js';
import { RESOLUTIONS } from '../../src/domain/returnLifecycle.js';

/** Random policies and requests for comparing policy engines: small vocabularies, so that rules
 * match often, and dates around time-zone changes, windows and the statutory period. */

const CATEGORIES = ['tops', 'fashion', 'audio', 'electronics', 'underwear', 'shoes'];
const TAGS = ['clearance', 'bestseller', 'gift', 'fragile'];
const SKUS = ['SKU-1', 'SKU-2', 'SKU-3', 'SKU-4'];
const CHANNELS = ['webshop', 'bol', 'zalando', 'store'];
const COUNTRIES = ['NL', 'BE', 'DE', 'US', 'GB', 'CH', 'nl'];
const SEGMENTS = ['standard', 'vip', 'employee', 'blocked'];
const CUSTOMER_TAGS = ['trusted', 'press', 'wholesale'];
const RISK_SIGNALS = ['SERIAL_RETURNING', 'WARDROBING', 'EMPTY_BOX', 'LINKED_ACCOUNTS'] as const;
const TIME_ZONES = ['Europe/Amsterdam', 'America/New_York', 'Asia/Tokyo', 'Pacific/Chatham', 'UTC', 'America/Santiago'];
/** A catalogue with parents before and after their children, and one code listed twice. */
const REASON_CATALOGUE: ReasonFacts[] = [
  { code: 'fit', parentCode: null, controllable: false, defect: false, requiresPhoto: false },
  { code: 'too_small', parentCode: 'fit', controllable: false, defect: false, requiresPhoto: false },
  { code: 'defective', parentCode: 'quality', controllable: false, defect: true, requiresPhoto: true },
  { code: 'quality', parentCode: null, controllable: true, defect: false, requiresPhoto: false },
  { code: 'damaged', parentCode: 'quality', controllable: true, defect: false, requiresPhoto: true },
  { code: 'changed_mind', parentCode: null, controllable: false, defect: false, requiresPhoto: false },
  { code: 'changed_mind', parentCode: 'quality', controllable: true, defect: true, requiresPhoto: false },
  { code: 'orphan', parentCode: 'missing', controllable: false, defect: false, requiresPhoto: false },
];
const REASON_CODES = ['fit', 'too_small', 'defective', 'quality', 'damaged', 'changed_mind', 'orphan', 'unknown'];

const DAY = 86_400_000;
/** Instants from late 2024 to early 2027: DST changes, leap day, year ends. */
const anyInstant = fc.integer({ min: Date.UTC(2024, 9, 1), max: Date.UTC(2027, 2, 1) }).map((ms) => new Date(ms));
const some = <T>(values: readonly T[]) => fc.subarray([...values], { minLength: 1 });
const amount = fc.integer({ min: 0, max: 60_000 });
const percent = fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 100, noNaN: true }));
const range = (min: number, max: number, integer: boolean) => {
  const n = integer ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true });
  return fc.tuple(fc.option(n, { nil: undefined }), fc.option(n, { nil: undefined })).map(([a, b]) => {
    const [lo, hi] = a !== undefined && b !== undefined && a > b ? [b, a] : [a, b];
    return { ...(lo !== undefined ? { min: lo } : {}), ...(hi !== undefined ? { max: hi } : {}) };
  });
};

const effects: fc.Arbitrary<PolicyEffectsInput> = fc.record(
  {
    window: fc.record({ days: fc.integer({ min: 0, max: 120 }), from: fc.constantFrom('delivery' as const, 'order' as const) }),
    resolutions: fc.subarray([...RESOLUTIONS]),
    methods: fc.subarray([...RETURN_METHODS]),
    restockingFee: fc.record({ percent, fixed: fc.integer({ min: 0, max: 2000 }) }),
    returnShippingFee: fc.oneof(
      fc.record({ amount, perMethod: fc.dictionary(fc.constantFrom(...RETURN_METHODS), amount) }),
      // Free unless by some methods: the fee then rests on perMethod alone.
      fc.record({
        amount: fc.constant(0),
        perMethod: fc.dictionary(fc.constantFrom(...RETURN_METHODS), fc.integer({ min: 1, max: 60_000 }), { minKeys: 1 }),
      }),
    ),
    feeWaivers: fc.record({
      controllableReasons: fc.boolean(),
      resolutions: fc.subarray([...RESOLUTIONS]),
      methods: fc.subarray([...RETURN_METHODS]),
      fees: some(FEE_KINDS),
    }),
    bonus: fc.record({ percent, fixed: fc.integer({ min: 0, max: 1000 }), for: some(BONUS_RESOLUTIONS) }),
    finalSale: fc.boolean(),
    exchangeOnly: fc.boolean(),
    maxExchangesPerLine: fc.integer({ min: 0, max: 3 }),
    instantExchange: fc.boolean(),
    keepItem: fc.oneof(
      fc.constant(null),
      fc.record({ valueBelow: amount }),
      fc.record({ costShareAbove: percent }),
      fc.record({ valueBelow: amount, costShareAbove: percent }),
    ),
    diminishedValue: fc.record({ B: percent, C: percent, D: percent }, { requiredKeys: [] }),
    refundTiming: fc.constantFrom(...REFUND_TIMINGS),
    photoRequired: fc.boolean(),
    manualReview: fc.boolean(),
    autoApprove: fc.boolean(),
    blocked: fc.boolean(),
  },
  { requiredKeys: [] },
);

const localDateInRange = fc
  .integer({ min: Date.UTC(2024, 9, 1), max: Date.UTC(2027, 2, 1) })
  .map((ms) => new Date(ms).toISOString().slice(0, 10));

/** One or two conditions per rule (or none), so that rules match often enough to matter. */
const conditions = fc
  .record(
    {
      categories: some(CATEGORIES),
      productTags: some(TAGS),
      skus: some(SKUS),
      unitPrice: range(0, 40_000, true),
      channels: some(CHANNELS),
      countries: some(COUNTRIES.filter((c) => c === c.toUpperCase())),
      region: fc.constantFrom('eu' as const, 'non_eu' as const),
      segments: some(SEGMENTS),
      customerTags: some(CUSTOMER_TAGS),
      returnRate: range(0, 1, false),
      returnCount: range(0, 8, true),
      orderedBetween: fc
        .tuple(fc.option(localDateInRange, { nil: undefined }), fc.option(localDateInRange, { nil: undefined }))
        .map(([a, b]) => {
          const [from, to] = a && b && a > b ? [b, a] : [a, b];
          return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
        }),
      reasons: some(REASON_CODES),
      controllable: fc.boolean(),
      riskSignals: some(RISK_SIGNALS),
      riskScore: range(0, 100, true),
    },
    { requiredKeys: [] },
  )
  .chain((all) =>
    fc
      .subarray(Object.keys(all), { maxLength: 2 })
      .map((keys) => Object.fromEntries(keys.map((k) => [k, all[k as keyof typeof all]]))),
  );

const rules = fc
  .array(
    fc.record(
      {
        when: conditions,
        effects,
        enabled: fc.boolean(),
        public: fc.boolean(),
      },
      { requiredKeys: ['when', 'effects'] },
    ),
    { maxLength: 8 },
  )
  .map((list) => list.map((r, i): PolicyRuleInput => ({ id: `rule-${i}`, name: `Rule ${i}`, ...lawful(r) })));

/** A rule on risk sets only what the law lets a score do (RISK_RULE_EFFECTS): the rest is dropped. */
function lawful<T extends { when: Record<string, unknown>; effects: Record<string, unknown> }>(rule: T): T {
  if (!('riskSignals' in rule.when) && !('riskScore' in rule.when)) return rule;
  const allowed = RISK_RULE_EFFECTS as readonly string[];
  return { ...rule, effects: Object.fromEntries(Object.entries(rule.effects).filter(([k]) => allowed.includes(k))) };
}

/** A policy document as a shop could save it. */
export const policyDocument: fc.Arbitrary<PolicyDocumentInput> = fc.record({
  defaults: fc
    .tuple(
      effects,
      fc.record({ days: fc.integer({ min: 0, max: 90 }), from: fc.constantFrom('delivery' as const, 'order' as const) }),
    )
    .map(([e, window]) => ({ ...e, window })),
  returnCostEstimate: amount,
  rules,
});

/** Most products limit nothing. */
const rarely = fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });
const flags: fc.Arbitrary<ProductFlags> = fc.record({
  finalSale: rarely,
  exchangeOnly: rarely,
  personalised: rarely,
  perishable: rarely,
  hygieneSealed: rarely,
  sealedMedia: rarely,
});

/** A request against a policy: the order's lines, the customer, the choice and staff exceptions. */
export const evaluationRequest = (policy: EvaluationInput['policy']): fc.Arbitrary<EvaluationInput> =>
  fc
    .record({
      placedAt: anyInstant,
      now: fc.oneof(
        { weight: 6, arbitrary: fc.integer({ min: 0, max: 120 * DAY }) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 1000 * DAY }) },
      ),
      timeZone: fc.constantFrom(...TIME_ZONES),
      channel: fc.constantFrom(...CHANNELS),
      country: fc.constantFrom(...COUNTRIES),
      lines: fc.array(orderLine, { minLength: 1, maxLength: 4 }),
      customer: fc.record({
        id: fc.constant('cus'),
        segment: fc.constantFrom(...SEGMENTS),
        tags: fc.subarray(CUSTOMER_TAGS),
        returnRate: fc.double({ min: 0, max: 1, noNaN: true }),
        returnCount: fc.integer({ min: 0, max: 10 }),
        // Absent as in a preview or the simulator: risk conditions then hold for no line.
        risk: fc.option(fc.record({ score: fc.integer({ min: 0, max: 100 }), signals: fc.subarray([...RISK_SIGNALS]) }), {
          nil: undefined,
        }),
      }),
      reasons: fc.subarray(REASON_CATALOGUE),
      choice: fc.option(choice, { nil: undefined, freq: 10 }),
      exceptions: fc.option(fc.array(exception, { maxLength: 2 }), { nil: undefined }),
      standardDelivery: fc.option(fc.record({ amount, alreadyRefunded: fc.boolean() }), { nil: undefined }),
    })
    .map((r) => {
      const lines = r.lines.map((l, i) => ({
        ...l,
        id: l.id === 'dup' ? 'l1' : `l${i + 1}`,
        deliveredAt: l.deliveredAt === null ? null : new Date(r.placedAt.getTime() + l.deliveredAt),
      }));
      return {
        now: new Date(r.placedAt.getTime() + r.now),
        timeZone: r.timeZone,
        policy,
        order: {
          id: 'ord',
          placedAt: r.placedAt,
          channel: r.channel,
          shippingCountry: r.country,
          currency: 'EUR',
          lines,
          ...(r.standardDelivery ? { standardDelivery: r.standardDelivery } : {}),
        },
        customer: r.customer,
        reasons: r.reasons,
        ...(r.choice ? { selection: r.choice } : {}),
        ...(r.exceptions ? { exceptions: r.exceptions } : {}),
      };
    });

/** Delivery as an offset from the order's placing, or not delivered. */
const orderLine = fc
  .record({
    id: fc.constantFrom('own', 'own', 'own', 'dup'),
    sku: fc.constantFrom(...SKUS),
    quantity: fc.integer({ min: 0, max: 4 }),
    quantityInReturns: fc.integer({ min: 0, max: 3 }),
    quantityWithdrawn: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    exchangesUsed: fc.integer({ min: 0, max: 3 }),
    paidAmount: fc.integer({ min: 0, max: 120_000 }),
    deliveredAt: fc.option(fc.integer({ min: 0, max: 40 * DAY }), { nil: null }),
    categoryPath: fc.subarray(CATEGORIES),
    productTags: fc.subarray(TAGS),
    flags,
  })
  .map((l) => {
    const { quantityWithdrawn, ...rest } = l;
    return (quantityWithdrawn === undefined ? rest : { ...rest, quantityWithdrawn }) as Omit<OrderLineFacts, 'deliveredAt'> & {
      deliveredAt: number | null;
    };
  });

const selectionLine: fc.Arbitrary<LineSelection> = fc.record(
  {
    orderLineId: fc.constantFrom('l1', 'l1', 'l2', 'l2', 'l3', 'l4', 'l9'),
    quantity: fc.integer({ min: 0, max: 4 }),
    reasonCode: fc.option(fc.constantFrom(...REASON_CODES), { nil: null }),
    resolution: fc.option(fc.constantFrom(...RESOLUTIONS), { nil: null }),
    defect: fc.boolean(),
  },
  { requiredKeys: ['orderLineId', 'quantity'] },
);

const choice = fc.record(
  {
    lines: fc.array(selectionLine, { minLength: 1, maxLength: 4 }),
    method: fc.option(fc.constantFrom(...RETURN_METHODS), { nil: null, freq: 10 }),
  },
  { requiredKeys: ['lines'] },
);

const exception = fc.record({
  id: fc.constantFrom('ex1', 'ex2'),
  effects,
  allowReturn: fc.boolean(),
}) as fc.Arbitrary<PolicyExceptionFacts>;

/** Bounds of a rule put on a fact of one of the requests: the order's local date or a line's
 * unit price, on it or one day or minor unit either side, where a comparison's edge lies. */
const boundary = fc.record({
  condition: fc.constantFrom('orderedBetween' as const, 'unitPrice' as const),
  request: fc.nat(),
  line: fc.nat(),
  low: fc.option(fc.constantFrom(-1, 0, 1), { nil: undefined }),
  high: fc.option(fc.constantFrom(-1, 0, 1), { nil: undefined }),
});
type Boundary = typeof boundary extends fc.Arbitrary<infer B> ? B : never;

/** A bound pair in order, leaving out what is undefined. */
function bounds<T extends string | number>(low: T | undefined, high: T | undefined, min: string, max: string) {
  const [lo, hi] = low !== undefined && high !== undefined && low > high ? [high, low] : [low, high];
  return { ...(lo !== undefined ? { [min]: lo } : {}), ...(hi !== undefined ? { [max]: hi } : {}) };
}

function onBoundary(rule: PolicyRuleInput, b: Boundary | null, requests: EvaluationInput[]): PolicyRuleInput {
  const request = requests[b ? b.request % requests.length : 0];
  if (!b || !request) return rule;
  if (b.condition === 'orderedBetween') {
    const on = localDate(request.order.placedAt, request.timeZone);
    const at = (offset: number | undefined) => (offset === undefined ? undefined : addDays(on, offset));
    return { ...rule, when: { ...rule.when, orderedBetween: bounds(at(b.low), at(b.high), 'from', 'to') } };
  }
  const line = request.order.lines[b.line % request.order.lines.length];
  if (!line) return rule;
  // The unit price paid may fall between two minor units: the low bound sits by the upper one
  // and the high bound by the lower one, so that how it is rounded decides.
  const exact = line.quantity > 0 ? line.paidAmount / line.quantity : 0;
  const at = (offset: number | undefined, unit: number) => (offset === undefined ? undefined : Math.max(unit + offset, 0));
  const unitPrice = bounds(at(b.low, Math.ceil(exact)), at(b.high, Math.floor(exact)), 'min', 'max');
  return { ...rule, when: { ...rule.when, unitPrice } };
}

/** Where to put a request's `now`: on the last millisecond of a line's shop deadline, statutory
 * deadline or guarantee, or one millisecond after it. */
const deadlineNow = fc.option(
  fc.record({
    line: fc.nat(),
    deadline: fc.constantFrom('shopDeadline' as const, 'statutoryDeadline' as const, 'guaranteeEnds' as const),
    after: fc.boolean(),
  }),
  { nil: undefined, freq: 3 },
);
type DeadlineNow = typeof deadlineNow extends fc.Arbitrary<infer D> ? D : never;

/** The request with `now` moved onto the chosen deadline, which does not depend on `now`. */
function onDeadline(input: EvaluationInput, d: DeadlineNow): EvaluationInput {
  if (!d) return input;
  let lines: ReturnType<typeof interpretPolicy>['lines'];
  try {
    lines = interpretPolicy(input).lines;
  } catch {
    return input;
  }
  const date = lines[d.line % Math.max(lines.length, 1)]?.[d.deadline];
  if (!date) return input;
  return { ...input, now: new Date(endOfLocalDay(date, input.timeZone).getTime() + (d.after ? 1 : 0)) };
}

/** A parsed policy with several requests against it (the compiled form is kept per document and
 * must carry nothing of one request into the next). Some rules' bounds sit on the requests' own
 * order dates and unit prices, and some requests are judged on a deadline or just after it. */
export const policyWithRequests: fc.Arbitrary<EvaluationInput[]> = fc
  .record({
    document: policyDocument,
    // Judged against the final document below; the policy is filled in once the bounds are set.
    requests: fc.array(evaluationRequest(null as unknown as EvaluationInput['policy']), { minLength: 1, maxLength: 6 }),
    boundaries: fc.array(fc.option(boundary, { nil: null, freq: 2 }), { minLength: 8, maxLength: 8 }),
    deadlines: fc.array(deadlineNow, { minLength: 6, maxLength: 6 }),
  })
  .map(({ document, requests, boundaries, deadlines }) => {
    const rules = (document.rules ?? []).map((rule, i) => onBoundary(rule, boundaries[i] ?? null, requests));
    const policy = parsePolicyDocument({ ...document, rules });
    return requests.map((r, i) => onDeadline({ ...r, policy }, deadlines[i]));
  });
