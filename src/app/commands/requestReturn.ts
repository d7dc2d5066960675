import { sql } from 'kysely';
import { checkLineEligibility, type LineVerdict } from '../../domain/eligibility.js';
import { type FieldIssue, notFound, RetourError } from '../../domain/errors.js';
import { type LineState, type Resolution, type ReturnState, submitRequest } from '../../domain/returnLifecycle.js';
import type { AppContext, CommandMeta } from '../context.js';
import { newId } from '../ids.js';
import { getShopSettingsCached } from '../shopSettings.js';
import { inUnit } from '../transaction.js';

export const RETURN_METHODS = ['label', 'qr', 'pickup', 'store'] as const;
export type ReturnMethod = (typeof RETURN_METHODS)[number];

export interface RequestReturnInput {
  orderId: string;
  /** Where the request came from: the shopper portal, an agent, or an integration. */
  source: 'portal' | 'agent' | 'api';
  method?: ReturnMethod | null;
  lines: {
    orderLineId: string;
    quantity: number;
    reasonCode: string;
    comment?: string | null;
    resolution: Resolution;
  }[];
}

export interface RequestReturnResult {
  returnId: string;
  number: string;
  status: string;
  lines: { id: string; orderLineId: string; acceptance: string; codes: string[]; deadline: string | null }[];
}

/** Statuses whose lines no longer hold on to the ordered quantity. */
const RELEASED_STATUSES = ['cancelled', 'rejected', 'expired'];

/** Opens a return for lines of one order: checks every line against the rules (all reasons are
 * reported), then approves it at once or sends it to review. */
