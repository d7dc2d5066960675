import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createApiKey } from '../../../../app/admin/createApiKey.js';
import { createStaffUser } from '../../../../app/admin/createStaffUser.js';
import { revokeApiKey } from '../../../../app/admin/revokeApiKey.js';
import { listApiKeys, listStaffUsers } from '../../../../app/admin/settingsLists.js';
import { updateStaffUser } from '../../../../app/admin/updateStaffUser.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import { STAFF_ROLES } from '../../../../domain/access.js';
import { staff } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { idParams, noBody } from '../../common.js';

/** Staff accounts and API keys; admins only. */
export function adminRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/staff', {
    schema: { tags: ['staff'], summary: 'Staff users' },
    config: { access: staff('staff.manage') },
    handler: () => listStaffUsers(ctx.db),
  });
  r.post('/api/v1/staff', {
    schema: {
      tags: ['staff'],
      summary: 'Create a staff user',
      body: z.strictObject({
        email: z.email().max(254),
        name: z.string().trim().min(1).max(200),
        password: z.string().min(12).max(1024),
        role: z.enum(STAFF_ROLES),
      }),
    },
    config: { access: staff('staff.manage') },
    handler: (req, reply) => runCommand(req, reply, 201, (meta) => createStaffUser(ctx, meta, req.body)),
  });
  r.patch('/api/v1/staff/:id', {
    schema: {
      tags: ['staff'],
      summary: "Change a staff user's name, role or active flag; a new role or deactivation signs them out",
      params: idParams,
      body: z.strictObject({
        name: z.string().trim().min(1).max(200).optional(),
        role: z.enum(STAFF_ROLES).optional(),
        active: z.boolean().optional(),
      }),
    },
    config: { access: staff('staff.manage') },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) => updateStaffUser(ctx, meta, { ...req.body, userId: req.params.id })),
  });

  r.get('/api/v1/api-keys', {
    schema: { tags: ['api keys'], summary: 'API keys (never the secret)' },
    config: { access: staff('api_keys.manage') },
    handler: () => listApiKeys(ctx.db),
  });
  r.post('/api/v1/api-keys', {
    schema: {
      tags: ['api keys'],
      summary: 'Create an API key; the key is shown only in this response',
      body: z.strictObject({ name: z.string().trim().min(1).max(200), role: z.enum(STAFF_ROLES) }),
    },
    config: { access: staff('api_keys.manage') },
    handler: (req, reply) => runCommand(req, reply, 201, (meta) => createApiKey(ctx, meta, req.body)),
  });
  r.post('/api/v1/api-keys/:id/revoke', {
    schema: { tags: ['api keys'], summary: 'Revoke an API key', params: idParams, body: noBody },
    config: { access: staff('api_keys.manage') },
    handler: (req, reply) => runCommand(req, reply, 200, (meta) => revokeApiKey(ctx, meta, { apiKeyId: req.params.id })),
  });
}
