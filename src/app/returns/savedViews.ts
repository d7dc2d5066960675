import { RetourError } from '../../domain/errors.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import { inUnit } from '../kernel/transaction.js';

const ownerOf = (meta: CommandMeta) => meta.actor.id ?? meta.actor.type;

/** Saves the queue's filters under a name for the one who saved them, or for every colleague. */
export async function createSavedView(
  ctx: AppContext,
  meta: CommandMeta,
  input: { name: string; filters: Record<string, string>; shared?: boolean },
) {
  return inUnit(ctx, meta, async ({ tx, now, record }) => {
    const owner = ownerOf(meta);
    const taken = await tx
      .selectFrom('saved_views')
      .select('id')
      .where('owner_id', '=', owner)
      .where('name', '=', input.name)
      .executeTakeFirst();
    if (taken) {
      throw new RetourError('conflict', 'VIEW_NAME_TAKEN', `You already have a view called "${input.name}"`, [
        { path: 'name', message: 'already in use' },
      ]);
    }
    const id = newId('view');
    await tx
      .insertInto('saved_views')
      .values({
        id,
        owner_id: owner,
        name: input.name,
        filters: JSON.stringify(input.filters),
        shared: input.shared ?? false,
        created_at: now,
      })
      .execute();
    record({ type: 'saved_view.created', subjectType: 'saved_view', subjectId: id, data: { name: input.name } });
    return { id, name: input.name, filters: input.filters, shared: input.shared ?? false, mine: true };
  });
}

/** Removes a view; only the one who saved it may. */
export async function deleteSavedView(ctx: AppContext, meta: CommandMeta, input: { viewId: string }) {
  return inUnit(ctx, meta, async ({ tx, record }) => {
    const deleted = await tx
      .deleteFrom('saved_views')
      .where('id', '=', input.viewId)
      .where('owner_id', '=', ownerOf(meta))
      .returning('id')
      .executeTakeFirst();
    if (!deleted) throw new RetourError('not_found', 'VIEW_NOT_FOUND', `View ${input.viewId} does not exist`);
    record({ type: 'saved_view.deleted', subjectType: 'saved_view', subjectId: input.viewId });
    return { deleted: true };
  });
}
