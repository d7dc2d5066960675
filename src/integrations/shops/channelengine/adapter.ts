import {
  type MarketplaceReturn,
  type PlatformReturn,
  type PlatformReturnRequest,
  type ShopConnectionCheck,
  type ShopCredentials,
  ShopError,
  type ShopListQuery,
  type ShopOrder,
  type ShopPage,
  type ShopPlatformAdapter,
  type ShopWebhookEvent,
  type ShopWebhookRequest,
} from '../../../app/catalog/connections/port.js';
import { isChannelEngineReturnReason } from '../../../domain/marketplaceReturns.js';
import { ChannelEngineClient } from './client.js';
import { type CeOrder, type CeReturn, marketplaceReturnOf, orderOf } from './mapping.js';
import { parseChannelEngineWebhook } from './webhook.js';

/** Every order status but AWAITING_PAYMENT: an order not paid yet is not Retour's to see. */
const ORDER_STATUSES = [
  'NEW',
  'IN_PROGRESS',
  'SHIPPED',
  'IN_BACKORDER',
  'MANCO',
  'CANCELED',
  'IN_COMBI',
  'CLOSED',
  'RETURNED',
  'REQUIRES_CORRECTION',
];

/** The number Retour gives an order it acknowledges (ChannelEngine's own id, so it is unique). */
export const acknowledgedOrderNo = (orderId: number) => `CE-${orderId}`;

const pageOf = (cursor: string | null) => {
  const page = cursor ? Number(cursor) : 1;
  if (!Number.isInteger(page) || page < 1) throw new ShopError('rejected', 'CHANNELENGINE_CURSOR', `bad cursor ${cursor}`);
  return page;
};

const hasNumber = (o: CeOrder): o is CeOrder & { merchantOrderNo: string } => !!o.merchantOrderNo;

/**
 * ChannelEngine's Merchant API (orders of the marketplaces it connects, their returns both ways).
 * An order is known by its merchantOrderNo, which ChannelEngine's returns and filters use; an order
 * still NEW has none until the merchant acknowledges it. Where Retour is the system that takes
 * orders from ChannelEngine (`query.acknowledgeNew`), the first page of a listing acknowledges the
 * NEW orders first with `CE-{id}`, so they are listed with that number; otherwise NEW orders are
 * left to whoever acknowledges them and come in once they have their number.
 */
export class ChannelEngineShop implements ShopPlatformAdapter {
  readonly platform = 'channelengine' as const;
  private readonly client: ChannelEngineClient;

  constructor(readonly credentials: ShopCredentials) {
    this.client = new ChannelEngineClient(credentials);
  }

  async check(): Promise<ShopConnectionCheck> {
    const settings = await this.client.call<{ name?: string; companyName?: string }>('GET', '/v2/settings');
    return { shopName: settings.content?.companyName ?? settings.content?.name ?? null, scopes: [] };
  }

  async listOrders(query: ShopListQuery): Promise<ShopPage<ShopOrder>> {
    const page = pageOf(query.cursor);
    if (page === 1 && query.acknowledgeNew) await this.acknowledgeNewOrders();
    const params = new URLSearchParams();
    for (const status of ORDER_STATUSES) params.append('statuses', status);
    if (query.updatedSince) params.set('fromUpdatedAtDate', query.updatedSince.toISOString());
    const result = await this.client.page<CeOrder>('/v2/orders', params, page);
    return {
      items: result.items.filter(hasNumber).map(orderOf),
      next: result.next === null ? null : String(result.next),
      total: result.total,
    };
  }

  async getOrder(externalId: string): Promise<ShopOrder | null> {
    const params = new URLSearchParams({ merchantOrderNos: externalId });
    const result = await this.client.page<CeOrder>('/v2/orders', params, 1);
    const order = result.items.find((o) => o.merchantOrderNo === externalId);
    return order && hasNumber(order) ? orderOf(order) : null;
  }

  parseWebhook(request: ShopWebhookRequest, expectedToken: string): ShopWebhookEvent {
    return parseChannelEngineWebhook(request, expectedToken, this.credentials.shop);
  }

  /** Acknowledges every NEW order (all pages), each with the number Retour gives it. */
  private async acknowledgeNewOrders(): Promise<void> {
    // Acknowledged orders leave the NEW list, so page 1 is read again until it is empty.
    for (let round = 0; round < 1000; round++) {
      const result = await this.client.page<CeOrder>('/v2/orders/new', new URLSearchParams(), 1);
      if (result.items.length === 0) return;
      for (const order of result.items) {
        await this.client.call('POST', '/v2/orders/acknowledge', {
          merchantOrderNo: acknowledgedOrderNo(order.id),
          orderId: order.id,
        });
      }
    }
  }

