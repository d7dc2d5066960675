import type { AppContext } from '../app/kernel/context.js';
import { getOrCreateSecret } from '../app/kernel/secrets.js';
import { CredentialBox, credentialSecret } from '../app/money/payments/credentialBox.js';
import { StoredProviderGateway } from '../app/money/payments/gateway.js';
import type { RetourConfig } from '../config/env.js';
import { type DbHandle, openDb } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { createPaymentProvider } from '../integrations/payments/index.js';

export interface Runtime {
  handle: DbHandle;
  ctx: AppContext;
  migrationsApplied: string[];
}

/** Opens the configured database (PostgreSQL or embedded PGlite) and applies pending migrations.
 * `command` names this process to another one the embedded database's directory refuses. */
export async function boot(config: RetourConfig, command = 'retour'): Promise<Runtime> {
  const handle = await openDb({
    command,
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
    prepareStatements: config.dbPreparedStatements,
  });
  try {
    const migrationsApplied = await migrateToLatest(handle.db);
    return { handle, ctx: { db: handle.db, now: () => new Date() }, migrationsApplied };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/** The secret that signs shopper tokens: from RETOUR_SECRET, else one made once per installation. */
export async function shopperSecret(config: RetourConfig, ctx: AppContext): Promise<string> {
  return config.secret ?? getOrCreateSecret(ctx.db, 'shopper_token');
}

/** Refunds and payment links through the providers configured in the back office; their keys are
 * sealed with RETOUR_ENCRYPTION_KEY (or the data directory's key file). */
export function providerGateway(config: RetourConfig, ctx: AppContext): StoredProviderGateway {
  return new StoredProviderGateway(
    ctx.db,
    new CredentialBox(credentialSecret(config.encryptionKey, config.dataDir)),
    createPaymentProvider,
  );
}
