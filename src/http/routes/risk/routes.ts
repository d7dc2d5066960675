import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../app/kernel/context.js';
import { reviewReturnRisk } from '../../../app/returns/reviewReturnRisk.js';
import { getCustomerRisk } from '../../../app/risk/customerRisk.js';
import { getReturnRisk } from '../../../app/risk/returnRisk.js';
import { addRiskListEntry, listRiskEntries, removeRiskListEntry } from '../../../app/risk/riskLists.js';
import { riskCustomers, riskQueue } from '../../../app/risk/riskQueries.js';
import { getRiskSetup, type RiskSetup, updateRiskSettings } from '../../../app/risk/riskSettings.js';
import { suppressionCsv } from '../../../app/risk/suppressionExport.js';
import { DEFAULT_RISK_SETTINGS, riskSettingsSchema } from '../../../domain/risk/settings.js';
import { staff } from '../../access.js';
import { exportOf, viewOf } from '../../accessLogHook.js';
import { runCommand } from '../../idempotencyHooks.js';
import { fileResponse, idParams } from '../common.js';
import * as s from './schema.js';

const settingsAnswer = (setup: RiskSetup) => ({
  settings: setup.settings,
  customised: setup.customised,
  updatedAt: setup.updatedAt,
  updatedBy: setup.updatedBy,
  defaults: DEFAULT_RISK_SETTINGS,
});

/** Fraud and abuse (docs/fraud.md): the settings, the block and allow lists, the queues by risk,
 * a customer's and a return's risk, a person's review of a score, and the suppression export. */
export function riskRoutes(app: FastifyInstance, ctx: AppContext) {
  riskSettingsRoutes(app, ctx);
  riskListRoutes(app, ctx);
  riskQueueRoutes(app, ctx);
  returnRiskRoutes(app, ctx);
}

const tags = ['risk'];

function riskSettingsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/risk/settings', {
    schema: {
      tags,
      summary: "The shop's risk weights, thresholds and event dates, with the defaults",
      response: { 200: s.riskSettingsAnswer },
    },
    config: { access: staff('risk.read') },
    handler: async () => settingsAnswer(await getRiskSetup(ctx.db)),
  });

  r.put('/api/v1/risk/settings', {
    schema: { tags, summary: 'Replace the risk settings', body: riskSettingsSchema, response: { 200: s.riskSettingsAnswer } },
    config: { access: staff('risk.manage') },
    handler: (req, reply) => runCommand(req, reply, 200, (meta) => updateRiskSettings(ctx, meta, req.body), settingsAnswer),
  });
}

function riskListRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/risk/lists', {
    schema: {
      tags,
      summary: 'Block and allow list entries, newest first',
      querystring: s.riskListsQuery,
      response: { 200: s.riskListEntries },
    },
    config: { access: staff('risk.read') },
    handler: async (req) => ({ items: await listRiskEntries(ctx.db, ctx.now(), req.query) }),
  });

  r.post('/api/v1/risk/lists', {
    schema: {
      tags,
      summary: 'Put a customer, e-mail, address, phone or payment fingerprint on the block or allow list',
      body: s.addRiskListEntryBody,
      response: { 201: s.riskListEntry },
    },
    config: { access: staff('risk.lists') },
    handler: (req, reply) => runCommand(req, reply, 201, (meta) => addRiskListEntry(ctx, meta, req.body)),
  });

  r.delete('/api/v1/risk/lists/:id', {
    schema: {
      tags,
      summary: 'Take an entry off its list (it is kept for the record)',
      params: idParams,
      body: s.removeRiskListEntryBody,
      response: { 200: s.riskListEntry },
    },
    config: { access: staff('risk.lists') },
    handler: (req, reply) => runCommand(req, reply, 200, (meta) => removeRiskListEntry(ctx, meta, req.params.id)),
  });
}

function riskQueueRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/risk/returns', {
    schema: {
      tags,
      summary: 'The risk queue: returns by score, highest first, with the signals that fired',
      querystring: s.riskReturnsQuery,
      response: { 200: s.riskQueuePage },
    },
    config: { access: staff('risk.read') },
    handler: (req) => riskQueue(ctx.db, req.query),
  });

  r.get('/api/v1/risk/customers', {
    schema: {
      tags,
      summary: 'Customers by their latest score, with linked accounts and list matches',
      querystring: s.riskCustomersQuery,
      response: { 200: s.riskCustomerPage },
    },
    config: { access: staff('risk.read') },
    handler: (req) => riskCustomers(ctx.db, ctx.now(), req.query),
  });

  r.get('/api/v1/risk/suppression.csv', {
    schema: {
      tags,
      summary: 'Serial returners as a marketing-suppression list (CSV), raw or hashed for ad platforms',
      querystring: s.suppressionQuery,
      response: {
        200: fileResponse('text/csv', 'email, phone, first_name, last_name, country, postcode; one line per customer'),
      },
    },
    config: { access: staff('risk.export'), accessLog: exportOf('risk.suppression') },
    handler: async (req, reply) => {
      const csv = await suppressionCsv(ctx.db, ctx.now(), req.query);
      const name = req.query.hashed ? 'retour-suppression-hashed.csv' : 'retour-suppression.csv';
      reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`);
      return csv;
    },
  });
}

function returnRiskRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/customers/:id/risk', {
    schema: {
      tags,
      summary: "A customer's risk: latest score, linked customers with theirs, list entries, history",
      params: idParams,
      querystring: s.customerRiskQuery,
      response: { 200: s.customerRisk },
    },
    config: { access: staff('risk.read'), accessLog: viewOf('customer', 'risk') },
    handler: (req) => getCustomerRisk(ctx.db, ctx.now(), req.params.id, req.query.locale),
  });

  r.get('/api/v1/returns/:id/risk', {
    schema: {
      tags,
      summary: "A return's risk explained: each signal, what it led to, its history, and what the law allows",
      params: idParams,
      querystring: s.returnRiskQuery,
      response: { 200: s.returnRisk },
    },
    // The signals name linked customers, list reasons and reviewers' notes: risk.read, not the
    // warehouse's returns.read (a held return shows its hold to the dock without them).
    config: { access: staff('risk.read'), accessLog: viewOf('return', 'risk') },
    handler: (req) => getReturnRisk(ctx.db, req.params.id, req.query.locale),
  });

  r.post('/api/v1/returns/:id/risk/review', {
    schema: {
      tags,
      summary: "A person confirms or clears a return's score (GDPR Art. 22)",
      params: idParams,
      body: s.riskReviewBody,
      response: { 200: s.returnRisk },
    },
    config: { access: staff('risk.review') },
    handler: (req, reply) =>
      // The answer is the return's risk as GET answers it in English; the screen reads it again in its language.
      runCommand(req, reply, 200, (meta) => reviewReturnRisk(ctx, meta, req.params.id, req.body, 'en')),
  });
}
