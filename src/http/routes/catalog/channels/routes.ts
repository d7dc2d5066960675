import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { listChannels } from '../../../../app/admin/settingsLists.js';
import { createChannel } from '../../../../app/catalog/createChannel.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import { staff } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { channelList, createChannelBody, createdChannel } from './schema.js';

/** The sales channels orders are imported from. */
export function channelRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['channels'];
  r.get('/api/v1/channels', {
    schema: { tags, summary: 'Sales channels', response: { 200: channelList } },
    config: { access: staff('orders.read') },
    handler: () => listChannels(ctx.db),
  });
  r.post('/api/v1/channels', {
    schema: { tags, summary: 'Add a sales channel', body: createChannelBody, response: { 201: createdChannel } },
    config: { access: staff('warehouses.manage') },
    handler: (req, reply) => runCommand(req, reply, 201, (meta) => createChannel(ctx, meta, req.body)),
  });
}
