import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppContext } from '../../src/app/kernel/context.js';
import { loadConfig, type RetourConfig } from '../../src/config/env.js';
import type { RetourDb } from '../../src/db/connection.js';
import { assembleAppContext } from '../../src/runtime/appContext.js';

/** Signs the shopper tokens of tests (RETOUR_SECRET of the processes tests start may differ). */
export const TEST_SHOPPER_SECRET = 'test-secret-test-secret-test-secret';

/** The configuration of a test's context: provider keys sealed with a fixed key, photos in a
 * directory of this test process, and whatever `env` says on top. */
export function testConfig(env: Record<string, string> = {}): RetourConfig {
  return loadConfig({
    RETOUR_DATA_DIR: join(tmpdir(), `retour-test-${process.pid}`),
    RETOUR_ENCRYPTION_KEY: 'test-encryption-key',
    // The fakes tests talk to listen on 127.0.0.1.
    RETOUR_ALLOW_PRIVATE_URLS: '*',
    ...env,
  });
}

/** A context for commands a test runs on `db` directly, built like a process's; fakes (a clock,
 * a payment gateway, a mailer) go in as `overrides`, configuration as `env`. */
export function testContext(db: RetourDb, overrides: Partial<AppContext> = {}, env: Record<string, string> = {}): AppContext {
  return assembleAppContext(testConfig(env), db, TEST_SHOPPER_SECRET, overrides);
}
