import { flagReasonOf } from '../../../domain/parcelClaims.js';
import { SHOP_PLATFORM_NAMES, type ShopPlatform } from '../../../domain/shopPlatforms.js';
import type { TrackingState } from '../../../domain/tracking.js';
import type { AppContext } from '../../kernel/context.js';
import type { Tx } from '../../kernel/transaction.js';
import { notifyStaff } from './notifyStaff.js';

/** The events staff are told of as the outbox relays them: a return waiting for review, a refund
 * the provider refused, an endpoint switched off, a label no carrier would make, a parcel in
 * trouble on the way (and later trouble of another kind), a shop connection that could not sync. Written in the relay's transaction. */
export async function notifyStaffOfEvents(
  ctx: AppContext,
  tx: Tx,
  rows: readonly { event_id: string; topic: string; payload: unknown }[],
  now: Date,
) {
  const review = rows.filter((r) => r.topic === 'return.review_requested');
  const refused = rows.filter((r) => r.topic === 'return.settlement_failed');
  const disabled = rows.filter((r) => r.topic === 'webhook.endpoint_disabled');
  // A parcel is told of once, when flagged (lost?/damaged), not at every trouble scan the carrier sends.
  const logistics = rows.filter((r) => r.topic === 'shipment.failed' || r.topic === 'parcel.flagged');
  const syncs = rows.filter((r) => r.topic === 'connection.sync_failed');
  const trouble = rows.filter((r) => r.topic === 'parcel.trouble');
  if (review.length + refused.length + disabled.length + logistics.length + syncs.length + trouble.length === 0) return;
  const returnIds = [...review, ...refused, ...logistics, ...trouble]
    .map((r) => (r.payload as { returnId?: string }).returnId ?? '')
    .filter(Boolean);
  const numbers = returnIds.length
    ? new Map(
        (await tx.selectFrom('returns').select(['id', 'number']).where('id', 'in', returnIds).execute()).map((r) => [
          r.id,
          r.number,
        ]),
      )
    : new Map<string, string>();
  await notifyStaff(
    ctx,
    tx,
    [
      ...review.flatMap((r) => {
        const returnId = (r.payload as { returnId?: string }).returnId;
        return returnId
          ? [
              {
                kind: 'review_needed' as const,
                dedupeKey: r.event_id,
                returnId,
                subjectType: 'return',
                subjectId: returnId,
                facts: { number: numbers.get(returnId) ?? returnId },
              },
            ]
          : [];
      }),
      ...refused.flatMap((r) => {
        const p = r.payload as { returnId?: string; reason?: string | null; data?: { message?: string } };
        return p.returnId
          ? [
              {
                kind: 'refund_failed' as const,
                dedupeKey: r.event_id,
                returnId: p.returnId,
                subjectType: 'return',
                subjectId: p.returnId,
                facts: { number: numbers.get(p.returnId) ?? p.returnId, error: p.data?.message ?? p.reason ?? null },
              },
            ]
          : [];
      }),
      ...logistics.flatMap((r) => logisticsNotification(r, numbers)),
      ...(await laterTrouble(tx, trouble, numbers)),
      ...disabled.map((r) => {
        const p = r.payload as { subject?: { id?: string }; reason?: string | null; data?: { url?: string } };
        return {
          kind: 'endpoint_disabled' as const,
          dedupeKey: r.event_id,
          subjectType: 'webhook_endpoint',
          subjectId: p.subject?.id ?? '',
          facts: { url: p.data?.url ?? null, error: p.reason ?? null },
        };
      }),
      ...(await syncFailures(tx, syncs)),
    ],
    now,
  );
}

