import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { testSsoConnection } from '../../../../app/admin/sso/ssoClient.js';
import { getSsoSettings, getSsoSignInOption, updateSsoSettings } from '../../../../app/admin/sso/ssoSettings.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import type { RetourConfig } from '../../../../config/env.js';
import { publicAccess, staff } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { ssoSettings, ssoSettingsBody, ssoSignInOption, ssoTestAnswer, ssoTestBody } from './schema.js';
import { ssoSignInRoutes } from './signInRoutes.js';

/** Staff single sign-on through OpenID Connect: the sign-in itself, and the provider's settings,
 * which are admin's (the client id and the group mapping say who gets in as what). */
export function ssoRoutes(app: FastifyInstance, ctx: AppContext, config: RetourConfig) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  ssoSignInRoutes(app, ctx, config);

  r.get('/api/v1/auth/sso', {
    schema: {
      tags: ['auth'],
      summary: 'Whether the sign-in page offers single sign-on, and the provider’s name',
      response: { 200: ssoSignInOption },
    },
    config: { access: publicAccess },
    handler: () => getSsoSignInOption(ctx),
  });

  r.get('/api/v1/settings/sso', {
    schema: {
      tags: ['settings'],
      summary: 'The identity provider staff sign in with (the client secret is never answered)',
      response: { 200: ssoSettings },
    },
    config: { access: staff('settings.manage') },
    handler: () => getSsoSettings(ctx),
  });

  r.put('/api/v1/settings/sso', {
    schema: {
      tags: ['settings'],
      summary:
        'Set the identity provider, its group to role mapping and who may sign in through it (403 API_KEY_CANNOT_GRANT for a narrowed key; 422 SSO_SECRET_REQUIRED, SSO_DOMAINS_REQUIRED)',
      body: ssoSettingsBody,
      response: { 200: ssoSettings },
    },
    config: { access: staff('settings.manage') },
    handler: (req, reply) => runCommand(req, reply, 200, (meta) => updateSsoSettings(ctx, meta, req.body)),
  });

  r.post('/api/v1/settings/sso/test', {
    schema: {
      tags: ['settings'],
      summary: 'Test connection: fetch the provider’s OpenID Connect discovery document (409 SSO_DISCOVERY_FAILED)',
      body: ssoTestBody,
      response: { 200: ssoTestAnswer },
    },
    config: { access: staff('settings.manage'), idempotent: false },
    handler: (req) => testSsoConnection(req.body),
  });
}
