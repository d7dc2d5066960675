import type { ShopListQuery, ShopOrder, ShopPage, ShopPlatformAdapter } from '../../../src/app/catalog/connections/port.js';
import { ShopError } from '../../../src/app/catalog/connections/port.js';
import type { SyncConnection } from '../../../src/app/catalog/sync/syncConnection.js';
import type { AppContext } from '../../../src/app/kernel/context.js';

/** A listing asked of a `HeldPlatform`: the test says how it is answered, and when. */
export interface HeldRequest {
  /** The page asked for (0 is the first). */
  page: number;
  /** How it was answered, once it was: the page, or the platform's 503. */
  answered: 'page' | '503' | null;
  answer(): void;
  fail503(): void;
}

/**
 * A platform in memory whose listing answers only when the test releases it, so a test decides
 * what a sync's pages meet and in which order: a page still being written while the next one is
 * asked, a 503 at a chosen moment. The cursor is the next page's number.
 */
export class HeldPlatform {
  readonly requests: HeldRequest[] = [];
  #handed = 0;
  #waiting: ((request: HeldRequest) => void) | null = null;
  #answerAll = false;

  constructor(private readonly pages: ShopOrder[][]) {}

  /** The next listing asked that the test was not handed yet. */
  next(): Promise<HeldRequest> {
    const request = this.requests[this.#handed];
    if (request) {
      this.#handed++;
      return Promise.resolve(request);
    }
    return new Promise((resolve) => {
      this.#waiting = (r) => {
        this.#handed++;
        resolve(r);
      };
    });
  }

  /** From now on every listing is answered with its page as soon as it is asked. */
  answerAll(): void {
    this.#answerAll = true;
    for (const r of this.requests.slice(this.#handed)) r.answer();
    this.#handed = this.requests.length;
  }

  /** `ctx` with this platform as the connection's. */
  context(ctx: AppContext, shop: SyncConnection): AppContext {
    const adapter = { platform: shop.platform, listOrders: (q: ShopListQuery) => this.#list(q) };
    const shops = {
      ...ctx.shops,
      connection: async (id: string) => ({
        id,
        platform: shop.platform,
        channelId: shop.channelId,
        adapter: adapter as unknown as ShopPlatformAdapter,
      }),
    };
    return { ...ctx, shops };
  }

  #list(query: ShopListQuery): Promise<ShopPage<ShopOrder>> {
    const page = query.cursor === null ? 0 : Number(query.cursor);
    return new Promise((resolve, reject) => {
      const request: HeldRequest = {
        page,
        answered: null,
        answer: () => {
          request.answered = 'page';
          const last = page + 1 >= this.pages.length;
          const total = this.pages.reduce((n, p) => n + p.length, 0);
          resolve({ items: this.pages[page] ?? [], next: last ? null : String(page + 1), total });
        },
        fail503: () => {
          request.answered = '503';
          reject(new ShopError('transient', 'SHOP_UNAVAILABLE', 'The shop answered 503', { status: 503 }));
        },
      };
      this.requests.push(request);
      if (this.#answerAll) {
        this.#handed++;
        request.answer();
      } else if (this.#waiting) {
        const hand = this.#waiting;
        this.#waiting = null;
        hand(request);
      }
    });
  }
}

/** A copy of `order` that tells when a sync first reads its shopper: its page is being written. */
export function watchedOrder(order: ShopOrder): { order: ShopOrder; read: Promise<void> } {
  let told: () => void = () => {};
  const read = new Promise<void>((resolve) => {
    told = resolve;
  });
  const { customer, ...rest } = order;
  const watched = { ...rest } as ShopOrder;
  Object.defineProperty(watched, 'customer', {
    enumerable: true,
    get() {
      told();
      return customer;
    },
  });
  return { order: watched, read };
}

/** `orders` in pages of `size`. */
export function pagesOf(orders: ShopOrder[], size: number): ShopOrder[][] {
  return Array.from({ length: Math.ceil(orders.length / size) }, (_, i) => orders.slice(i * size, i * size + size));
}