  /** Channel returns not acknowledged yet; with `updatedSince`, every channel return from then on (the catch-up). */
  async listMarketplaceReturns(query: ShopListQuery): Promise<ShopPage<MarketplaceReturn>> {
    const page = pageOf(query.cursor);
    const params = new URLSearchParams();
    let path = '/v2/returns/merchant/new';
    if (query.updatedSince) {
      path = '/v2/returns/merchant';
      params.set('fromDate', query.updatedSince.toISOString());
    }
    const result = await this.client.page<CeReturn>(path, params, page);
    return {
      items: result.items.map(marketplaceReturnOf),
      next: result.next === null ? null : String(result.next),
      total: result.total,
    };
  }

  async acknowledgeMarketplaceReturn(externalId: string, returnNumber: string): Promise<void> {
    await this.client.call('POST', '/v2/returns/merchant/acknowledge', {
      returnId: Number(externalId),
      merchantReturnNo: returnNumber,
    });
  }

  /**
   * Declares a return made in Retour, with Retour's number as merchantReturnNo. ChannelEngine
   * answers without the return, so it is read back by that number for its id.
   */
  async createReturn(request: PlatformReturnRequest): Promise<PlatformReturn> {
    const quantities = new Map<string, number>();
    for (const line of request.lines) {
      const no = String(line.lineRef.merchantProductNo ?? line.sku);
      quantities.set(no, (quantities.get(no) ?? 0) + line.quantity);
    }
    const reason = request.lines.map((l) => l.reason).find(isChannelEngineReturnReason) ?? 'OTHER';
    const notes = request.lines.map((l) => l.note).filter((n): n is string => !!n);
    await this.client.call('POST', '/v2/returns/merchant', {
      merchantOrderNo: request.orderExternalId,
      merchantReturnNo: request.returnNumber,
      lines: [...quantities].map(([merchantProductNo, quantity]) => ({ merchantProductNo, quantity })),
      reason,
      customerComment: notes.join('\n') || null,
      merchantComment: `Retour return ${request.returnNumber}`,
      returnDate: new Date().toISOString(),
    });
    const found = await this.findReturn(request.orderExternalId, request.returnNumber);
    if (!found)
      throw new ShopError(
        'transient',
        'CHANNELENGINE_RETURN_NOT_LISTED',
        `channelengine accepted return ${request.returnNumber} but does not list it yet`,
      );
    return found;
  }

  async findReturn(orderExternalId: string, returnNumber: string): Promise<PlatformReturn | null> {
    const path = `/v2/returns/merchant/${encodeURIComponent(orderExternalId)}`;
    let envelope: Awaited<ReturnType<ChannelEngineClient['call']>>;
    try {
      envelope = await this.client.call<CeReturn[]>('GET', path);
    } catch (err) {
      if (err instanceof ShopError && err.code === 'CHANNELENGINE_NOT_FOUND') return null;
      throw err;
    }
    const returns = Array.isArray(envelope.content) ? (envelope.content as CeReturn[]) : [];
    const found = returns.find((r) => r.merchantReturnNo === returnNumber);
    return found ? { externalId: String(found.id), status: found.status ?? 'IN_PROGRESS' } : null;
  }

  /** Processes a return: accepted and rejected units per product (lines of one product summed). */
  async reportReceipt(
    platformReturnId: string,
    lines: { lineExternalId: string; sku: string; accepted: number; rejected: number; restocked: boolean }[],
  ): Promise<void> {
    const byProduct = new Map<string, { acceptedQuantity: number; rejectedQuantity: number }>();
    for (const line of lines) {
      const no = line.sku || line.lineExternalId.replace(/#\d+$/, '');
      const sum = byProduct.get(no) ?? { acceptedQuantity: 0, rejectedQuantity: 0 };
      sum.acceptedQuantity += line.accepted;
      sum.rejectedQuantity += line.rejected;
      byProduct.set(no, sum);
    }
    await this.client.call('PUT', '/v2/returns', {
      returnId: Number(platformReturnId),
      lines: [...byProduct].map(([merchantProductNo, q]) => ({ merchantProductNo, ...q })),
    });
  }
}
