import { notFound, RetourError } from '../../domain/errors.js';
import { type PolicyDocumentInput, parsePolicyDocument } from '../../domain/policy/document.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { inUnit } from '../kernel/transaction.js';

export interface UpdatePolicyDraftInput {
  versionId: string;
  name?: string;
  document?: PolicyDocumentInput;
  notes?: string | null;
}

/** Changes a draft. Published versions are immutable: returns refer to them. */
export async function updatePolicyDraft(ctx: AppContext, meta: CommandMeta, input: UpdatePolicyDraftInput) {
  return inUnit(ctx, meta, async ({ tx, now, record }) => {
    const row = await tx
      .selectFrom('policy_versions')
      .select(['id', 'status', 'number'])
      .where('id', '=', input.versionId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('Policy version', input.versionId);
    if (row.status !== 'draft') {
      throw new RetourError(
        'conflict',
        'POLICY_VERSION_PUBLISHED',
        `Version ${row.number} is published and can no longer change; start a new draft from it`,
      );
    }
    const document = input.document ? parsePolicyDocument(input.document) : undefined;
    await tx
      .updateTable('policy_versions')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(document ? { document: JSON.stringify(document) } : {}),
        ...(input.notes !== undefined ? { notes: input.notes } : {}),
        updated_at: now,
      })
      .where('id', '=', row.id)
      .execute();
    record({
      type: 'policy.draft_updated',
      subjectType: 'policy_version',
      subjectId: row.id,
      data: { number: row.number, changed: Object.keys(input).filter((k) => k !== 'versionId') },
    });
    return { id: row.id, number: row.number, status: 'draft' as const };
  });
}
