import type { PolicyDocumentInput } from '../domain/policy/document.js';

type Rule = NonNullable<PolicyDocumentInput['rules']>[number];

/** What the shop offers unless a rule says otherwise. */
const DEFAULTS: PolicyDocumentInput['defaults'] = {
  window: { days: 30, from: 'delivery' },
  resolutions: ['refund', 'store_credit', 'exchange'],
  methods: ['qr', 'label', 'pickup', 'store'],
  returnShippingFee: { amount: 395, perMethod: { qr: 295, store: 0, pickup: 595 } },
  feeWaivers: {
    controllableReasons: true,
    resolutions: ['store_credit', 'exchange'],
    methods: [],
    fees: ['return_shipping'],
  },
  bonus: { percent: 10, fixed: 0, for: ['store_credit'] },
  keepItem: { valueBelow: 500 },
  maxExchangesPerLine: 2,
  autoApprove: true,
};

/** Rules about what was bought: restocking for electronics, underwear, clearance. */
const PRODUCT_RULES: Rule[] = [
  {
    id: 'electronics-restocking',
    name: 'Electronics: 10% restocking fee after the statutory period',
    description: 'Opened electronics lose value; inside the 14-day withdrawal period the fee never applies.',
    when: { categories: ['electronics'] },
    effects: { restockingFee: { percent: 10, fixed: 0 }, keepItem: null },
  },
  {
    id: 'underwear-credit-or-exchange',
    name: 'Underwear and swimwear: store credit or exchange',
    when: { categories: ['underwear'] },
    effects: { resolutions: ['store_credit', 'exchange'] },
  },
  {
    id: 'clearance-final-sale',
    name: 'Clearance items are final sale',
    when: { productTags: ['clearance'] },
    effects: { finalSale: true },
  },
];

/** The holiday window of `year` and of the season before: a demo seeded in January still has
 * December orders. */
const holidayRules = (year: number): Rule[] =>
  [year - 1, year].map((y) => ({
    id: `holiday-window-${y}`,
    name: `Holiday gifts ${y}: 60 days to return`,
    description: `Orders placed from 15 November to 24 December ${y} can come back until 60 days after delivery.`,
    when: { orderedBetween: { from: `${y}-11-15`, to: `${y}-12-24` } },
    effects: { window: { days: 60, from: 'delivery' as const } },
  }));

/** Rules that ask a person or a photo to look first. */
const CHECK_RULES: Rule[] = [
  {
    id: 'quality-photos',
    name: 'Quality complaints need photos',
    when: { reasons: ['quality'] },
    effects: { photoRequired: true },
  },
  {
    id: 'high-value-review',
    name: 'Items above €500 are checked before approval',
    when: { unitPrice: { min: 50_000 } },
    effects: { manualReview: true },
  },
];

/** Rules about where the order came from: outside the EU, marketplaces. */
const ORIGIN_RULES: Rule[] = [
  {
    id: 'outside-eu',
    name: 'Outside the EU: printed label, €14.95',
    when: { region: 'non_eu' },
    effects: { methods: ['label'], returnShippingFee: { amount: 1495, perMethod: {} } },
  },
  {
    id: 'marketplace-orders',
    name: 'Marketplace orders: drop-off or label',
    when: { channels: ['bol', 'zalando'] },
    effects: { methods: ['qr', 'label'] },
  },
];

/** Rules about who the customer is: VIPs, employees, frequent returners. */
const CUSTOMER_RULES: Rule[] = [
  {
    id: 'vip',
    name: 'VIP members: 60 days and free returns',
    when: { segments: ['vip'] },
    effects: { window: { days: 60, from: 'delivery' }, returnShippingFee: { amount: 0, perMethod: {} } },
  },
  {
    id: 'employees',
    name: 'Employees: store credit or exchange',
    when: { segments: ['employee'] },
    effects: { resolutions: ['store_credit', 'exchange'], bonus: { percent: 0, fixed: 0, for: ['store_credit'] } },
  },
  {
    id: 'serial-returners',
    name: 'Frequent returners are reviewed',
    public: false,
    when: { returnRate: { min: 0.6 }, returnCount: { min: 4 } },
    effects: { manualReview: true, autoApprove: false },
  },
];

/** The demo shop's return policy: what a Dutch fashion and electronics webshop would publish.
 * `year` places the holiday window in the demo's calendar. The rules keep the order they cascade in. */
export function demoPolicy(year: number): PolicyDocumentInput {
  // A copy each time: whoever edits the document it gets does not change the next one.
  return structuredClone({
    defaults: DEFAULTS,
    returnCostEstimate: 700,
    rules: [...PRODUCT_RULES, ...holidayRules(year), ...CHECK_RULES, ...ORIGIN_RULES, ...CUSTOMER_RULES],
  });
}
