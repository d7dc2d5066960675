import { sql } from 'kysely';
import { notFound } from '../../domain/errors.js';
import { type PolicyDocumentInput, parsePolicyDocument } from '../../domain/policy/document.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import { inUnit } from '../kernel/transaction.js';
import { loadPolicyVersion } from './policyVersions.js';

export interface CreatePolicyDraftInput {
  name: string;
  /** The rules; without them the draft starts as a copy of `basedOn` or of the active version. */
  document?: PolicyDocumentInput;
  basedOn?: string | null;
  notes?: string | null;
}

/** Starts a new editable draft of the return policy. */
export async function createPolicyDraft(ctx: AppContext, meta: CommandMeta, input: CreatePolicyDraftInput) {
  return inUnit(ctx, meta, async ({ tx, now, record }) => {
    const settings = await tx
      .selectFrom('shop_settings')
      .select('active_policy_version_id')
      .where('id', '=', 'default')
      .executeTakeFirstOrThrow();
    const baseId = input.basedOn ?? settings.active_policy_version_id;
    const base = baseId ? await loadPolicyVersion(tx, baseId, ctx.caches) : null;
    if (input.basedOn && !base) throw notFound('Policy version', input.basedOn);
    const document = input.document ? parsePolicyDocument(input.document) : base?.document;
    if (!document) throw notFound('Policy version', 'active');
    // Version numbers only grow; the unique constraint turns a concurrent race into a retryable conflict.
    const { next } = await tx
      .selectFrom('policy_versions')
      .select(sql<number>`coalesce(max(number), 0)::int + 1`.as('next'))
      .executeTakeFirstOrThrow();
    const id = newId('pol', now.getTime());
    await tx
      .insertInto('policy_versions')
      .values({
        id,
        number: next,
        name: input.name,
        status: 'draft',
        document: JSON.stringify(document),
        based_on: base?.id ?? null,
        notes: input.notes ?? null,
        created_by: meta.actor.id,
        created_at: now,
        updated_at: now,
      })
      .execute();
    record({
      type: 'policy.draft_created',
      subjectType: 'policy_version',
      subjectId: id,
      data: { number: next, name: input.name, basedOn: base?.id ?? null },
    });
    return { id, number: next, status: 'draft' as const };
  });
}
