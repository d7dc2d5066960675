import { z } from 'zod';
import { RETENTION_COUNT_KEYS } from '../../../../domain/privacy/retention.js';
import { instant, type Wire } from '../../common.js';

const days = z.number().nullable();

/** The four periods in days; null: that kind is kept. */
export const retentionPeriods = z.object({
  photoDays: days.describe("Days a final return's photos are kept after it last changed"),
  emailDays: days.describe("Days an e-mail's body and recipient address are kept"),
  personalDays: days.describe("Days a final return's personal texts, labels and shipping address are kept"),
  logDays: days.describe('Days the access log, webhook payloads and attempts, shop and carrier webhook bodies are kept'),
});

/** A change: only the periods given (a whole number of days within its limits, or null to keep). */
export const retentionPatch = z.strictObject({
  photoDays: days.optional(),
  emailDays: days.optional(),
  personalDays: days.optional(),
  logDays: days.optional(),
});

const limits = z.object({ min: z.number().int(), max: z.number().int() });

export const retentionRun = z.object({
  id: z.string(),
  startedAt: instant,
  finishedAt: instant.nullable(),
  startedBy: z.string(),
  counts: z.object(Object.fromEntries(RETENTION_COUNT_KEYS.map((k) => [k, z.number().int().optional()]))),
  error: z.string().nullable(),
});

export const retentionSettings = z.object({
  periods: retentionPeriods,
  defaults: retentionPeriods,
  limits: z.object({ photoDays: limits, emailDays: limits, personalDays: limits, logDays: limits }),
  /** The latest runs of the retention round, newest first. */
  runs: z.array(retentionRun),
});

/** What the portal's policy page states: all four periods (null: kept until the shopper asks for erasure). */
export const publicRetention = z.object({
  photoDays: z.number().int().nullable(),
  emailDays: z.number().int().nullable(),
  personalDays: z.number().int().nullable(),
  logDays: z.number().int().nullable(),
});

export type RetentionSettings = Wire<typeof retentionSettings>;
export type RetentionPatch = Wire<typeof retentionPatch>;
export type RetentionRunWire = Wire<typeof retentionRun>;
export type PublicRetention = Wire<typeof publicRetention>;
