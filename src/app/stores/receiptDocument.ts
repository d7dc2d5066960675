import type { RetourDb } from '../../db/connection.js';
import type { StoreReceiptInput } from '../../integrations/labels/storeReceipt.js';
import { counterReceiptIn } from './counterReceipt.js';

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
    refunded: receipt.refunded,
    storeCredit: receipt.storeCredit,
  };
}
