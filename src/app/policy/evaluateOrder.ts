import { notFound, RetourError } from '../../domain/errors.js';
import type { PolicyDocument, ReturnMethod } from '../../domain/policy/document.js';
import { evaluatePolicy } from '../../domain/policy/evaluate.js';
import {
  type CustomerFacts,
  type LineSelection,
  NO_PRODUCT_FLAGS,
  type OrderFacts,
  type OrderLineFacts,
} from '../../domain/policy/facts.js';
import type { ShopperLocale } from '../../domain/policy/messages.js';
import { loadReferenceData } from '../admin/referenceData.js';
import { getShopSettings } from '../admin/shopSettings.js';
import type { AppContext } from '../kernel/context.js';
import { loadEvaluationFacts } from './evaluationFacts.js';
import { explainVerdict } from './explainVerdict.js';
import { categoryPaths, productFactColumns, productFlags, reasonCatalogue } from './factRows.js';
import { judge } from './judge.js';
import { choosePolicyFor, loadPolicyVersion, type PolicyVersionRef } from './policyVersions.js';

export interface Selection {
  lines: LineSelection[];
  method?: ReturnMethod | null;
}

async function versionOrThrow(ctx: AppContext, id: string): Promise<PolicyVersionRef> {
  const version = await loadPolicyVersion(ctx.db, id, ctx.caches);
  if (!version) throw notFound('Policy version', id);
  return version;
}

const presentVersion = (v: PolicyVersionRef) => ({ id: v.id, number: v.number, name: v.name, status: v.status });

/** What the policy says about a real order now: the version that would judge this customer's
 * return (or the one asked for, or an unsaved `document`), every line's verdict, methods and
 * fees, explained in `locale`. */
export async function evaluateOrderPolicy(
  ctx: AppContext,
  input: { orderId: string; selection?: Selection; versionId?: string; document?: PolicyDocument; locale: ShopperLocale },
) {
  const now = ctx.now();
  const facts = await loadEvaluationFacts(ctx.db, input.orderId, now, { caches: ctx.caches });
  if (!facts) throw notFound('Order', input.orderId);
  const issues = (input.selection?.lines ?? []).flatMap((l, i) =>
    facts.order.lines.some((ol) => ol.id === l.orderLineId)
      ? []
      : [{ path: `selection.lines.${i}.orderLineId`, message: 'not a line of this order', code: 'ORDER_LINE_NOT_FOUND' }],
  );
  if (issues.length > 0)
    throw new RetourError('invalid', 'ORDER_LINE_NOT_FOUND', 'The selection names lines this order does not have', issues);
  if (input.document) {
    const settings = await getShopSettings(ctx.db);
    const verdict = judge(facts, input.document, { now, timeZone: settings.timezone }, input.selection);
    return { policy: null, verdict: explainVerdict(verdict, input.locale) };
  }
  const [settings, chosen] = await Promise.all([
    getShopSettings(ctx.db),
    input.versionId
      ? versionOrThrow(ctx, input.versionId).then((version) => ({ version, arm: null, experimentId: null }))
      : choosePolicyFor(ctx.db, facts.customer.id, ctx.caches),
  ]);
  const verdict = judge(facts, chosen.version.document, { now, timeZone: settings.timezone }, input.selection);
  return {
    policy: { ...presentVersion(chosen.version), arm: chosen.arm, experimentId: chosen.experimentId },
    verdict: explainVerdict(verdict, input.locale),
  };
}

export interface HypotheticalLine {
  id?: string;
  sku: string;
  quantity: number;
  /** Paid for the whole line, minor units. */
  paidAmount: number;
  deliveredAt?: Date | null;
  categoryPath?: string[];
  productTags?: string[];
  flags?: Partial<OrderLineFacts['flags']>;
  quantityInReturns?: number;
  exchangesUsed?: number;
}

export interface HypotheticalInput {
  /** Judge with this version; with `document` instead, an unsaved policy; else the active one. */
  versionId?: string;
  document?: PolicyDocument;
  now?: Date;
  order: { placedAt: Date; channel: string; shippingCountry: string; currency: string; lines: HypotheticalLine[] };
  customer?: Partial<Omit<CustomerFacts, 'id'>>;
  selection?: Selection;
  locale: ShopperLocale;
}

/** The flags the input sets, leaving the catalogue's where it says nothing. */
function definedOnly(flags: Partial<OrderLineFacts['flags']>): Partial<OrderLineFacts['flags']> {
  return Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined));
}

/** "What would happen if": judges an order that need not exist. A line whose SKU is in the
 * catalogue takes its category, tags and flags from there unless the input gives them. */
export async function evaluateHypotheticalOrder(ctx: AppContext, input: HypotheticalInput) {
  const now = input.now ?? ctx.now();
  const settings = await getShopSettings(ctx.db);
  const version = input.document ? null : await versionOrThrow(ctx, input.versionId ?? settings.activePolicyVersionId ?? 'none');
  const skus = [...new Set(input.order.lines.map((l) => l.sku))];
  const [catalogue, reference] = await Promise.all([
    ctx.db
      .selectFrom('variants')
      .innerJoin('products', 'products.id', 'variants.product_id')
      .select(['variants.sku', ...productFactColumns])
      .where('variants.sku', 'in', skus.length > 0 ? skus : [''])
      .execute(),
    loadReferenceData(ctx.caches, ctx.db),
  ]);
  const pathOf = categoryPaths(reference.categories);
  const bySku = new Map(catalogue.map((v) => [v.sku, v]));
  const order: OrderFacts = {
    id: 'hypothetical',
    placedAt: input.order.placedAt,
    channel: input.order.channel,
    shippingCountry: input.order.shippingCountry,
    currency: input.order.currency,
    lines: input.order.lines.map((l, i) => {
      const known = bySku.get(l.sku);
      return {
        id: l.id ?? `line-${i + 1}`,
        sku: l.sku,
        quantity: l.quantity,
        quantityInReturns: l.quantityInReturns ?? 0,
        exchangesUsed: l.exchangesUsed ?? 0,
        paidAmount: l.paidAmount,
        deliveredAt: l.deliveredAt ?? null,
        categoryPath: l.categoryPath ?? pathOf(known?.category_id ?? null),
        productTags: l.productTags ?? known?.tags ?? [],
        flags: { ...(known ? productFlags(known) : NO_PRODUCT_FLAGS), ...definedOnly(l.flags ?? {}) },
      };
    }),
  };
  const verdict = evaluatePolicy({
    now,
    timeZone: settings.timezone,
    policy: input.document ?? (version as PolicyVersionRef).document,
    order,
    customer: {
      id: 'hypothetical',
      segment: input.customer?.segment ?? 'standard',
      tags: input.customer?.tags ?? [],
      returnRate: input.customer?.returnRate ?? 0,
      returnCount: input.customer?.returnCount ?? 0,
    },
    reasons: reasonCatalogue(reference.reasons).reasons,
    ...(input.selection ? { selection: input.selection } : {}),
  });
  return { policy: version ? presentVersion(version) : null, verdict: explainVerdict(verdict, input.locale) };
}
