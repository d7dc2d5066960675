import { RETURN_STATUSES } from '../domain/returnLifecycle.js';

/**
 * Every event type Retour records, with what it means: what a webhook endpoint can subscribe to
 * and what the OpenAPI document lists under `webhooks`. A test checks that every type the code
 * records is here.
 */
const DESCRIBED: Record<string, string> = {
  'return.requested': 'A shopper or staff asked for a return; data holds its lines, totals and the policy verdicts.',
  'return.review_requested': 'The return waits for a staff decision.',
  'return.approved': 'The return (or its remaining lines) was approved; the shopper can send it back.',
  'return.rejected': 'Every line was rejected; data.from and the reason say why.',
  'return.lines_decided': 'Staff decided lines (approved or rejected) with reasons.',
  'return.policy_rechecked': 'The policy was evaluated again for the return.',
  'return.held': 'The return was put on hold (data.holdReasons).',
  'return.released': 'A hold was lifted.',
  'return.lines_received': 'The warehouse received lines (quantities, short or wrong items).',
  'return.extra_items_received': 'Items arrived that were not announced in the return.',
  'return.lines_inspected': 'Lines were graded and given a disposition.',
  'return.photo_added': 'A photo was added to a line.',
  'return.settlement_started': 'Money started moving: a refund at the provider, store credit or an exchange.',
  'return.settlement_recorded': 'A settlement went through (data.settlementId, kind, amount).',
  'return.settlement_failed': 'A settlement failed; the lines wait for money again.',
  'return.money_adjusted': 'Staff refunded part of a line or added a goodwill amount, with a reason.',
  'return.dispute_opened': 'The shopper disputed a deduction; the return is held for review.',
  'return.withdrawal_declared': 'The shopper declared withdrawal under Art. 11 of Directive 2011/83/EU.',
  'return.feedback_given': 'The shopper rated the return.',
  'return.tagged': 'An automation rule (or staff) tagged the return (data.tag).',
  'exchange_order.created': 'An exchange order was made for approved exchange lines; it reserves the new items.',
  'exchange_order.payment_requested': 'A payment link for the price difference was sent (data.url, data.amount).',
  'exchange_order.paid': 'The price difference came in (data.via: the provider or manual).',
  'exchange_order.ready': 'The exchange order may be fulfilled: ship the new items.',
  'exchange_order.shipped': 'The new items were shipped (tracking number, carrier).',
  'exchange_order.cancelled': 'The exchange will not ship; its stock is free again and its lines are refunded or credited.',
  'exchange_order.surplus_started': 'The new items cost less: the surplus goes back to the shopper.',
  'exchange_order.difference_refund_started': 'A price difference paid for an exchange that did not ship goes back.',
  'exchange_order.not_returned': 'An instant exchange whose old item is not back in time: charged or held for review.',
  'exchange_order.charge_requested': 'A payment link for the value of an item not sent back was sent.',
  'exchange_order.charged': 'The shopper paid for the item not sent back.',
  'store_credit.held': "The shop's checkout put a hold on store credit.",
  'store_credit.redeemed': 'Store credit was spent at the checkout.',
  'store_credit.released': 'A hold on store credit was released without spending it.',
  'store_credit.reversed': 'A store-credit entry was reversed.',
  'store_credit.expired': 'Store credit reached its expiry date.',
  'webhook.endpoint_disabled': 'An endpoint was switched off after failing persistently.',
  'order.imported': 'An order was imported from the shop.',
  'stock.moved': 'A stock movement was recorded.',
};

/** The status changes of a return that have no name of their own. */
const STATUS_EVENTS = RETURN_STATUSES.filter((s) => !['under_review', 'approved', 'rejected', 'requested'].includes(s)).map(
  (s) => `return.${s}`,
);

const ADMIN = [
  'api_key.created',
  'automation.replayed',
  'automation_rule.created',
  'automation_rule.deleted',
  'automation_rule.updated',
  'api_key.revoked',
  'channel.created',
  'customer.segment_changed',
  'disposition_rules.updated',
  'email.resent',
  'inspection_checklists.updated',
  'photo.uploaded',
  'policy.activated',
  'policy.draft_created',
  'policy.draft_updated',
  'policy.exception_granted',
  'policy.exception_revoked',
  'policy.experiment_started',
  'policy.experiment_stopped',
  'policy.published',
  'reason.created',
  'reason.updated',
  'saved_view.created',
  'saved_view.deleted',
  'settings.finance_accounts_updated',
  'settings.payment_provider_saved',
  'settings.updated',
  'staff.created',
  'staff.logged_in',
  'staff.updated',
  'warehouse.created',
  'warehouse.updated',
  'webhook.delivery_replayed',
  'webhook.endpoint_created',
  'webhook.endpoint_updated',
];

export const EVENT_CATALOGUE: ReadonlyMap<string, string> = new Map([
  ...Object.entries(DESCRIBED),
  ...STATUS_EVENTS.map((t): [string, string] => [t, `The return moved to ${t.slice('return.'.length)} (data.from, data.to).`]),
  ...ADMIN.map((t): [string, string] => [t, `A change in the back office: ${t.replace(/[._]/g, ' ')}.`]),
]);
