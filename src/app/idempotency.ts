import { createHash } from 'node:crypto';
import type { RetourDb } from '../db/connection.js';
import { RetourError } from '../domain/errors.js';
import type { IdempotencyClaim } from './context.js';
import type { Tx } from './transaction.js';

/** How long a claimed key blocks a concurrent duplicate before a crashed attempt may retry. */
const LOCK_SECONDS = 60;

export type ClaimOutcome = { kind: 'claimed' } | { kind: 'replay'; status: number; body: unknown };

/** What makes two requests "the same" for an Idempotency-Key: method, path and the body's bytes as
 * sent. Hashing the raw bytes (not a re-serialised parse) costs one pass whatever the body holds,
 * so no shape of body can make it recurse. */
export function requestFingerprint(method: string, path: string, rawBody: string | Buffer): string {
  return createHash('sha256').update(`${method} ${path}\n`).update(rawBody).digest('hex');
}

/** Claims an Idempotency-Key for one principal. A finished key replays its stored response; the
 * same key with another request is refused; a key still in flight answers 409. */
export async function claimIdempotencyKey(
  db: RetourDb,
  principal: string,
  key: string,
  fingerprint: string,
  now: Date,
): Promise<ClaimOutcome> {
  const lockedUntil = new Date(now.getTime() + LOCK_SECONDS * 1000);
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({
      principal,
      key,
      request_hash: fingerprint,
      status: 'in_progress',
      locked_until: lockedUntil,
      created_at: now,
    })
    .onConflict((oc) =>
      // A crashed attempt left its claim unfinished: take it over once the lock ran out.
      oc
        .columns(['principal', 'key'])
        .doUpdateSet({ locked_until: lockedUntil })
        .where('idempotency_keys.status', '=', 'in_progress')
        .where('idempotency_keys.locked_until', '<', now)
        .where('idempotency_keys.request_hash', '=', fingerprint),
    )
    .returning('key')
    .executeTakeFirst();
  if (inserted) return { kind: 'claimed' };

  const existing = await db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('principal', '=', principal)
    .where('key', '=', key)
    .executeTakeFirst();
  if (!existing) return claimIdempotencyKey(db, principal, key, fingerprint, now);
  if (existing.request_hash !== fingerprint) {
    throw new RetourError('invalid', 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request', [
      { path: 'headers.idempotency-key', message: 'already used with another request' },
    ]);
  }
  if (existing.status === 'done' && existing.response_status !== null) {
    return { kind: 'replay', status: existing.response_status, body: existing.response_body };
  }
  throw new RetourError('conflict', 'IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed', [
    { path: 'headers.idempotency-key', message: 'in progress' },
  ]);
}

/** Stores the response inside the command's transaction, so effect and record commit together. */
export async function completeIdempotency(tx: Tx, claim: IdempotencyClaim, result: unknown): Promise<void> {
  const response = claim.respond(result);
  await tx
    .updateTable('idempotency_keys')
    .set({ status: 'done', response_status: response.status, response_body: JSON.stringify(response.body ?? null) })
    .where('principal', '=', claim.principal)
    .where('key', '=', claim.key)
    .execute();
  markStored(claim);
}

/** Stores a response outside a transaction, for requests that ran no command unit. */
export async function storeIdempotentResponse(db: RetourDb, principal: string, key: string, status: number, body: unknown) {
  await db
    .updateTable('idempotency_keys')
    .set({ status: 'done', response_status: status, response_body: JSON.stringify(body ?? null) })
    .where('principal', '=', principal)
    .where('key', '=', key)
    .where('status', '=', 'in_progress')
    .execute();
}

/** Frees a claim whose request failed, so the same key may be tried again. */
export async function releaseIdempotencyKey(db: RetourDb, principal: string, key: string): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('principal', '=', principal)
    .where('key', '=', key)
    .where('status', '=', 'in_progress')
    .execute();
}

/** Drops finished keys older than the retention; run from time to time. */
export async function pruneIdempotencyKeys(db: RetourDb, olderThan: Date): Promise<number> {
  const res = await db.deleteFrom('idempotency_keys').where('created_at', '<', olderThan).executeTakeFirst();
  return Number(res.numDeletedRows);
}

const stored = new WeakSet<IdempotencyClaim>();
function markStored(claim: IdempotencyClaim) {
  stored.add(claim);
}
export function wasStored(claim: IdempotencyClaim): boolean {
  return stored.has(claim);
}
