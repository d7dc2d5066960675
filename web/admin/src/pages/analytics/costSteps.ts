import type { CostsReport } from './analyticsWire.js';

/** The parts of the costs' breakdown, from money and goods out to the net loss. */
export type CostStep = 'refunded' | 'creditIssued' | 'exchangeValue' | 'labelCost' | 'handlingCost' | 'valueRecovered';

/**
 * The steps from what went out to the net loss, signed as they add up: refunds, credit and goods
 * sent as exchanges, labels and handling, less the value recovered — exactly the net loss's
 * formula (docs/analytics.md, "Cost per return"). Fees charged are not a step: the refunds and
 * credit were already paid net of them.
 */
export function costSteps(r: CostsReport): [CostStep, number][] {
  return [
    ['refunded', r.refunded],
    ['creditIssued', r.creditIssued],
    ['exchangeValue', r.exchangeValue],
    ['labelCost', r.labelCost],
    ['handlingCost', r.handlingCost],
    ['valueRecovered', -r.valueRecovered],
  ];
}
