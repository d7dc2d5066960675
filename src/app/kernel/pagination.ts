import { RetourError } from '../../domain/errors.js';

/** Cursors are opaque to clients: the last id of a page, encoded. Ids sort by creation time. */
export function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[a-z]+_[0-9a-z]{26}$/.test(id)) {
    throw new RetourError('invalid', 'INVALID_CURSOR', 'The cursor is not valid', [
      { path: 'query.cursor', message: 'not a cursor from this API' },
    ]);
  }
  return id;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Turns `limit + 1` fetched rows into a page and the cursor of the next one. */
export function toPage<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}

/** A cursor for a page sorted by another column than the id: the last row's value and id. */
export function encodeKeysetCursor(value: string | number | null, id: string): string {
  return Buffer.from(JSON.stringify([value, id]), 'utf8').toString('base64url');
}

export function decodeKeysetCursor(cursor: string): [string | number, string] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      (typeof parsed[0] === 'string' || typeof parsed[0] === 'number') &&
      typeof parsed[1] === 'string' &&
      /^[a-z]+_[0-9a-z]{26}$/.test(parsed[1])
    ) {
      return [parsed[0], parsed[1]];
    }
  } catch {
    // fall through to the problem below
  }
  throw new RetourError('invalid', 'INVALID_CURSOR', 'The cursor is not valid', [
    { path: 'query.cursor', message: 'not a cursor from this API for this sort' },
  ]);
}
