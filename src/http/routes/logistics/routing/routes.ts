import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../../app/kernel/context.js';
import { deleteRoutingRule } from '../../../../app/logistics/routing/deleteRoutingRule.js';
import { reorderRoutingRules } from '../../../../app/logistics/routing/reorderRoutingRules.js';
import { listRoutingRules } from '../../../../app/logistics/routing/routingRuleQueries.js';
import { saveRoutingRule } from '../../../../app/logistics/routing/saveRoutingRule.js';
import { staff } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { idParams } from '../../common.js';
import * as s from './schema.js';

/** Routing rules: where returns go and with which service. */
export function routingRuleRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['routing'];
  const manage = staff('carriers.manage');

  r.get('/api/v1/routing-rules', {
    schema: { tags, summary: 'Routing rules in the order they are tried', response: { 200: s.routingRuleList } },
    config: { access: staff('settings.read') },
    handler: () => listRoutingRules(ctx.db),
  });

  r.post('/api/v1/routing-rules', {
    schema: {
      tags,
      summary: 'Add a routing rule (tried after the others)',
      body: s.routingRuleBody,
      response: { 201: s.routingRule },
    },
    config: { access: manage },
    handler: (req, reply) => runCommand(req, reply, 201, (meta) => saveRoutingRule(ctx, meta, req.body)),
  });

  r.put('/api/v1/routing-rules/:id', {
    schema: {
      tags,
      summary: 'Replace a routing rule (it keeps its place)',
      params: idParams,
      body: s.routingRuleBody,
      response: { 200: s.routingRule },
    },
    config: { access: manage },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) => saveRoutingRule(ctx, meta, { ...req.body, ruleId: req.params.id })),
  });

  r.delete('/api/v1/routing-rules/:id', {
    schema: {
      tags,
      summary: 'Remove a routing rule (returns already routed keep their destination)',
      params: idParams,
      body: s.deleteRuleBody,
      response: { 200: s.deletedRoutingRule },
    },
    config: { access: manage },
    handler: (req, reply) =>
      runCommand(req, reply, 200, async (meta) => {
        await deleteRoutingRule(ctx, meta, req.params.id);
        return { id: req.params.id, deleted: true as const };
      }),
  });

  r.post('/api/v1/routing-rules/order', {
    schema: {
      tags,
      summary: 'Put the routing rules in a new order (every rule, each once)',
      body: s.reorderBody,
      response: { 200: s.routingRuleList },
    },
    config: { access: manage },
    handler: (req, reply) => runCommand(req, reply, 200, (meta) => reorderRoutingRules(ctx, meta, req.body)),
  });
}
