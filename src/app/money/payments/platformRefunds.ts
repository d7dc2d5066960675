import type { RetourDb } from '../../../db/connection.js';
import { type PlatformRefunder, readPlatformPaymentReference } from '../../../domain/paymentProviders.js';
import type { ShopConnectionHandle, ShopGateway } from '../../catalog/connections/gateway.js';
import { type PlatformRefund, type PlatformRefundRequest, ShopError } from '../../catalog/connections/port.js';
import { newId } from '../../kernel/ids.js';
import { type PaymentProvider, ProviderError, type ProviderRefund, type RefundRequest } from './port.js';

/** How long one run may hold a settlement: longer than a refund's calls can take (their
 * time-outs) and than a platform may still be writing a refund whose answer was lost (a proxy's
 * 502 or a time-out while PHP goes on), short enough that a run that died is taken over by a
 * later reconciliation. */
const CLAIM_MS = 5 * 60_000;

function providerError(err: unknown): ProviderError {
  if (err instanceof ProviderError) return err;
  if (err instanceof ShopError) {
    // Wrong credentials or a refund the platform cannot make: no refund was made, and asking
    // again as it is will not make one; staff see why and settle again once it is fixed.
    return new ProviderError(
      err.kind === 'transient' ? 'transient' : 'rejected',
      err.code,
      err.message,
      err.details.status ?? null,
    );
  }
  return new ProviderError('transient', 'PLATFORM_UNREACHABLE', (err as Error).message);
}

const toProviderRefund = (r: PlatformRefund): ProviderRefund => ({
  id: r.externalId,
  status: r.status,
  amount: r.amount,
  currency: r.currency,
  settlementId: r.settlementId,
  createdAt: r.createdAt,
});

/**
 * A payment provider backed by the shop platform an order was paid on (Shopify, WooCommerce): the
 * order's payment reference `<connection id>:<order id>` names the connection whose adapter makes
 * and finds the refunds. The platform need not know idempotency keys: a run first claims the
 * settlement (one run at a time), and the adapter looks for a refund carrying the settlement's
 * key before making one, so a retry, a double click or a reconciliation never refunds twice.
 */
export class PlatformRefundProvider implements PaymentProvider {
  constructor(
    readonly name: PlatformRefunder,
    private readonly db: RetourDb,
    private readonly shops: ShopGateway,
    private readonly now: () => Date = () => new Date(),
  ) {}

  createPaymentLink(): Promise<never> {
    return Promise.reject(this.noLinks());
  }

  getPaymentLink(): Promise<never> {
    return Promise.reject(this.noLinks());
  }

  closePaymentLink(): Promise<never> {
    return Promise.reject(this.noLinks());
  }

  /**
   * Looks for the settlement's refund, then asks for it, under the settlement's claim. A failure
   * of the look-up changed nothing, and a definite refusal made nothing: the claim is let go. Once
   * the refund was asked for, no answer (a time-out, a 502 while the platform goes on writing it)
   * may still become a refund: the claim is kept until it runs out, so no run asks again before
   * the platform shows it; a refund made is let go by recording it (finishSettlement).
   */
  async refund(request: RefundRequest): Promise<ProviderRefund> {
    const { handle, orderExternalId } = await this.connectionOf(request.paymentReference);
    const refund = handle.adapter.refund;
    if (!refund) throw new ProviderError('rejected', 'PLATFORM_CANNOT_REFUND', `${this.name} cannot refund through Retour`);
    const claim = await this.claim(request.settlementId);
    let platformRequest: PlatformRefundRequest;
    try {
      const made = await this.findRefund(request.paymentReference, request.settlementId);
      if (made) return made;
      platformRequest = {
        orderExternalId,
        amount: request.amount,
        currency: request.currency,
        idempotencyKey: request.idempotencyKey,
        settlementId: request.settlementId,
        returnNumber: request.returnNumber,
        lines: await this.linesOf(request.settlementId),
        note: request.description,
      };
    } catch (err) {
      await this.release(request.settlementId, claim);
      throw providerError(err);
    }
    try {
      return toProviderRefund(await refund.call(handle.adapter, platformRequest));
    } catch (err) {
      const failure = providerError(err);
      if (failure.kind === 'rejected') await this.release(request.settlementId, claim);
      else await this.holdInFlight(request.settlementId, claim);
      throw failure;
    }
  }

