import { join } from 'node:path';
import { referenceDataCache } from '../app/admin/referenceData.js';
import { shopSettingsCache } from '../app/admin/shopSettings.js';
import { staffSessionsCache } from '../app/admin/staffSessions.js';
import { connectedPlatformsCache } from '../app/catalog/connections/connectedPlatforms.js';
import { StoredShopGateway } from '../app/catalog/connections/gateway.js';
import { erasedCustomersCache } from '../app/catalog/erasedCustomers.js';
import { warehousesCache } from '../app/catalog/warehouseList.js';
import type { AppCaches, AppContext } from '../app/kernel/context.js';
import { CredentialBox, credentialSecret, keyFileStamp } from '../app/kernel/credentialBox.js';
import { allowPrivateUrls } from '../app/kernel/egress.js';
import { getOrCreateSecret } from '../app/kernel/secrets.js';
import { ShopperTokens } from '../app/kernel/shopperTokens.js';
import { StoredCarrierGateway } from '../app/logistics/carriers/gateway.js';
import { carrierMappingCache } from '../app/logistics/methods/carrierMapping.js';
import { CarrierShippingOffers } from '../app/logistics/methods/shippingOffers.js';
import { anyRoutingRuleCache } from '../app/logistics/routing/anyRoutingRule.js';
import { automationRulesCache } from '../app/messaging/automation/automationRules.js';
import { type Mailer, mailboxTransport } from '../app/messaging/emails/mailer.js';
import { webhookEndpointsCache } from '../app/messaging/webhooks/enabledEndpoints.js';
import { StoredProviderGateway } from '../app/money/payments/gateway.js';
import { inspectionRulesCache } from '../app/returns/inspection/inspectionRules.js';
import { riskBaselineCache } from '../app/risk/riskBaseline.js';
import { riskSetupCache } from '../app/risk/riskSettings.js';
import { appSubscribers } from '../app/subscribers.js';
import { publicBaseUrl, type RetourConfig } from '../config/env.js';
import type { RetourDb } from '../db/connection.js';
import { createCarrierAdapter } from '../integrations/carriers/index.js';
import { smtpTransport } from '../integrations/mail/smtpTransport.js';
import { createPaymentProvider } from '../integrations/payments/index.js';
import { DiskPhotoStore } from '../integrations/photos/photoStore.js';
import { createShopAdapter } from '../integrations/shops/index.js';
import { createJobEnqueuer } from '../jobs/jobQueue.js';

/** One set of caches per database: every context over it shares them, so a change made through
 * one is seen at once by the others in this process. */
const cachesByDb = new WeakMap<RetourDb, AppCaches>();

function cachesOf(db: RetourDb): AppCaches {
  let caches = cachesByDb.get(db);
  if (!caches) {
    caches = {
      shopSettings: shopSettingsCache(),
      referenceData: referenceDataCache(),
      publishedPolicies: new Map(),
      carrierMapping: carrierMappingCache(),
      anyRoutingRule: anyRoutingRuleCache(),
      inspectionRules: inspectionRulesCache(),
      warehouses: warehousesCache(),
      erasedCustomers: erasedCustomersCache(),
      automationRules: automationRulesCache(),
      webhookEndpoints: webhookEndpointsCache(),
      staffSessions: staffSessionsCache(),
      riskSetup: riskSetupCache(),
      riskBaseline: riskBaselineCache(),
      connectedPlatforms: connectedPlatformsCache(),
    };
    cachesByDb.set(db, caches);
  }
  return caches;
}

/** The context every command of this process runs with: the database, the clock and the services
 * as the configuration says, each replaceable (tests put fakes in through `overrides`).
 * `shopperSecret` signs shopper tokens and status links. */
export function assembleAppContext(
  config: RetourConfig,
  db: RetourDb,
  shopperSecret: string,
  overrides: Partial<AppContext> = {},
): AppContext {
  // What this process's outgoing calls may reach (see egress.ts: the allowance is the process's).
  allowPrivateUrls(config.allowPrivateUrls);
  const shopperTokens = overrides.shopperTokens ?? new ShopperTokens(shopperSecret, config.shopperTokenTtlMinutes);
  const mail: Mailer = overrides.mail ?? {
    transport: config.smtpUrl ? smtpTransport(config.smtpUrl, { connections: config.smtpConnections }) : mailboxTransport,
    from: config.mailFrom ?? null,
    portalUrl: publicBaseUrl(config),
    statusToken: (claims) => shopperTokens.statusLink(claims),
  };
  // Provider and carrier keys are sealed with RETOUR_ENCRYPTION_KEY (or the data directory's key file).
  // With the key file, its changes are looked for before each seal (see CredentialBox).
  const box = new CredentialBox(
    () => credentialSecret(config.encryptionKey, config.dataDir),
    config.encryptionKey ? undefined : () => keyFileStamp(config.dataDir),
  );
  const carriers = overrides.carriers ?? new StoredCarrierGateway(db, box, createCarrierAdapter);
  const now = overrides.now ?? (() => new Date());
  const caches = overrides.caches ?? cachesOf(db);
  const shops = overrides.shops ?? new StoredShopGateway(db, box, createShopAdapter);
  return {
    db,
    now,
    // Orders paid on Shopify or WooCommerce refund through their connection.
    payments: overrides.payments ?? new StoredProviderGateway(db, box, createPaymentProvider, shops, () => now()),
    carriers,
    shops,
    shipping: overrides.shipping ?? new CarrierShippingOffers(db, carriers, () => now(), caches),
    jobs: createJobEnqueuer(),
    photos: new DiskPhotoStore(join(config.dataDir, 'photos')),
    productImages: new DiskPhotoStore(join(config.dataDir, 'product-images')),
    caches,
    subscribers: appSubscribers,
    credentialBox: box,
    ...overrides,
    shopperTokens,
    mail,
  };
}

/** The secret that signs shopper tokens: from RETOUR_SECRET, else one made once per installation. */
export async function shopperSecret(config: RetourConfig, db: RetourDb): Promise<string> {
  return config.secret ?? getOrCreateSecret(db, 'shopper_token');
}

/** The context of a Retour process (`retour serve`, `retour worker`, the CLI commands), built once
 * at its start. */
export async function createAppContext(
  config: RetourConfig,
  db: RetourDb,
  overrides: Partial<AppContext> = {},
): Promise<AppContext> {
  return assembleAppContext(config, db, await shopperSecret(config, db), overrides);
}
