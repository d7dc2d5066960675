import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../../app/kernel/context.js';
import { listStaffNotifications } from '../../../../app/messaging/notifications/staffNotificationQueries.js';
import {
  markNotificationsSeen,
  notificationSettingsOf,
  setNotificationsByEmail,
} from '../../../../app/messaging/notifications/staffNotificationSettings.js';
import { RetourError } from '../../../../domain/errors.js';
import { signedIn } from '../../../access.js';
import {
  markSeenBody,
  notificationPage,
  notificationSettings,
  notificationSettingsBody,
  notificationsQuery,
  seenAnswer,
} from './schema.js';

function staffUser(req: FastifyRequest): string {
  const p = req.principal;
  if (p?.kind !== 'staff') {
    // An API key is allowed here but has no person behind it to keep a seen mark or a setting for.
    throw new RetourError('conflict', 'STAFF_ONLY', 'Only a signed-in staff member has notifications to mark or settings');
  }
  return p.userId;
}

/** What the back office is told to act on: each role sees the kinds it can act on. */
export function notificationRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['notifications'];

  r.get('/api/v1/notifications', {
    schema: {
      tags,
      summary: "Notifications for the caller's role, newest first, with the number not yet seen",
      querystring: notificationsQuery,
      response: { 200: notificationPage },
    },
    config: { access: signedIn },
    handler: async (req) => {
      const p = req.principal;
      // signed_in lets only staff and API keys through; both have a role.
      if (!p || !('role' in p)) throw new RetourError('forbidden', 'FORBIDDEN', 'Staff only');
      const role = p.role;
      const settings = p.kind === 'staff' ? await notificationSettingsOf(ctx.db, p.userId) : { seenAt: null, byEmail: false };
      const scopes = p.kind === 'api_key' ? p.scopes : null;
      const page = await listStaffNotifications(ctx.db, { role, scopes, seenAt: settings.seenAt, ...req.query });
      return { ...page, byEmail: settings.byEmail };
    },
  });

  r.post('/api/v1/notifications/seen', {
    schema: {
      tags,
      summary: 'Mark every notification so far as seen',
      body: markSeenBody,
      response: { 200: seenAnswer },
    },
    config: { access: signedIn },
    handler: (req) => markNotificationsSeen(ctx, staffUser(req)),
  });

  r.put('/api/v1/notifications/settings', {
    schema: {
      tags,
      summary: 'Whether the signed-in staff member also gets notifications by e-mail',
      body: notificationSettingsBody,
      response: { 200: notificationSettings },
    },
    config: { access: signedIn },
    handler: (req) => setNotificationsByEmail(ctx, staffUser(req), req.body.byEmail),
  });
}
