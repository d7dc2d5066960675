import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { setCustomerSegment } from '../../../../app/catalog/setCustomerSegment.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import { createPolicyDraft } from '../../../../app/policy/createPolicyDraft.js';
import { evaluateHypotheticalOrder, evaluateOrderPolicy } from '../../../../app/policy/evaluateOrder.js';
import { grantPolicyException } from '../../../../app/policy/grantPolicyException.js';
import {
  getPolicyExperiment,
  getPolicyVersion,
  listPolicyExceptions,
  listPolicyExperiments,
  listPolicyVersions,
} from '../../../../app/policy/policyQueries.js';
import { getPublicPolicy } from '../../../../app/policy/publicPolicy.js';
import { publishPolicyVersion } from '../../../../app/policy/publishPolicyVersion.js';
import { revokePolicyException } from '../../../../app/policy/revokePolicyException.js';
import { simulatePolicy } from '../../../../app/policy/simulatePolicy.js';
import { startPolicyExperiment } from '../../../../app/policy/startPolicyExperiment.js';
import { stopPolicyExperiment } from '../../../../app/policy/stopPolicyExperiment.js';
import { updatePolicyDraft } from '../../../../app/policy/updatePolicyDraft.js';
import { publicAccess, staff } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { localeFor } from '../../../shopperLocale.js';
import { idParams } from '../../common.js';
import * as s from './schema.js';
import { simulationReport } from './verdictSchema.js';

/** Return policies: versions, experiments, exceptions, evaluation and the simulator. */
export function policyRoutes(app: FastifyInstance, ctx: AppContext) {
  versionRoutes(app, ctx);
  experimentRoutes(app, ctx);
  exceptionRoutes(app, ctx);
  evaluationRoutes(app, ctx);
}

const tags = ['policies'];

/** The policy as the shop's page shows it, and its versions: drafts, publishing, rolling back. */
function versionRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/public/policy', {
    schema: {
      tags,
      summary:
        "The shop's return policy as its policy page shows it (active version, public rules still in force, in the shopper's language)",
      querystring: s.localeQuery,
      response: { 200: s.publicPolicy },
    },
    config: { access: publicAccess },
    handler: async (req) => getPublicPolicy(ctx, { locale: await localeFor(ctx, req, req.query.locale) }),
  });

  r.get('/api/v1/policy-versions', {
    schema: { tags, summary: 'Policy versions, newest first; which one is active', response: { 200: s.policyVersionList } },
    config: { access: staff('policy.read') },
    handler: () => listPolicyVersions(ctx.db),
  });
  r.post('/api/v1/policy-versions', {
    schema: {
      tags,
      summary: 'Start a draft, from a document or as a copy of a version (default: the active one)',
      body: s.createDraftBody,
      response: { 201: s.draftSaved },
    },
    config: { access: staff('policy.manage') },
    handler: (req, reply) => runCommand(req, reply, 201, (meta) => createPolicyDraft(ctx, meta, req.body)),
  });
  r.get('/api/v1/policy-versions/:id', {
    schema: { tags, summary: 'A version with its rules', params: idParams, response: { 200: s.policyVersion } },
    config: { access: staff('policy.read') },
    handler: (req) => getPolicyVersion(ctx.db, req.params.id),
  });
  r.put('/api/v1/policy-versions/:id', {
    schema: {
      tags,
      summary: 'Change a draft (published versions are immutable: 409)',
      params: idParams,
      body: s.updateDraftBody,
      response: { 200: s.draftSaved },
    },
    config: { access: staff('policy.manage') },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) => updatePolicyDraft(ctx, meta, { versionId: req.params.id, ...req.body })),
  });
  r.post('/api/v1/policy-versions/:id/publish', {
    schema: {
      tags,
      summary: 'Publish a draft and (by default) make it active; activating an older version rolls back',
      params: idParams,
      body: s.publishBody,
      response: { 200: s.versionPublished },
    },
    config: { access: staff('policy.manage') },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) =>
        publishPolicyVersion(ctx, meta, { versionId: req.params.id, activate: req.body?.activate }),
      ),
  });
}

/** Experiments: a version tried on a share of customers beside the active one. */
function experimentRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/policy-experiments', {
    schema: { tags, summary: 'Policy experiments', response: { 200: s.policyExperimentList } },
    config: { access: staff('policy.read') },
    handler: () => listPolicyExperiments(ctx.db),
  });
  r.post('/api/v1/policy-experiments', {
    schema: {
      tags,
      summary: 'Run a version as a variant for a share of customers (a draft is published first)',
      body: s.startExperimentBody,
      response: { 201: s.experimentStarted },
    },
    config: { access: staff('policy.manage') },
    handler: (req, reply) => runCommand(req, reply, 201, (meta) => startPolicyExperiment(ctx, meta, req.body)),
  });
  r.get('/api/v1/policy-experiments/:id', {
    schema: {
      tags,
      summary: 'An experiment with the outcomes of both arms',
      params: idParams,
      response: { 200: s.policyExperimentDetail },
    },
    config: { access: staff('policy.read') },
    handler: (req) => getPolicyExperiment(ctx.db, req.params.id),
  });
  r.post('/api/v1/policy-experiments/:id/stop', {
    schema: {
      tags,
      summary: 'Stop an experiment, optionally making the variant the active policy',
      params: idParams,
      body: s.stopExperimentBody,
      response: { 200: s.experimentStopped },
    },
    config: { access: staff('policy.manage') },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) =>
        stopPolicyExperiment(ctx, meta, { experimentId: req.params.id, promote: req.body?.promote, reason: req.body?.reason }),
      ),
  });
}

