import { z } from 'zod';
import { ACCESS_ACTIONS, ACCESS_SUBJECTS } from '../../../../domain/accessLog.js';
import { cursorQuery, instant, isoDateTime, pageOf, type Wire } from '../../common.js';

export const accessLogQuery = z.strictObject({
  subjectType: z.enum(ACCESS_SUBJECTS).optional().describe('Only reads of this kind of subject'),
  subjectId: z.string().min(1).max(64).optional().describe('Only reads of this return or customer (with subjectType)'),
  actorId: z.string().min(1).max(64).optional().describe('Only what this staff user or API key did'),
  action: z.enum(ACCESS_ACTIONS).optional(),
  from: isoDateTime.optional().describe('From this moment, inclusive'),
  to: isoDateTime.optional().describe('Until this moment, exclusive'),
  cursor: cursorQuery,
  limit: z.coerce.number().int().min(1).max(100).default(50),
  format: z.enum(['json', 'csv']).default('json').describe('csv: every matching entry as a file (itself logged as an export)'),
});

export const accessLogEntry = z.object({
  id: z.string(),
  at: instant,
  actor: z.object({
    type: z.enum(['staff', 'api_key', 'cli']),
    id: z.string(),
    name: z.string().nullable().describe("The staff member's or API key's name today"),
  }),
  action: z.string().describe('return.viewed, customer.viewed or export'),
  subject: z.object({ type: z.string(), id: z.string(), label: z.string().nullable().describe("A return's number") }).nullable(),
  detail: z.string().nullable().describe('The part read (risk), or what was exported (finance.journal, analytics.reasons…)'),
  filters: z.record(z.string(), z.unknown()).nullable().describe('The query an export was asked with'),
  requestId: z.string().nullable(),
  ipNetwork: z.string().nullable().describe("The caller's network: the IP with its host part zeroed"),
});

export const accessLogPage = pageOf(accessLogEntry);

/** The log as JSON pages, or (format=csv) every matching entry as a CSV file. */
export const accessLogAnswer = {
  description: 'Who opened which return or customer, and every export, newest first',
  content: {
    'application/json': { schema: accessLogPage },
    'text/csv': {
      schema: z
        .string()
        .describe(
          'at, actor_type, actor_id, actor_name, action, subject_type, subject_id, detail, filters, request_id, ip_network',
        ),
    },
  },
};

export type AccessLogEntry = Wire<typeof accessLogEntry>;
export type AccessLogPage = Wire<typeof accessLogPage>;
