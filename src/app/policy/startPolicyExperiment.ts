import { notFound, RetourError } from '../../domain/errors.js';
import { parsePolicyDocument } from '../../domain/policy/document.js';
import { invalidateReferenceData } from '../admin/referenceData.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import { inUnit } from '../kernel/transaction.js';

export interface StartPolicyExperimentInput {
  name: string;
  variantVersionId: string;
  /** Share of customers judged by the variant, 0.01–99.99 %. */
  variantPercent: number;
}

/** Runs a policy version as a variant beside the active one for a share of customers. A draft is
 * published first: every return must point at a version that cannot change afterwards. */
export async function startPolicyExperiment(ctx: AppContext, meta: CommandMeta, input: StartPolicyExperimentInput) {
  const result = await inUnit(ctx, meta, async ({ tx, now, record }) => {
    const running = await tx.selectFrom('policy_experiments').select('id').where('status', '=', 'running').executeTakeFirst();
    if (running)
      throw new RetourError('conflict', 'EXPERIMENT_RUNNING', `Experiment ${running.id} is already running; stop it first`);
    const settings = await tx
      .selectFrom('shop_settings')
      .select('active_policy_version_id')
      .where('id', '=', 'default')
      .executeTakeFirstOrThrow();
    const variant = await tx
      .selectFrom('policy_versions')
      .select(['id', 'number', 'status', 'document'])
      .where('id', '=', input.variantVersionId)
      .forUpdate()
      .executeTakeFirst();
    if (!variant) throw notFound('Policy version', input.variantVersionId);
    const controlId = settings.active_policy_version_id;
    if (!controlId) throw new RetourError('conflict', 'NO_ACTIVE_POLICY', 'No return policy has been published');
    if (variant.id === controlId) {
      throw new RetourError('invalid', 'VARIANT_IS_ACTIVE', 'The variant must differ from the active policy', [
        { path: 'variantVersionId', message: 'is the active policy' },
      ]);
    }
    if (variant.status === 'draft') {
      parsePolicyDocument(variant.document);
      await tx
        .updateTable('policy_versions')
        .set({ status: 'published', published_at: now, published_by: meta.actor.id, updated_at: now })
        .where('id', '=', variant.id)
        .execute();
      record({
        type: 'policy.published',
        subjectType: 'policy_version',
        subjectId: variant.id,
        data: { number: variant.number, forExperiment: true },
      });
    }
    const id = newId('exp', now.getTime());
    const shareBp = Math.round(input.variantPercent * 100);
    await tx
      .insertInto('policy_experiments')
      .values({
        id,
        name: input.name,
        control_version_id: controlId,
        variant_version_id: variant.id,
        variant_share_bp: shareBp,
        status: 'running',
        started_by: meta.actor.id,
        started_at: now,
      })
      .execute();
    record({
      type: 'policy.experiment_started',
      subjectType: 'policy_experiment',
      subjectId: id,
      data: { name: input.name, controlVersionId: controlId, variantVersionId: variant.id, variantPercent: shareBp / 100 },
    });
    return {
      id,
      status: 'running' as const,
      controlVersionId: controlId,
      variantVersionId: variant.id,
      variantPercent: shareBp / 100,
    };
  });
  // After commit: a copy dropped earlier could be refilled from the old state.
  await invalidateReferenceData(ctx.caches);
  return result;
}
