import { notFound, RetourError } from '../../domain/errors.js';
import { invalidateReferenceData } from '../admin/referenceData.js';
import { forgetShopSettings } from '../admin/shopSettings.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { inUnit } from '../kernel/transaction.js';

export interface StopPolicyExperimentInput {
  experimentId: string;
  /** Make the variant the active policy for everyone. */
  promote?: boolean;
  reason?: string | null;
}

/** Ends an experiment; returns keep the arm and version that judged them. */
export async function stopPolicyExperiment(ctx: AppContext, meta: CommandMeta, input: StopPolicyExperimentInput) {
  const result = await inUnit(ctx, meta, async ({ tx, now, record }) => {
    const row = await tx
      .selectFrom('policy_experiments')
      .select(['id', 'status', 'variant_version_id', 'control_version_id'])
      .where('id', '=', input.experimentId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('Experiment', input.experimentId);
    if (row.status !== 'running')
      throw new RetourError('conflict', 'EXPERIMENT_NOT_RUNNING', `Experiment ${row.id} has already stopped`);
    await tx
      .updateTable('policy_experiments')
      .set({ status: 'stopped', stopped_at: now, stopped_by: meta.actor.id })
      .where('id', '=', row.id)
      .execute();
    const subject = { subjectType: 'policy_experiment', subjectId: row.id };
    record({
      ...subject,
      type: 'policy.experiment_stopped',
      reason: input.reason ?? null,
      data: { promoted: Boolean(input.promote) },
    });
    if (input.promote) {
      await tx
        .updateTable('shop_settings')
        .set({ active_policy_version_id: row.variant_version_id, updated_at: now })
        .where('id', '=', 'default')
        .execute();
      record({
        subjectType: 'policy_version',
        subjectId: row.variant_version_id,
        type: 'policy.activated',
        data: { previous: row.control_version_id, fromExperiment: row.id },
      });
    }
    return {
      id: row.id,
      status: 'stopped' as const,
      activeVersionId: input.promote ? row.variant_version_id : row.control_version_id,
    };
  });
  // After commit: a copy dropped earlier could be refilled from the old state. The kept shop
  // settings hold the active version too.
  await Promise.all([invalidateReferenceData(ctx.caches), forgetShopSettings(ctx.caches)]);
  return result;
}
