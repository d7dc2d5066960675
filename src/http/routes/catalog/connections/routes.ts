import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { deleteShopConnection } from '../../../../app/catalog/connections/deleteShopConnection.js';
import { type SaveShopConnectionInput, saveShopConnection } from '../../../../app/catalog/connections/saveShopConnection.js';
import {
  listShopConnections,
  listSyncErrors,
  listSyncRuns,
  shopConnection,
} from '../../../../app/catalog/connections/shopConnectionQueries.js';
import { testShopConnection } from '../../../../app/catalog/connections/testShopConnection.js';
import { requestSync } from '../../../../app/catalog/sync/syncQueue.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import { principalMay, staff } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { idParams } from '../../common.js';
import * as s from './schema.js';

const tags = ['connections'];
const read = staff('settings.read');
const manage = staff('connections.manage');

type ConnectionBody = typeof s.updateConnectionBody._output;

/** The body's secrets apart from the rest. */
function saveInput(body: ConnectionBody): Omit<SaveShopConnectionInput, 'webhookBase'> {
  const { apiKey, apiSecret, webhookSecret, ...rest } = body;
  return { ...rest, credentials: { apiKey, apiSecret, webhookSecret } };
}

/** Shop platforms and marketplaces: connections, their checks, and how their sync goes (Settings → Connections). */
export function connectionRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // Platforms post webhooks to this installation's public address, the one links in e-mails use.
  // The URL carries the connection's token: only those who manage connections see it.
  const webhookBase = (req: FastifyRequest) => {
    return principalMay(req.principal, 'connections.manage') ? ctx.mail.portalUrl : null;
  };

  r.get('/api/v1/connections', {
    schema: {
      tags,
      summary: 'Shop connections and how their sync goes (keys are never shown)',
      response: { 200: s.shopConnectionList },
    },
    config: { access: read },
    handler: (req) => listShopConnections(ctx, { webhookBase: webhookBase(req) }),
  });

  r.post('/api/v1/connections', {
    schema: {
      tags,
      summary: 'Connect a shop platform or marketplace: its credentials are stored encrypted',
      body: s.createConnectionBody,
      response: { 201: s.shopConnection },
    },
    config: { access: manage },
    handler: (req, reply) =>
      runCommand(req, reply, 201, (meta) =>
        saveShopConnection(ctx, meta, { ...saveInput(req.body), webhookBase: webhookBase(req) }),
      ),
  });

  r.get('/api/v1/connections/:id', {
    schema: { tags, summary: 'One shop connection and how its sync goes', params: idParams, response: { 200: s.shopConnection } },
    config: { access: read },
    handler: (req) => shopConnection(ctx, { connectionId: req.params.id, webhookBase: webhookBase(req) }),
  });

  r.put('/api/v1/connections/:id', {
    schema: {
      tags,
      summary: 'Change a connection: secrets left out keep their stored values; settings given replace the stored ones',
      params: idParams,
      body: s.updateConnectionBody,
      response: { 200: s.shopConnection },
    },
    config: { access: manage },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) =>
        saveShopConnection(ctx, meta, { ...saveInput(req.body), connectionId: req.params.id, webhookBase: webhookBase(req) }),
      ),
  });

  r.delete('/api/v1/connections/:id', {
    schema: {
      tags,
      summary: 'Remove a connection that brought nothing in (refused otherwise: switch it off instead)',
      params: idParams,
      body: s.deleteConnectionBody,
      response: { 200: s.deletedConnection },
    },
    config: { access: manage },
    handler: (req, reply) =>
      runCommand(req, reply, 200, async (meta) => {
        await deleteShopConnection(ctx, meta, req.params.id);
        return { id: req.params.id, deleted: true as const };
      }),
  });

  syncRoutes(app, ctx);
}

/** What asks the platform itself (the check, a sync) and what the sync left behind. */
function syncRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/api/v1/connections/:id/test', {
    schema: {
      tags,
      summary: 'Check the stored credentials with the platform and keep the answer',
      params: idParams,
      body: s.testConnectionBody,
      response: { 200: s.connectionCheck },
    },
    // Each test asks the platform afresh: a stored answer would be stale.
    config: { access: manage, idempotent: false },
    handler: (req, reply) => runCommand(req, reply, 200, (meta) => testShopConnection(ctx, meta, req.params.id)),
  });

  r.post('/api/v1/connections/:id/sync', {
    schema: {
      tags,
      summary: 'Sync now: the first backfill (going on where a failed one stopped) or a catch-up, run by a job',
      params: idParams,
      body: s.syncConnectionBody,
      response: { 202: s.syncRequested },
    },
    // Asking twice queues one run (one waiting run per connection): nothing to replay.
    config: { access: manage, idempotent: false },
    handler: (req, reply) =>
      runCommand(req, reply, 202, (meta) => requestSync(ctx, meta, req.params.id, { resource: req.body?.resource })),
  });

  r.get('/api/v1/connections/:id/runs', {
    schema: {
      tags,
      summary: "The connection's latest sync runs, newest first, with their progress",
      params: idParams,
      querystring: s.listQuery,
      response: { 200: s.syncRunList },
    },
    config: { access: read },
    handler: (req) => listSyncRuns(ctx, { connectionId: req.params.id, limit: req.query.limit }),
  });

  r.get('/api/v1/connections/:id/errors', {
    schema: {
      tags,
      summary: "The connection's latest sync errors, newest first, with the platform's own messages",
      params: idParams,
      querystring: s.listQuery,
      response: { 200: s.syncErrorList },
    },
    config: { access: read },
    handler: (req) => listSyncErrors(ctx, { connectionId: req.params.id, limit: req.query.limit }),
  });
}
