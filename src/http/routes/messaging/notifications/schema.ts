import { z } from 'zod';
import { STAFF_NOTIFICATION_KINDS, type StaffNotificationKind } from '../../../../domain/staffNotifications.js';
import { cursorQuery, instant, limitQuery, noBody, pageOf, type Wire } from '../../common.js';

const kinds = Object.keys(STAFF_NOTIFICATION_KINDS) as [StaffNotificationKind, ...StaffNotificationKind[]];

export const notificationsQuery = z.strictObject({ cursor: cursorQuery, limit: limitQuery });
export const markSeenBody = noBody;
export const notificationSettingsBody = z.strictObject({ byEmail: z.boolean() });

export const staffNotification = z.object({
  id: z.string(),
  kind: z.enum(kinds),
  returnId: z.string().nullable(),
  subjectType: z.string(),
  subjectId: z.string(),
  facts: z.record(z.string(), z.unknown()).describe('What the title is made of (number, error, …)'),
  path: z.string().describe('Where in the back office (under /admin) to act on it'),
  createdAt: instant,
  unread: z.boolean(),
});
export const notificationPage = pageOf(staffNotification).extend({
  unread: z.number().describe('How many came since the caller last marked them seen'),
  byEmail: z.boolean().describe('Whether the caller also gets them by e-mail'),
});
export const seenAnswer = z.object({ seenAt: instant });
export const notificationSettings = z.object({ byEmail: z.boolean() });

export type StaffNotificationView = Wire<typeof staffNotification>;
export type NotificationPage = Wire<typeof notificationPage>;
