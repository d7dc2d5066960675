import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createApiKey } from '../../../../app/admin/createApiKey.js';
import { createStaffUser } from '../../../../app/admin/createStaffUser.js';
import { revokeApiKey } from '../../../../app/admin/revokeApiKey.js';
import { listApiKeys, listStaffUsers } from '../../../../app/admin/settingsLists.js';
import { updateStaffUser } from '../../../../app/admin/updateStaffUser.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import { staff } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { idParams, noBody } from '../../common.js';
import {
  apiKeyList,
  createApiKeyBody,
  createdApiKey,
  createdStaffUser,
  createStaffBody,
  revokedApiKey,
  staffUser,
  staffUserList,
  updateStaffBody,
} from './schema.js';

/** Staff accounts and API keys; admins only. */
export function adminRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/staff', {
    schema: { tags: ['staff'], summary: 'Staff users', response: { 200: staffUserList } },
    config: { access: staff('staff.manage') },
    handler: () => listStaffUsers(ctx.db),
  });
  r.post('/api/v1/staff', {
    schema: { tags: ['staff'], summary: 'Create a staff user', body: createStaffBody, response: { 201: createdStaffUser } },
    config: { access: staff('staff.manage') },
    handler: (req, reply) => runCommand(req, reply, 201, (meta) => createStaffUser(ctx, meta, req.body)),
  });
  r.patch('/api/v1/staff/:id', {
    schema: {
      tags: ['staff'],
      summary: "Change a staff user's name, role or active flag; a new role or deactivation signs them out",
      params: idParams,
      body: updateStaffBody,
      response: { 200: staffUser },
    },
    config: { access: staff('staff.manage') },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) => updateStaffUser(ctx, meta, { ...req.body, userId: req.params.id })),
  });

  r.get('/api/v1/api-keys', {
    schema: {
      tags: ['api keys'],
      summary: 'API keys with their scopes, expiry and last use (never the secret)',
      response: { 200: apiKeyList },
    },
    config: { access: staff('api_keys.manage') },
    handler: () => listApiKeys(ctx.db),
  });
  r.post('/api/v1/api-keys', {
    schema: {
      tags: ['api keys'],
      summary:
        "Create an API key, optionally narrowed to some of its role's permissions (scopes) and expiring; the key is shown only in this response",
      description:
        'A key acts as its role, limited to its `scopes` when given (a request outside them gets 403 API_KEY_OUT_OF_SCOPE) and until `expiresAt` when given (then 401 API_KEY_EXPIRED). A scope that is no permission, or one the role lacks, is refused with 422 API_KEY_SCOPE_INVALID at `scopes.<i>`; an expiry not in the future with 422 API_KEY_EXPIRY_PAST at `expiresAt`.',
      body: createApiKeyBody,
      response: { 201: createdApiKey },
    },
    config: { access: staff('api_keys.manage') },
    handler: (req, reply) => runCommand(req, reply, 201, (meta) => createApiKey(ctx, meta, req.body)),
  });
  r.post('/api/v1/api-keys/:id/revoke', {
    schema: {
      tags: ['api keys'],
      summary: 'Revoke an API key',
      params: idParams,
      body: noBody,
      response: { 200: revokedApiKey },
    },
    config: { access: staff('api_keys.manage') },
    handler: (req, reply) => runCommand(req, reply, 200, (meta) => revokeApiKey(ctx, meta, { apiKeyId: req.params.id })),
  });
}
