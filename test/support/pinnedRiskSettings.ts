import type { RiskSettings } from '../../src/domain/risk/settings.js';

const on = (weight: number, threshold: number) => ({ enabled: true, weight, threshold });

/** The settings the risk tests score under, pinned: the defaults are tuned on the synthetic shop
 * (bench/fraud.ts) and may move; what a signal measures may not. */
export const PINNED_RISK_SETTINGS: RiskSettings = {
  reviewFrom: 60,
  refundAfterReceiptFrom: 30,
  signals: {
    CUSTOMER_BLOCKED: on(100, 1),
    BLOCK_LISTED: on(100, 1),
    SERIAL_RETURNING: on(60, 2),
    WARDROBING: on(70, 2),
    BRACKETING: on(0, 1),
    EMPTY_BOX: on(100, 1),
    WRONG_ITEM: on(80, 1),
    LINKED_ACCOUNTS: on(60, 50),
    ACCOUNT_CLUSTER: on(60, 2),
    RETURN_VELOCITY: on(30, 4),
    LOOKUP_VELOCITY: on(30, 6),
    REFUND_EXPOSURE: on(30, 30_000),
    HIGH_VALUE: on(30, 50_000),
    ALL_SHOP_FAULT: on(10, 20_000),
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
