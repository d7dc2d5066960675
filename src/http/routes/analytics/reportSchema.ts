import { z } from 'zod';

const locale = z.enum(['en', 'nl']).describe('The language the report is written in for this recipient');

export const weeklyReportBody = z.strictObject({
  enabled: z.boolean(),
  weekday: z.number().int().min(1).max(7).describe("1 Monday … 7 Sunday, in the shop's time zone"),
  hour: z.number().int().min(0).max(23).describe('The hour of that day from which it goes'),
  recipients: z
    .array(z.strictObject({ staffUserId: z.string().min(1).max(64), locale }))
    .max(100)
    .describe('Staff who may read analytics (admins, analysts); the whole list'),
});

export const weeklyReportSettings = z.object({
  enabled: z.boolean(),
  weekday: z.number(),
  hour: z.number(),
  recipients: z.array(
    z.object({
      staffUserId: z.string(),
      name: z.string(),
      email: z.string(),
      locale,
      active: z.boolean().describe('Inactive staff get nothing'),
    }),
  ),
});