/** Exceptions for one customer, order or return, and the customer segments rules match on. */
function exceptionRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/policy-exceptions', {
    schema: {
      tags,
      summary: 'Exceptions made for customers, orders or returns',
      querystring: s.listExceptionsQuery,
      response: { 200: s.policyExceptionList },
    },
    config: { access: staff('policy.read') },
    handler: (req) => listPolicyExceptions(ctx.db, req.query),
  });
  r.post('/api/v1/policy-exceptions', {
    schema: {
      tags,
      summary: 'Make an exception to the policy for one customer, order or return, with a reason',
      body: s.grantExceptionBody,
      response: { 201: s.exceptionGranted },
    },
    config: { access: staff('policy.exceptions') },
    handler: (req, reply) => {
      const b = req.body;
      const scope = b.customerId
        ? { customerId: b.customerId }
        : b.orderId
          ? { orderId: b.orderId }
          : { returnId: b.returnId ?? '' };
      return runCommand(req, reply, 201, (meta) =>
        grantPolicyException(ctx, meta, {
          scope,
          effects: b.effects,
          allowReturn: b.allowReturn,
          reason: b.reason,
          expiresAt: b.expiresAt ? new Date(b.expiresAt) : null,
        }),
      );
    },
  });
  r.post('/api/v1/policy-exceptions/:id/revoke', {
    schema: {
      tags,
      summary: 'Withdraw an exception',
      params: idParams,
      body: s.revokeExceptionBody,
      response: { 200: s.exceptionRevoked },
    },
    config: { access: staff('policy.exceptions') },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) =>
        revokePolicyException(ctx, meta, { exceptionId: req.params.id, reason: req.body.reason }),
      ),
  });

  r.post('/api/v1/customers/:id/segment', {
    schema: {
      tags: ['customers'],
      summary: 'Move a customer to a segment (vip, employee, blocked…) with a reason',
      params: idParams,
      body: s.segmentBody,
      response: { 200: s.segmentSet },
    },
    config: { access: staff('customers.manage') },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) => setCustomerSegment(ctx, meta, { customerId: req.params.id, ...req.body })),
  });
}

/** What the policy says about an order, real or imagined, and how a version would have judged the past. */
function evaluationRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/api/v1/orders/:id/policy-evaluation', {
    schema: {
      tags,
      summary:
        "What the policy says about an order now (the customer's version, the one given, or an unsaved document), with explanations",
      params: idParams,
      body: s.orderEvaluationBody,
      response: { 200: s.orderEvaluation },
    },
    config: { access: staff('policy.read'), idempotent: false },
    handler: async (req) =>
      evaluateOrderPolicy(ctx, {
        orderId: req.params.id,
        selection: req.body?.selection,
        versionId: req.body?.versionId,
        document: req.body?.document,
        locale: await localeFor(ctx, req, req.body?.locale),
      }),
  });
  r.post('/api/v1/policy-evaluations', {
    schema: {
      tags,
      summary: 'What would happen if: judge an order that need not exist, under a version or an unsaved document',
      body: s.hypotheticalBody,
      response: { 200: s.hypotheticalEvaluation },
    },
    config: { access: staff('policy.read'), idempotent: false },
    handler: async (req) => {
      const b = req.body;
      return evaluateHypotheticalOrder(ctx, {
        versionId: b.versionId,
        document: b.document,
        now: b.now ? new Date(b.now) : undefined,
        order: {
          ...b.order,
          placedAt: new Date(b.order.placedAt),
          lines: b.order.lines.map((l) => ({ ...l, deliveredAt: l.deliveredAt ? new Date(l.deliveredAt) : null })),
        },
        customer: b.customer,
        selection: b.selection,
        locale: await localeFor(ctx, req, b.locale),
      });
    },
  });
  r.post('/api/v1/policy-simulations', {
    schema: {
      tags,
      summary: 'Replay a version against the returns and orders of the last N days, next to the active policy',
      body: s.simulationBody,
      response: { 200: simulationReport },
    },
    config: { access: staff('policy.simulate'), idempotent: false },
    handler: (req) =>
      simulatePolicy(ctx, {
        candidateVersionId: req.body.versionId,
        baselineVersionId: req.body.baselineVersionId,
        days: req.body.days,
      }),
  });
}