export async function requestReturn(ctx: AppContext, meta: CommandMeta, input: RequestReturnInput): Promise<RequestReturnResult> {
  return inUnit(ctx, meta, async ({ tx, now, record }) => {
    // Locking the order serialises concurrent requests so no unit is returned twice.
    const order = await tx.selectFrom('orders').selectAll().where('id', '=', input.orderId).forUpdate().executeTakeFirst();
    if (!order) throw notFound('Order', input.orderId);
    const [orderLines, reasons, settings] = await Promise.all([
      tx
        .selectFrom('order_lines')
        .leftJoin('variants', 'variants.id', 'order_lines.variant_id')
        .leftJoin('products', 'products.id', 'variants.product_id')
        .select((eb) => [
          'order_lines.id',
          'order_lines.quantity',
          'order_lines.delivered_at',
          sql<boolean>`coalesce(products.final_sale, false)`.as('final_sale'),
          sql<boolean>`coalesce(products.personalised, false)`.as('personalised'),
          sql<boolean>`coalesce(products.perishable, false)`.as('perishable'),
          sql<boolean>`coalesce(products.hygiene_sealed, false)`.as('hygiene_sealed'),
          sql<boolean>`coalesce(products.sealed_media, false)`.as('sealed_media'),
          // Units of this line already in returns that still hold on to them.
          eb
            .selectFrom('return_lines')
            .innerJoin('returns', 'returns.id', 'return_lines.return_id')
            .select(sql<number>`coalesce(sum(return_lines.quantity), 0)::int`.as('n'))
            .whereRef('return_lines.order_line_id', '=', 'order_lines.id')
            .where('returns.status', 'not in', RELEASED_STATUSES)
            .where('return_lines.acceptance', '!=', 'rejected')
            .as('already_returned'),
        ])
        .where('order_lines.order_id', '=', order.id)
        .execute(),
      tx
        .selectFrom('reasons')
        .select(['id', 'code', 'active'])
        .where(
          'code',
          'in',
          input.lines.map((l) => l.reasonCode),
        )
        .execute(),
      getShopSettingsCached(ctx.db, tx),
    ]);

    const deliveries = orderLines.map((l) => l.delivered_at);
    const orderDeliveredAt = deliveries.every((d) => d !== null)
      ? new Date(Math.max(...deliveries.map((d) => (d as Date).getTime())))
      : null;
    const issues: FieldIssue[] = [];
    const verdicts: { index: number; orderLineId: string; verdict: LineVerdict }[] = [];
    const seen = new Set<string>();

    input.lines.forEach((line, index) => {
      const orderLine = orderLines.find((l) => l.id === line.orderLineId);
      if (!orderLine) {
        issues.push({ path: `lines.${index}.orderLineId`, message: 'not a line of this order', code: 'ORDER_LINE_NOT_FOUND' });
        return;
      }
      if (seen.has(line.orderLineId)) {
        issues.push({ path: `lines.${index}.orderLineId`, message: 'listed twice', code: 'DUPLICATE_LINE' });
        return;
      }
      seen.add(line.orderLineId);
      const reason = reasons.find((r) => r.code === line.reasonCode);
      if (!reason?.active) {
        issues.push({ path: `lines.${index}.reasonCode`, message: 'unknown or inactive reason', code: 'REASON_NOT_FOUND' });
      }
      const verdict = checkLineEligibility({
        quantityOrdered: orderLine.quantity,
        quantityAlreadyReturned: orderLine.already_returned ?? 0,
        quantityRequested: line.quantity,
        orderDeliveredAt,
        lineDeliveredAt: orderLine.delivered_at,
        shippingCountry: order.shipping_country,
        shopWindowDays: settings.returnWindowDays,
        flags: {
          finalSale: orderLine.final_sale,
          personalised: orderLine.personalised,
          perishable: orderLine.perishable,
          hygieneSealed: orderLine.hygiene_sealed,
          sealedMedia: orderLine.sealed_media,
        },
        now,
      });
      if (!verdict.eligible) {
        issues.push({
          path: `lines.${index}.orderLineId`,
          message: `not returnable: ${verdict.codes.join(', ')}`,
          code: 'LINE_NOT_ELIGIBLE',
        });
      }
      verdicts.push({ index, orderLineId: line.orderLineId, verdict });
    });

    if (issues.length > 0) {
      const onlyEligibility = issues.every((i) => i.code === 'LINE_NOT_ELIGIBLE');
      throw new RetourError(
        'invalid',
        onlyEligibility ? 'LINE_NOT_ELIGIBLE' : (issues[0]?.code ?? 'INVALID_RETURN_REQUEST'),
        onlyEligibility ? 'One or more lines cannot be returned' : 'The return request has invalid lines',
        issues,
        { verdicts: verdicts.map((v) => ({ orderLineId: v.orderLineId, ...v.verdict })) },
      );
    }

    const returnId = newId('ret', now.getTime());
    const lineStates: LineState[] = input.lines.map((line, index) => ({
      id: newId('rl', now.getTime()),
      quantity: line.quantity,
      acceptance: verdicts[index]?.verdict.needsReview ? 'manual_review' : 'pending',
      acceptanceReason: null,
      reception: 'expected',
      quantityReceived: 0,
      grade: null,
      disposition: null,
      settlement: 'none',
      settledAmount: 0,
      requestedResolution: line.resolution,
      grantedResolution: null,
    }));
    const requested: ReturnState = {
      status: 'requested',
      onHold: false,
      holdReasons: [],
      trackingNumber: null,
      statusReason: null,
      lines: lineStates,
    };
    const submitted = submitRequest(requested, settings.autoApprove);
    const next = submitted.state;
    const shipBy = next.status === 'approved' ? new Date(now.getTime() + settings.shipByDays * 86_400_000) : null;

    const { number } = await tx
      .insertInto('returns')
      .values({
        id: returnId,
        number: sql<string>`'R-' || nextval('return_number_seq')`,
        order_id: order.id,
        customer_id: order.customer_id,
        status: next.status,
        hold_reasons: '[]',
        source: input.source,
        method: input.method ?? null,
        currency: order.currency,
        ship_by: shipBy,
        created_at: now,
        updated_at: now,
      })
      .returning('number')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('return_lines')
      .values(
        next.lines.map((l, index) => {
          const source = input.lines[index];
          if (!source) throw new Error('line count mismatch');
          return {
            id: l.id,
            return_id: returnId,
            order_line_id: source.orderLineId,
            quantity: l.quantity,
            reason_id: reasons.find((r) => r.code === source.reasonCode)?.id ?? null,
            comment: source.comment ?? null,
            requested_resolution: l.requestedResolution,
            granted_resolution: l.grantedResolution,
            acceptance: l.acceptance,
            reception: l.reception,
            eligibility: JSON.stringify(verdicts[index]?.verdict.codes ?? []),
          };
        }),
      )
      .execute();

    const base = { subjectType: 'return', subjectId: returnId, returnId };
    record({
      ...base,
      type: 'return.requested',
      data: {
        number,
        orderId: order.id,
        orderNumber: order.order_number,
        source: input.source,
        method: input.method ?? null,
        lines: input.lines.map((l, i) => ({ ...l, returnLineId: lineStates[i]?.id })),
      },
    });
    for (const event of submitted.events) {
      record({ ...base, type: event.type, reason: event.reason ?? null, data: { number, ...event.data } });
    }

    return {
      returnId,
      number,
      status: next.status,
      lines: next.lines.map((l, index) => ({
        id: l.id,
        orderLineId: input.lines[index]?.orderLineId ?? '',
        acceptance: l.acceptance,
        codes: verdicts[index]?.verdict.codes ?? [],
        deadline: verdicts[index]?.verdict.deadline?.toISOString() ?? null,
      })),
    };
  });
}
