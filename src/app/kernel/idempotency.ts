import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { RetourDb } from '../../db/connection.js';
import { RetourError } from '../../domain/errors.js';
import type { IdempotencyClaim } from './context.js';
import type { Tx } from './unit.js';

/** The longest a claimed key blocks a duplicate, even while its process lives (a request that
 * hangs). A claim whose process died is free sooner: when that process's lease runs out. */
const LOCK_SECONDS = 60;

/** A claim names its token: only the request holding it may store a response or let it go. */
export type ClaimOutcome = { kind: 'claimed'; token: string } | { kind: 'replay'; status: number; body: unknown };

/** What makes two requests "the same" for an Idempotency-Key: method, path and the body's bytes as
 * sent. Hashing the raw bytes (not a re-serialised parse) costs one pass whatever the body holds,
 * so no shape of body can make it recurse. */
export function requestFingerprint(method: string, path: string, rawBody: string | Buffer): string {
  return createHash('sha256').update(`${method} ${path}\n`).update(rawBody).digest('hex');
}

/** Claims an Idempotency-Key for one principal, for the process holding `ownerLease` (see
 * ProcessLease). A finished key replays its stored response; the same key with another request is
 * refused; a key still in flight answers 409. */
export async function claimIdempotencyKey(
  db: RetourDb,
  principal: string,
  key: string,
  fingerprint: string,
  now: Date,
  ownerLease: string | null = null,
): Promise<ClaimOutcome> {
  const lockedUntil = new Date(now.getTime() + LOCK_SECONDS * 1000);
  const token = randomBytes(12).toString('base64url');
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({
      principal,
      key,
      request_hash: fingerprint,
      status: 'in_progress',
      locked_until: lockedUntil,
      created_at: now,
      owner_lease: ownerLease,
      claim_token: token,
    })
    .onConflict((oc) =>
      // An attempt that crashed left its claim unfinished: take it over once its process's lease
      // ran out (the process is gone), or at the latest once its lock did.
      oc
        .columns(['principal', 'key'])
        .doUpdateSet({ locked_until: lockedUntil, owner_lease: ownerLease, claim_token: token })
        .where('idempotency_keys.status', '=', 'in_progress')
        .where('idempotency_keys.request_hash', '=', fingerprint)
        .where((eb) =>
          eb.or([
            eb('idempotency_keys.locked_until', '<', now),
            eb.and([
              eb('idempotency_keys.owner_lease', 'is not', null),
              eb.not(
                eb.exists(
                  eb
                    .selectFrom('process_leases')
                    .select('process_leases.id')
                    .whereRef('process_leases.id', '=', 'idempotency_keys.owner_lease')
                    .where('process_leases.expires_at', '>', sql<Date>`now()`),
                ),
              ),
            ]),
          ]),
        ),
    )
    .returning('key')
    .executeTakeFirst();
  if (inserted) return { kind: 'claimed', token };

  const existing = await db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('principal', '=', principal)
    .where('key', '=', key)
    .executeTakeFirst();
  if (!existing) return claimIdempotencyKey(db, principal, key, fingerprint, now, ownerLease);
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

/** Stores the response inside the command's transaction, so effect and record commit together.
 * Only the request still holding the claim may: if another took it over (this one's process was
 * judged gone), the transaction rolls back instead of committing a second effect. */
export async function completeIdempotency(tx: Tx, claim: IdempotencyClaim, result: unknown): Promise<void> {
  const response = claim.respond(result);
  const updated = await tx
    .updateTable('idempotency_keys')
    .set({ status: 'done', response_status: response.status, response_body: JSON.stringify(response.body ?? null) })
    .where('principal', '=', claim.principal)
    .where('key', '=', claim.key)
    .where('claim_token', '=', claim.token)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) throw claimLost();
  markStored(claim);
}

function claimLost() {
  return new RetourError('conflict', 'IDEMPOTENCY_IN_PROGRESS', 'Another request with this Idempotency-Key took it over', [
    { path: 'headers.idempotency-key', message: 'in progress' },
  ]);
}

/** The claim a request holds on its key. */
export interface HeldClaim {
  principal: string;
  key: string;
  token: string;
}

/** Stores a response outside a transaction, for requests that ran no command unit. */
export async function storeIdempotentResponse(db: RetourDb, claim: HeldClaim, status: number, body: unknown) {
  await db
    .updateTable('idempotency_keys')
    .set({ status: 'done', response_status: status, response_body: JSON.stringify(body ?? null) })
    .where('principal', '=', claim.principal)
    .where('key', '=', claim.key)
    .where('claim_token', '=', claim.token)
    .where('status', '=', 'in_progress')
    .execute();
}

/** Frees a claim whose request failed, so the same key may be tried again (unless another request
 * holds it by now). */
export async function releaseIdempotencyKey(db: RetourDb, claim: HeldClaim): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('principal', '=', claim.principal)
    .where('key', '=', claim.key)
    .where('claim_token', '=', claim.token)
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
