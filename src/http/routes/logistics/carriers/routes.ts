import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../../app/kernel/context.js';
import { carrierServices } from '../../../../app/logistics/connections/carrierServices.js';
import { carrierConnection, listCarrierConnections } from '../../../../app/logistics/connections/connectionQueries.js';
import { deleteCarrierConnection } from '../../../../app/logistics/connections/deleteCarrierConnection.js';
import {
  type SaveCarrierConnectionInput,
  saveCarrierConnection,
} from '../../../../app/logistics/connections/saveCarrierConnection.js';
import { testCarrierConnection } from '../../../../app/logistics/connections/testCarrierConnection.js';
import { listCarrierMethods } from '../../../../app/logistics/methods/carrierMethodQueries.js';
import { saveCarrierMethods } from '../../../../app/logistics/methods/saveCarrierMethods.js';
import { staff } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { idParams } from '../../common.js';
import * as s from './schema.js';

const tags = ['carriers'];
const read = staff('settings.read');
const manage = staff('carriers.manage');

type ConnectionBody = typeof s.updateConnectionBody._output;

/** The body's credential fields apart from the rest. */
function saveInput(body: ConnectionBody): Omit<SaveCarrierConnectionInput, 'webhookBase'> {
  const { carrier, name, baseUrl, enabled, ...credentials } = body;
  return { carrier, name, baseUrl, enabled, credentials };
}

/** Carrier connections and which service carries each return method per country (Settings → Carriers). */
export function carrierSettingsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // Carriers post tracking to this installation's public address, the one links in e-mails use.
  const webhookBase = ctx.mail.portalUrl;

  r.get('/api/v1/carriers', {
    schema: { tags, summary: 'Carrier connections (keys are never shown)', response: { 200: s.carrierConnectionList } },
    config: { access: read },
    handler: () => listCarrierConnections(ctx, { webhookBase }),
  });

  r.post('/api/v1/carriers', {
    schema: {
      tags,
      summary: 'Connect a carrier: its credentials are stored encrypted',
      body: s.createConnectionBody,
      response: { 201: s.carrierConnection },
    },
    config: { access: manage },
    handler: (req, reply) =>
      runCommand(req, reply, 201, (meta) => saveCarrierConnection(ctx, meta, { ...saveInput(req.body), webhookBase })),
  });

  r.get('/api/v1/carriers/:id', {
    schema: { tags, summary: 'One carrier connection', params: idParams, response: { 200: s.carrierConnection } },
    config: { access: read },
    handler: (req) => carrierConnection(ctx, { connectionId: req.params.id, webhookBase }),
  });

  r.patch('/api/v1/carriers/:id', {
    schema: {
      tags,
      summary: 'Change a connection: fields left out keep their stored values',
      params: idParams,
      body: s.updateConnectionBody,
      response: { 200: s.carrierConnection },
    },
    config: { access: manage },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) =>
        saveCarrierConnection(ctx, meta, { ...saveInput(req.body), connectionId: req.params.id, webhookBase }),
      ),
  });

  r.delete('/api/v1/carriers/:id', {
    schema: {
      tags,
      summary: 'Remove a connection and its methods (refused while returns under way have parcels with it)',
      params: idParams,
      body: s.deleteConnectionBody,
      response: { 200: s.deletedConnection },
    },
    config: { access: manage },
    handler: (req, reply) =>
      runCommand(req, reply, 200, async (meta) => {
        await deleteCarrierConnection(ctx, meta, req.params.id);
        return { id: req.params.id, deleted: true as const };
      }),
  });

  carrierCallRoutes(app, ctx);
  methodRoutes(app, ctx);
}

/** What asks the carrier itself: the connection check and its services. */
function carrierCallRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/api/v1/carriers/:id/test', {
    schema: {
      tags,
      summary: 'Check the stored credentials with the carrier and keep the answer',
      params: idParams,
      body: s.testConnectionBody,
      response: { 200: s.connectionCheck },
    },
    // Each test asks the carrier afresh: a stored answer would be stale.
    config: { access: manage, idempotent: false },
    handler: (req, reply) => runCommand(req, reply, 200, (meta) => testCarrierConnection(ctx, meta, req.params.id)),
  });

  r.get('/api/v1/carriers/:id/services', {
    schema: {
      tags,
      summary: "The carrier's services for returns from one country to another",
      params: idParams,
      querystring: s.servicesQuery,
      response: { 200: s.carrierServiceList },
    },
    config: { access: read },
    handler: (req) => carrierServices(ctx, { connectionId: req.params.id, fromCountry: req.query.from, toCountry: req.query.to }),
  });
}

/** Which service carries each return method for shoppers of a country. */
function methodRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/carrier-methods', {
    schema: {
      tags,
      summary: 'Return methods per country and the services that carry them',
      response: { 200: s.carrierMethodList },
    },
    config: { access: read },
    handler: () => listCarrierMethods(ctx.db),
  });

  r.put('/api/v1/carrier-methods', {
    schema: {
      tags,
      summary: 'Replace the whole mapping of methods per country (all rows or none)',
      body: s.saveMethodsBody,
      response: { 200: s.carrierMethodList },
    },
    config: { access: manage },
    handler: (req, reply) => runCommand(req, reply, 200, (meta) => saveCarrierMethods(ctx, meta, req.body)),
  });
}
