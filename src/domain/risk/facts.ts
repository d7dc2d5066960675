/** What the risk score is worked out from, loaded by the application (src/app/risk/loadRiskFacts.ts);
 * the score itself never reads a database or the clock. Amounts are minor units of the return's
 * currency, read as if euros: the thresholds are meant as rough sizes, not exact prices. */

export type RiskStage = 'request' | 'inspection';

/** A block or allow list entry the customer matches. */
export interface ListMatch {
  entryId: string;
  kind: 'customer' | 'email' | 'address' | 'phone' | 'payment';
  reason: string;
}

/** How one other customer is linked to this one. */
export interface LinkedCustomer {
  customerId: string;
  /** What they share: address, phone, email, payment, device, ip. */
  via: string[];
  /** Their latest risk score. */
  score: number;
  blocked: boolean;
}

export interface RiskFacts {
  stage: RiskStage;
  segment: string;
  blockMatches: ListMatch[];
  allowMatches: ListMatch[];
  /** The customer's history before this return (its own rows left out). */
  history: {
    /** Earlier returns that still stand (not cancelled, rejected or expired). */
    returnCount: number;
    /** What those returns' units were paid, units sent back from a bracket left out (another size
     * or colour of the product was kept from the order: that is bracketing's cost, not serial). */
    returnedValue: number;
    /** What the customer paid for their orders, this one included, the same bracketed units left out. */
    boughtValue: number;
    /** Earlier returned lines found worn or used, or with their tags removed, at inspection. */
    wornFindings: number;
    /** Earlier returns asked soon after an event date for an order placed just before it. */
    eventReturns: number;
    /** Earlier returns whose parcel arrived empty. */
    emptyBoxes: number;
    /** Earlier lines that came back as another item (wrong item received, or graded X). */
    wrongItems: number;
    /** Returns asked in the velocity window before this one. */
    recentReturns: number;
  };
  /** The shop's own return rate by value (returned ÷ sold), 0–1: what "serial" is measured against. */
  baselineValueRate: number;
  /** This return. */
  current: {
    value: number;
    lines: number;
    controllableLines: number;
    /** The event date this return follows, when it does. */
    event: string | null;
    /** Products of which several sizes or colours were bought on the order and all but one are
     * asked back in this return; with what sending them back costs the shop. */
    bracketing: { products: number; units: number; cost: number };
    /** Different orders looked up from the device or IP this request came from, in the last hour. */
    lookupsLastHour: number;
  };
  /** What inspection found on this return; null at request. */
  inspection: { worn: number; tagsRemoved: number; emptyBox: boolean; wrongItems: number } | null;
  linked: LinkedCustomer[];
  /** Refunded before receipt and still not received, over the customer's returns (this one too). */
  exposure: number;
}

/** Facts of a first-time shopper with nothing against them: a base for what is known. */
export function noRiskFacts(stage: RiskStage = 'request'): RiskFacts {
  return {
    stage,
    segment: 'standard',
    blockMatches: [],
    allowMatches: [],
    history: {
      returnCount: 0,
      returnedValue: 0,
      boughtValue: 0,
      wornFindings: 0,
      eventReturns: 0,
      emptyBoxes: 0,
      wrongItems: 0,
      recentReturns: 0,
    },
    baselineValueRate: 0,
    current: {
      value: 0,
      lines: 0,
      controllableLines: 0,
      event: null,
      bracketing: { products: 0, units: 0, cost: 0 },
      lookupsLastHour: 0,
    },
    inspection: null,
    linked: [],
    exposure: 0,
  };
}
