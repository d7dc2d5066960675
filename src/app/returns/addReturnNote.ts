import { notFound } from '../../domain/errors.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import { inUnit } from '../kernel/transaction.js';

export interface ReturnNoteInput {
  returnId: string;
  /** internal: for staff only; shopper: a message the shopper reads (and is e-mailed). */
  kind: 'internal' | 'shopper';
  body: string;
}

/** Adds an internal note or a message to the shopper to a return's record. */
export async function addReturnNote(ctx: AppContext, meta: CommandMeta, input: ReturnNoteInput) {
  return inUnit(ctx, meta, async ({ tx, now, record }) => {
    const ret = await tx.selectFrom('returns').select(['id', 'number']).where('id', '=', input.returnId).executeTakeFirst();
    if (!ret) throw notFound('Return', input.returnId);
    const author =
      meta.actor.type === 'staff' && meta.actor.id
        ? await tx.selectFrom('staff_users').select('name').where('id', '=', meta.actor.id).executeTakeFirst()
        : undefined;
    const id = newId('note');
    await tx
      .insertInto('return_notes')
      .values({
        id,
        return_id: ret.id,
        kind: input.kind,
        body: input.body,
        author_id: meta.actor.id,
        author_name: author?.name ?? null,
        created_at: now,
      })
      .execute();
    // An internal note stays out of the event payload: events leave the system through webhooks.
    record({
      type: input.kind === 'shopper' ? 'return.message_sent' : 'return.note_added',
      subjectType: 'return',
      subjectId: ret.id,
      returnId: ret.id,
      data: input.kind === 'shopper' ? { number: ret.number, noteId: id, body: input.body } : { number: ret.number, noteId: id },
    });
    return { id, kind: input.kind, createdAt: now.toISOString() };
  });
}
