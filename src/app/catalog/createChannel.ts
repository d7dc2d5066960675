import { RetourError } from '../../domain/errors.js';
import type { ChannelKind } from '../../domain/salesChannel.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import { inUnit } from '../kernel/transaction.js';

/** Adds a sales channel (webshop, marketplace, store) that orders are imported from. */
export async function createChannel(
  ctx: AppContext,
  meta: CommandMeta,
  input: { code: string; name: string; kind: ChannelKind },
) {
  return inUnit(ctx, meta, async ({ tx, record }) => {
    const taken = await tx.selectFrom('channels').select('id').where('code', '=', input.code).executeTakeFirst();
    if (taken) {
      throw new RetourError('conflict', 'CHANNEL_CODE_TAKEN', `Channel ${input.code} exists`, [
        { path: 'code', message: 'already in use' },
      ]);
    }
    const id = newId('chn');
    await tx.insertInto('channels').values({ id, code: input.code, name: input.name, kind: input.kind }).execute();
    record({ type: 'channel.created', subjectType: 'channel', subjectId: id, data: { code: input.code } });
    return { id };
  });
}