  async findRefund(paymentReference: string, settlementId: string): Promise<ProviderRefund | null> {
    return (await this.listRefunds(paymentReference)).find((r) => r.settlementId === settlementId) ?? null;
  }

  async listRefunds(paymentReference: string): Promise<ProviderRefund[]> {
    const { handle, orderExternalId } = await this.connectionOf(paymentReference);
    const list = handle.adapter.listRefunds;
    if (!list) throw new ProviderError('rejected', 'PLATFORM_CANNOT_REFUND', `${this.name} cannot list refunds`);
    try {
      return (await list.call(handle.adapter, orderExternalId)).map(toProviderRefund);
    } catch (err) {
      throw providerError(err);
    }
  }

  private noLinks(): ProviderError {
    return new ProviderError('rejected', 'PAYMENT_LINKS_UNSUPPORTED', `${this.name} takes no payments for Retour`);
  }

  /** The order's connection; one gone or switched off keeps the settlement waiting (it may come back). */
  private async connectionOf(reference: string): Promise<{ handle: ShopConnectionHandle; orderExternalId: string }> {
    const ref = readPlatformPaymentReference(reference);
    if (!ref)
      throw new ProviderError(
        'rejected',
        'PAYMENT_REFERENCE_INVALID',
        `${this.name} payment reference is not <connection>:<order>`,
      );
    const handle = await this.shops.connection(ref.connectionId);
    if (!handle || handle.platform !== this.name) {
      throw new ProviderError(
        'transient',
        'CONNECTION_UNAVAILABLE',
        `The ${this.name} connection of this order is gone or switched off`,
      );
    }
    return { handle, orderExternalId: ref.orderExternalId };
  }

  /** Takes the settlement for this run; another run holding it makes this one wait for reconciliation. */
  private async claim(settlementId: string): Promise<string> {
    const token = newId('clm');
    const now = this.now();
    const taken = await this.db
      .updateTable('settlements')
      .set({ provider_claim: token, provider_claimed_until: new Date(now.getTime() + CLAIM_MS) })
      .where('id', '=', settlementId)
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('provider_claimed_until', 'is', null), eb('provider_claimed_until', '<', now)]))
      .returning('id')
      .executeTakeFirst();
    if (!taken) {
      throw new ProviderError('transient', 'REFUND_IN_PROGRESS', 'Another run is refunding this settlement through the platform');
    }
    return token;
  }

  /** A refund asked for without an answer: the claim runs for its full time from now. */
  private async holdInFlight(settlementId: string, token: string): Promise<void> {
    await this.db
      .updateTable('settlements')
      .set({ provider_claimed_until: new Date(this.now().getTime() + CLAIM_MS) })
      .where('id', '=', settlementId)
      .where('provider_claim', '=', token)
      .execute();
  }

  private async release(settlementId: string, token: string): Promise<void> {
    await this.db
      .updateTable('settlements')
      .set({ provider_claim: null, provider_claimed_until: null })
      .where('id', '=', settlementId)
      .where('provider_claim', '=', token)
      .execute();
  }

  /** The order lines a refund of returned lines covers (WooCommerce records them); none for
   * goodwill and partial refunds, or where a line is not known on the platform. */
  private async linesOf(settlementId: string): Promise<PlatformRefundRequest['lines']> {
    const s = await this.db
      .selectFrom('settlements')
      .select(['kind', 'lines'])
      .where('id', '=', settlementId)
      .executeTakeFirstOrThrow();
    const parts = s.lines;
    if (s.kind !== 'refund' || parts.length === 0) return [];
    const rows = await this.db
      .selectFrom('return_lines as rl')
      .innerJoin('order_lines as ol', 'ol.id', 'rl.order_line_id')
      .select(['rl.id', 'rl.quantity', 'ol.external_id', 'ol.external_ref'])
      .where(
        'rl.id',
        'in',
        parts.map((p) => p.returnLineId),
      )
      .execute();
    const lines: PlatformRefundRequest['lines'] = [];
    for (const part of parts) {
      const row = rows.find((r) => r.id === part.returnLineId);
      if (!row?.external_id) return [];
      lines.push({
        lineExternalId: row.external_id,
        lineRef: row.external_ref ?? {},
        quantity: row.quantity,
        amount: part.amount,
      });
    }
    return lines;
  }
}
