import { z } from 'zod';
import { RISK_SIGNAL_CODES, type RiskSignalCode } from './signals.js';

/** How a shop weighs each signal, where it acts on the score, and the dates its customers might
 * buy for and send back after (wardrobing). Stored as one document (risk_settings). */

const signalSetting = z.strictObject({
  enabled: z.boolean(),
  /** Points at twice the threshold; half of them at the threshold. Negative counts down. */
  weight: z.number().int().min(-100).max(100),
  /** In the signal's own unit: a count, a multiple, minor units, a score. */
  threshold: z.number().min(0).max(100_000_000),
});
export type RiskSignalSetting = z.infer<typeof signalSetting>;

const eventDate = z.strictObject({
  name: z.string().trim().min(1).max(80),
  /** A local date, YYYY-MM-DD; with `yearly`, its month and day every year. */
  date: z.iso.date(),
  yearly: z.boolean(),
  /** An order placed up to this many days before the event… */
  daysBefore: z.number().int().min(0).max(60),
  /** …and asked back up to this many days after it, is a return after an event. */
  daysAfter: z.number().int().min(0).max(60),
});
export type RiskEventDate = z.infer<typeof eventDate>;

export const riskSettingsSchema = z.strictObject({
  /** From this score a return goes to a person before it is approved, and before money moves
   * after inspection. Never a refusal: see the law in docs/fraud.md. */
  reviewFrom: z.number().int().min(1).max(100),
  /** From this score money waits until the goods are received, whatever the policy's timing. */
  refundAfterReceiptFrom: z.number().int().min(1).max(100),
  signals: z.strictObject(
    Object.fromEntries(RISK_SIGNAL_CODES.map((c) => [c, signalSetting])) as Record<RiskSignalCode, typeof signalSetting>,
  ),
  /** SERIAL_RETURNING needs at least this many earlier returns besides its rate. */
  serialMinReturns: z.number().int().min(0).max(1000),
  /** RETURN_VELOCITY counts returns asked in this many days. */
  velocityDays: z.number().int().min(1).max(90),
  /** What handling a return costs the shop besides its label, minor units: bracketing's cost. */
  handlingCost: z.number().int().min(0).max(1_000_000),
  events: z.array(eventDate).max(100),
});
export type RiskSettings = z.infer<typeof riskSettingsSchema>;

const on = (weight: number, threshold: number): RiskSignalSetting => ({ enabled: true, weight, threshold });

/** What a new shop starts with; measured on the labelled synthetic shop (bench/fraud.ts). */
export const DEFAULT_RISK_SETTINGS: RiskSettings = {
  reviewFrom: 60,
  refundAfterReceiptFrom: 30,
  signals: {
    CUSTOMER_BLOCKED: on(100, 1),
    BLOCK_LISTED: on(100, 1),
    SERIAL_RETURNING: on(90, 1.25),
    WARDROBING: on(80, 2),
    BRACKETING: on(0, 1),
    EMPTY_BOX: on(100, 0.5),
    WRONG_ITEM: on(80, 0.5),
    LINKED_ACCOUNTS: on(70, 50),
    ACCOUNT_CLUSTER: on(60, 2),
    RETURN_VELOCITY: on(30, 4),
    LOOKUP_VELOCITY: on(30, 6),
    REFUND_EXPOSURE: on(30, 30_000),
    HIGH_VALUE: on(30, 50_000),
    ALL_SHOP_FAULT: on(20, 15_000),
    TRUSTED_SEGMENT: on(-20, 1),
  },
  serialMinReturns: 3,
  velocityDays: 7,
  handlingCost: 750,
  events: [
    { name: "New Year's Eve", date: '2026-12-31', yearly: true, daysBefore: 10, daysAfter: 7 },
    { name: "King's Day", date: '2026-04-27', yearly: true, daysBefore: 10, daysAfter: 5 },
  ],
};
