import type { RetourDb } from '../../db/connection.js';
import type { ReceiptRefundState, StoreReceiptInput } from '../../integrations/labels/storeReceipt.js';
import { type CounterReceipt, counterReceiptIn } from './counterReceipt.js';

/** What the printed receipt of a counter return shows, in the language asked for (else the shop's,
 * where it is English or Dutch). */
export async function storeReceiptDocument(
  db: RetourDb,
  returnId: string,
  options: { storeId?: string | null; locale?: 'en' | 'nl' },
): Promise<StoreReceiptInput> {
  const [receipt, settings] = await Promise.all([
    counterReceiptIn(db, returnId, { storeId: options.storeId }),
    db
      .selectFrom('shop_settings')
      .select(['name', 'timezone', 'default_locale'])
      .where('id', '=', 'default')
      .executeTakeFirstOrThrow(),
  ]);
  const locale = options.locale ?? (settings.default_locale === 'nl' ? 'nl' : 'en');
  return {
    locale,
    shopName: settings.name,
    store: receipt.store,
    returnNumber: receipt.returnNumber,
    orderNumber: receipt.orderNumber,
    takenAt: receipt.takenAt,
    timeZone: settings.timezone,
    currency: receipt.currency,
    lines: receipt.lines,
    refunds: receipt.money.filter((m) => m.kind === 'refund').map((m) => ({ amount: m.amount, state: refundState(m) })),
    storeCredit: receipt.storeCredit,
  };
}

/** What the shopper is told of a refund: a bank transfer waits for staff to pay it, a provider's
 * refund is made or still on its way. */
function refundState(m: CounterReceipt['money'][number]): ReceiptRefundState {
  if (m.provider === 'manual') return m.status === 'succeeded' ? 'refunded' : 'bank_transfer';
  return m.status === 'succeeded' ? 'refunded' : 'pending';
}
