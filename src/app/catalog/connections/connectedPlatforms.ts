import type { RetourDb } from '../../../db/connection.js';
import type { ShopPlatform } from '../../../domain/shopPlatforms.js';
import type { AppCaches } from '../../kernel/context.js';
import { TimedValue } from '../../kernel/timedValue.js';

/** How long the shop's connected platforms are believed before they are read again. */
const LIFETIME_MS = 5_000;

/** One kind of connection the shop has: its platform, and whether it is switched on. */
export interface ConnectedPlatform {
  platform: ShopPlatform;
  enabled: boolean;
}

declare module '../../kernel/context.js' {
  interface AppCaches {
    /** The platforms of the shop's connections, each with enabled or not: the relay asks, for every
     * batch of return and stock events, whether a platform would want to hear of them, and most
     * shops have no such connection at all. */
    connectedPlatforms: TimedValue<readonly ConnectedPlatform[]>;
  }
}

export const connectedPlatformsCache = () => new TimedValue<readonly ConnectedPlatform[]>(LIFETIME_MS);

/**
 * Whether the shop has a connection of one of `platforms` (switched on, when `enabledOnly`), read
 * through `reader` (the relay's transaction: on PGlite it holds the only connection). A connection
 * saved or deleted in this process is seen at once (the commands call forgetConnectedPlatforms
 * after their commit). One added or switched on in process A while process B relays may be missed
 * by B for the milliseconds until it hears A's word and drops its copy; B then passes over those
 * events as if they had come just before the change. For a new connection nothing is even passed
 * over: its orders and products come in by its sync, after it exists, and a return or a restock of
 * them comes after that. For a connection switched on, the events of those milliseconds are
 * treated as the ones a moment before it, which it was off for. A stale copy the other way (a
 * connection removed or switched off) only costs the full read, which finds nothing.
 */
export async function anyConnectionOf(
  caches: AppCaches,
  reader: RetourDb,
  platforms: readonly ShopPlatform[],
  { enabledOnly }: { enabledOnly: boolean },
): Promise<boolean> {
  const connected = await caches.connectedPlatforms.get(() =>
    reader.selectFrom('shop_connections').select(['platform', 'enabled']).distinct().execute(),
  );
  return connected.some((c) => platforms.includes(c.platform) && (c.enabled || !enabledOnly));
}

/** Drops the kept platforms after a connection was made, changed or deleted. */
export function forgetConnectedPlatforms(caches: AppCaches): Promise<void> {
  return caches.connectedPlatforms.forget();
}
