import { ShopError } from '../../../app/catalog/connections/port.js';
import { egressDispatcher } from '../../../app/kernel/egressDispatcher.js';
import type { Gql } from './orderMapper.js';

/** How long reading one page of a bulk result may take. */
const READ_TIMEOUT_MS = 60_000;

/** Which collection of its parent a bulk row belongs to, by its `__typename`. */
const COLLECTIONS: Record<string, string> = {
  LineItem: 'lineItems',
  ShippingLine: 'shippingLines',
  FulfillmentLineItem: 'fulfillmentLineItems',
  FulfillmentEvent: 'events',
};

export interface BulkPage {
  roots: Gql[];
  /** Byte offset of the first row after this page, or null at the end of the file. */
  nextByte: number | null;
}

/**
 * One page of a bulk operation's JSONL result: `pageSize` root objects with their nested rows
 * put back under them, starting at byte `startByte` (asked for with a Range header; a host that
 * sends the whole file has the bytes before it skipped) and after skipping `skipRoots` roots (a
 * resumed backfill whose file is new). Only the page is kept in memory, whatever the file's size.
 * The link is signed and carries no key, so it is fetched without credentials.
 */
export async function readBulkPage(url: string, startByte: number, skipRoots: number, pageSize: number): Promise<BulkPage> {
  let res: Response;
  try {
    res = await fetch(url, {
      headers: startByte > 0 ? { range: `bytes=${startByte}-` } : {},
      signal: AbortSignal.timeout(READ_TIMEOUT_MS),
      dispatcher: egressDispatcher,
    } as RequestInit);
  } catch {
    throw new ShopError('transient', 'SHOP_UNREACHABLE', 'The bulk result of Shopify could not be read');
  }
  if (res.status === 416) return { roots: [], nextByte: null };
  if (!res.ok || !res.body) {
    await res.body?.cancel();
    throw new ShopError('transient', 'SHOP_BULK_FILE', `The bulk result of Shopify answered ${res.status}`, {
      status: res.status,
    });
  }
  const page = new PageBuilder(pageSize, skipRoots);
  let offset = res.status === 206 ? startByte : 0;
  let toSkip = res.status === 206 ? 0 : startByte;
  let pending = Buffer.alloc(0);
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      let chunk = Buffer.from(value);
      if (toSkip > 0) {
        const skipped = Math.min(toSkip, chunk.length);
        toSkip -= skipped;
        offset += skipped;
        chunk = chunk.subarray(skipped);
      }
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      let newline = pending.indexOf(0x0a);
      while (newline >= 0) {
        const line = pending.subarray(0, newline);
        if (!page.add(line)) {
          await reader.cancel();
          return { roots: page.roots, nextByte: offset };
        }
        offset += newline + 1;
        pending = pending.subarray(newline + 1);
        newline = pending.indexOf(0x0a);
      }
    }
  } catch (err) {
    if (err instanceof ShopError) throw err;
    throw new ShopError('transient', 'SHOP_UNREACHABLE', 'The bulk result of Shopify broke off');
  }
  if (pending.length && !page.add(pending)) return { roots: page.roots, nextByte: offset };
  return { roots: page.roots, nextByte: null };
}

class PageBuilder {
  readonly roots: Gql[] = [];
  private readonly byId = new Map<string, Gql>();
  private skipping = false;

  constructor(
    private readonly pageSize: number,
    private skipRoots: number,
  ) {}

  /** Takes one row; false when it starts the root after a full page (the caller stops before it). */
  add(line: Buffer): boolean {
    const text = line.toString('utf8').trim();
    if (!text) return true;
    let row: Gql;
    try {
      row = JSON.parse(text) as Gql;
    } catch {
      throw new ShopError('transient', 'SHOP_BAD_ANSWER', 'The bulk result of Shopify holds a line that is not JSON');
    }
    const parentId = row.__parentId as string | undefined;
    if (!parentId) return this.addRoot(row);
    if (this.skipping) return true;
    const parent = this.byId.get(parentId);
    if (!parent) return true;
    const key = COLLECTIONS[String(row.__typename)] ?? 'children';
    const list = Array.isArray(parent[key]) ? (parent[key] as Gql[]) : [];
    list.push(row);
    parent[key] = list;
    if (typeof row.id === 'string') this.byId.set(row.id, row);
    return true;
  }

  private addRoot(row: Gql): boolean {
    if (this.skipRoots > 0) {
      this.skipRoots--;
      this.skipping = true;
      return true;
    }
    this.skipping = false;
    if (this.roots.length >= this.pageSize) return false;
    this.roots.push(row);
    this.byId.set(String(row.id), row);
    for (const fulfillment of (row.fulfillments as Gql[] | null) ?? []) {
      if (typeof fulfillment.id === 'string') this.byId.set(fulfillment.id, fulfillment);
    }
    return true;
  }
}
