import { notFound, RetourError } from '../../domain/errors.js';
import { parsePolicyDocument } from '../../domain/policy/document.js';
import { invalidateReferenceData } from '../admin/referenceData.js';
import { forgetShopSettings } from '../admin/shopSettings.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { inUnit } from '../kernel/transaction.js';

export interface PublishPolicyVersionInput {
  versionId: string;
  /** Make it the policy that judges new returns (default). Activating an older published
   * version rolls the policy back. */
  activate?: boolean;
}

/** Freezes a draft into a published version and, by default, puts it in force. */
export async function publishPolicyVersion(ctx: AppContext, meta: CommandMeta, input: PublishPolicyVersionInput) {
  const result = await inUnit(ctx, meta, async ({ tx, now, record }) => {
    const row = await tx
      .selectFrom('policy_versions')
      .select(['id', 'status', 'number', 'document'])
      .where('id', '=', input.versionId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('Policy version', input.versionId);
    const activate = input.activate ?? true;
    if (activate) {
      const running = await tx.selectFrom('policy_experiments').select('id').where('status', '=', 'running').executeTakeFirst();
      if (running) {
        throw new RetourError(
          'conflict',
          'EXPERIMENT_RUNNING',
          `Experiment ${running.id} is running; stop it before changing the active policy`,
        );
      }
    }
    // A draft saved before a schema change must still parse before it can judge returns.
    parsePolicyDocument(row.document);
    const subject = { subjectType: 'policy_version', subjectId: row.id };
    if (row.status === 'draft') {
      await tx
        .updateTable('policy_versions')
        .set({ status: 'published', published_at: now, published_by: meta.actor.id, updated_at: now })
        .where('id', '=', row.id)
        .execute();
      record({ ...subject, type: 'policy.published', data: { number: row.number } });
    } else if (!activate) {
      throw new RetourError('conflict', 'POLICY_VERSION_PUBLISHED', `Version ${row.number} is already published`);
    }
    if (activate) {
      const settings = await tx
        .selectFrom('shop_settings')
        .select('active_policy_version_id')
        .where('id', '=', 'default')
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (settings.active_policy_version_id !== row.id) {
        await tx
          .updateTable('shop_settings')
          .set({ active_policy_version_id: row.id, updated_at: now })
          .where('id', '=', 'default')
          .execute();
        record({
          ...subject,
          type: 'policy.activated',
          data: { number: row.number, previous: settings.active_policy_version_id },
        });
      }
    }
    return { id: row.id, number: row.number, status: 'published' as const, active: activate };
  });
  // After commit: a copy dropped earlier could be refilled from the old state. The kept shop
  // settings hold the active version too.
  await Promise.all([invalidateReferenceData(ctx.caches), forgetShopSettings(ctx.caches)]);
  return result;
}
