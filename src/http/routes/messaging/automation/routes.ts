import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../../app/kernel/context.js';
import {
  createAutomationRule,
  deleteAutomationRule,
  listAutomationRules,
  updateAutomationRule,
} from '../../../../app/messaging/automation/automationRules.js';
import { replayAutomation } from '../../../../app/messaging/automation/replayAutomation.js';
import { staff } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { idParams, noBody } from '../../common.js';
import {
  automationRule,
  automationRuleList,
  createRuleBody,
  deletedRule,
  replaceRuleBody,
  replayedAutomation,
} from './schema.js';

/** Automation rules: when an event about a return happens and conditions hold, do actions. */
export function automationRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['automation'];

  r.get('/api/v1/automation-rules', {
    schema: { tags, summary: 'Every automation rule, in the order they run', response: { 200: automationRuleList } },
    config: { access: staff('policy.read') },
    handler: async () => ({ items: await listAutomationRules(ctx.db) }),
  });

  r.post('/api/v1/automation-rules', {
    schema: {
      tags,
      summary: 'Add a rule (it runs after the others)',
      body: createRuleBody,
      response: { 201: automationRule },
    },
    config: { access: staff('automation.manage') },
    handler: (req, reply) => runCommand(req, reply, 201, (meta) => createAutomationRule(ctx, meta, req.body)),
  });

  r.put('/api/v1/automation-rules/:id', {
    schema: {
      tags,
      summary: "Replace a rule's name, trigger, conditions and actions, switch it on or off, or move it",
      params: idParams,
      body: replaceRuleBody,
      response: { 200: automationRule },
    },
    config: { access: staff('automation.manage') },
    handler: (req, reply) => runCommand(req, reply, 200, (meta) => updateAutomationRule(ctx, meta, req.params.id, req.body)),
  });

  r.delete('/api/v1/automation-rules/:id', {
    schema: {
      tags,
      summary: 'Remove a rule (one that has run is switched off and kept)',
      params: idParams,
      body: noBody,
      response: { 200: deletedRule },
    },
    config: { access: staff('automation.manage') },
    handler: (req, reply) => runCommand(req, reply, 200, (meta) => deleteAutomationRule(ctx, meta, req.params.id)),
  });

  r.post('/api/v1/automation-runs/:id/replay', {
    schema: {
      tags,
      summary: 'Run the rules for an event (by its id) again; rules already done for it do not run twice',
      params: idParams,
      body: noBody,
      response: { 200: replayedAutomation },
    },
    config: { access: staff('automation.manage') },
    handler: (req, reply) => runCommand(req, reply, 200, (meta) => replayAutomation(ctx, meta, req.params.id)),
  });
}