/** A label no carrier would make, or a parcel in trouble on the way, told to staff on its return. */
function logisticsNotification(r: { event_id: string; topic: string; payload: unknown }, numbers: Map<string, string>) {
  const p = r.payload as { returnId?: string; subject?: { type?: string; id?: string }; data?: Record<string, unknown> };
  if (!p.returnId) return [];
  return [
    {
      kind: r.topic === 'shipment.failed' ? ('label_failed' as const) : parcelKind(p.data),
      // A parcel's trouble is told once per reason (see laterTrouble), so the flag takes that key.
      dedupeKey: r.topic === 'parcel.flagged' && p.subject?.id ? troubleKey(p.subject.id, String(p.data?.reason)) : r.event_id,
      returnId: p.returnId,
      subjectType: p.subject?.type ?? 'shipment',
      subjectId: p.subject?.id ?? p.returnId,
      facts: { number: numbers.get(p.returnId) ?? p.returnId, ...(p.data ?? {}) },
    },
  ];
}

const troubleKey = (parcelId: string, reason: string) => `parcel:${parcelId}:${reason}`;

/**
 * Trouble on a parcel already flagged for another reason (sent back to the shopper after it was
 * flagged as stalled, say) is news staff must hear: told once per reason, by its key. Trouble of
 * the reason it was flagged for is what staff were told already.
 */
async function laterTrouble(tx: Tx, rows: readonly { event_id: string; payload: unknown }[], numbers: Map<string, string>) {
  const troubles = rows.flatMap((r) => {
    const p = r.payload as { returnId?: string; subject?: { id?: string }; data?: Record<string, unknown> };
    const reason = flagReasonOf((p.data?.state ?? null) as TrackingState | null);
    return p.returnId && p.subject?.id && reason ? [{ returnId: p.returnId, parcelId: p.subject.id, reason, data: p.data }] : [];
  });
  if (troubles.length === 0) return [];
  const ids = [...new Set(troubles.map((t) => t.parcelId))];
  const flags = new Map(
    (await tx.selectFrom('shipment_parcels').select(['id', 'flag_reason']).where('id', 'in', ids).execute()).map((p) => [
      p.id,
      p.flag_reason,
    ]),
  );
  return troubles.flatMap((t) => {
    const flaggedFor = flags.get(t.parcelId);
    if (!flaggedFor || flaggedFor === t.reason) return [];
    return [
      {
        kind: 'parcel_trouble' as const,
        dedupeKey: troubleKey(t.parcelId, t.reason),
        returnId: t.returnId,
        subjectType: 'parcel',
        subjectId: t.parcelId,
        facts: { number: numbers.get(t.returnId) ?? t.returnId, ...(t.data ?? {}), reason: t.reason, flaggedFor },
      },
    ];
  });
}

const parcelKind = (data: Record<string, unknown> | undefined) =>
  data?.reason === 'stalled' ? ('parcel_stalled' as const) : ('parcel_trouble' as const);

/** A shop connection's sync that stopped on an error, told once per failure (its event) to those
 * who manage connections, with the platform's message. */
async function syncFailures(tx: Tx, rows: readonly { event_id: string; payload: unknown }[]) {
  if (rows.length === 0) return [];
  const payloads = rows.map((r) => ({
    eventId: r.event_id,
    p: r.payload as { subject?: { id?: string }; reason?: string | null; data?: Record<string, unknown> },
  }));
  const ids = payloads.map(({ p }) => p.subject?.id ?? '').filter(Boolean);
  const connections = new Map(
    ids.length
      ? (await tx.selectFrom('shop_connections').select(['id', 'name', 'platform']).where('id', 'in', ids).execute()).map((c) => [
          c.id,
          c,
        ])
      : [],
  );
  return payloads.flatMap(({ eventId, p }) => {
    const id = p.subject?.id;
    if (!id) return [];
    const known = connections.get(id);
    const platform = known?.platform ?? p.data?.platform;
    const error = p.data?.error ?? p.data?.message ?? p.reason ?? null;
    return [
      {
        kind: 'sync_failed' as const,
        dedupeKey: eventId,
        subjectType: 'shop_connection',
        subjectId: id,
        facts: {
          platform: typeof platform === 'string' ? (SHOP_PLATFORM_NAMES[platform as ShopPlatform] ?? platform) : null,
          connection: known?.name ?? p.data?.name ?? null,
          error: typeof error === 'string' ? error.slice(0, 500) : null,
        },
      },
    ];
  });
}
