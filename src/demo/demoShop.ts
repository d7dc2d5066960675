import { sql } from 'kysely';
import { invalidateReferenceData } from '../app/admin/referenceData.js';
import { forgetShopSettings } from '../app/admin/shopSettings.js';
import { forgetWarehouses } from '../app/catalog/warehouseList.js';
import type { AppCaches } from '../app/kernel/context.js';
import { newId } from '../app/kernel/ids.js';
import type { Tx } from '../app/kernel/transaction.js';
import { localDate } from '../domain/calendar.js';
import { type PolicyDocument, parsePolicyDocument } from '../domain/policy/document.js';
import { demoPolicy } from './demoPolicy.js';
import type { ChannelCode } from './orders.js';

/** The demo shop's own settings: where it is, where returns go, how it sells. */
export const TIME_ZONE = 'Europe/Amsterdam';
const POLICY_NAME = 'Noord & Zo returns policy';
const RETURN_ADDRESS = {
  name: 'Noord & Zo Retouren',
  line1: 'Distributieweg 12',
  postcode: '3542 AD',
  city: 'Utrecht',
  country: 'NL',
};

const CHANNELS: { code: ChannelCode; name: string; kind: string }[] = [
  { code: 'webshop', name: 'Webshop', kind: 'webshop' },
  { code: 'bol', name: 'bol.com', kind: 'marketplace' },
  { code: 'zalando', name: 'Zalando', kind: 'marketplace' },
  { code: 'store-amsterdam', name: 'Winkel Amsterdam', kind: 'store' },
];

/** The shop's own return policy, published and in force: every demo return is judged by it. */
export async function publishDemoPolicy(tx: Tx, now: Date): Promise<{ policy: PolicyDocument; policyVersionId: string }> {
  const policy = parsePolicyDocument(demoPolicy(Number(localDate(now, TIME_ZONE).slice(0, 4))));
  const policyVersionId = newId('pol', now.getTime());
  const { next } = await tx
    .selectFrom('policy_versions')
    .select(sql<number>`coalesce(max(number), 0)::int + 1`.as('next'))
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('policy_versions')
    .values({
      id: policyVersionId,
      number: next,
      name: POLICY_NAME,
      status: 'published',
      document: JSON.stringify(policy),
      based_on: null,
      notes: null,
      created_by: null,
      created_at: now,
      updated_at: now,
      published_by: null,
      published_at: now,
    })
    .execute();
  return { policy, policyVersionId };
}

/** The shop's name, languages, address and brand, with the demo policy in force; returns its
 * ship-by days, which the demo history follows. */
export async function configureShop(tx: Tx, now: Date, policyVersionId: string): Promise<{ shipByDays: number }> {
  const settings = await tx
    .updateTable('shop_settings')
    .set({
      name: 'Noord & Zo',
      currency: 'EUR',
      timezone: TIME_ZONE,
      default_locale: 'nl',
      locales: JSON.stringify(['nl', 'en', 'de', 'fr']),
      return_address: JSON.stringify(RETURN_ADDRESS),
      brand_color: '#1d5c4d',
      support_email: 'klantenservice@noordenzo.example',
      active_policy_version_id: policyVersionId,
      updated_at: now,
    })
    .where('id', '=', 'default')
    .returning(['ship_by_days'])
    .executeTakeFirstOrThrow();
  return { shipByDays: settings.ship_by_days };
}

/** The sales channels, as code → id. The webshop channel comes with the schema; channels someone
 * already made are kept as they are. */
export async function addChannels(tx: Tx, nowMs: number): Promise<Map<string, string>> {
  await tx
    .insertInto('channels')
    .values(CHANNELS.map((c) => ({ id: newId('chn', nowMs), ...c })))
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  return new Map((await tx.selectFrom('channels').select(['code', 'id']).execute()).map((c) => [c.code, c.id]));
}

/** Two warehouses and two stores; returns the id of the distribution centre that holds the stock. */
export async function addWarehouses(tx: Tx, nowMs: number): Promise<string> {
  const hasDefault = await tx.selectFrom('warehouses').select('id').where('is_default', '=', true).executeTakeFirst();
  const koeln = { name: 'Noord & Zo Retouren', line1: 'Industriestraße 40', postcode: '50735', city: 'Köln', country: 'DE' };
  await tx
    .insertInto('warehouses')
    .values([
      {
        id: newId('wh', nowMs),
        code: 'utrecht',
        name: 'DC Utrecht',
        is_default: !hasDefault,
        address: JSON.stringify(RETURN_ADDRESS),
      },
      { id: newId('wh', nowMs), code: 'koeln', name: 'Retourenlager Köln', address: JSON.stringify(koeln) },
      {
        id: newId('wh', nowMs),
        code: 'amsterdam-winkel',
        name: 'Noord & Zo Amsterdam',
        kind: 'store',
        opening_hours: 'ma–za 10:00–18:00, zo 12:00–17:00',
        address: JSON.stringify({ line1: 'Haarlemmerstraat 77', postcode: '1013 EM', city: 'Amsterdam', country: 'NL' }),
      },
      {
        id: newId('wh', nowMs),
        code: 'utrecht-winkel',
        name: 'Noord & Zo Utrecht',
        kind: 'store',
        opening_hours: 'ma–za 10:00–18:00',
        address: JSON.stringify({ line1: 'Oudegracht 120', postcode: '3511 AX', city: 'Utrecht', country: 'NL' }),
      },
    ])
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  const stock = await tx.selectFrom('warehouses').select('id').where('code', '=', 'utrecht').executeTakeFirstOrThrow();
  return stock.id;
}

/** After a seed committed: its reasons, categories, active policy, shop settings and warehouses
 * replace any copy this process or another kept. */
export function forgetSeededShop(caches: AppCaches): Promise<unknown> {
  return Promise.all([invalidateReferenceData(caches), forgetShopSettings(caches), forgetWarehouses(caches)]);
}
