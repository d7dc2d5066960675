import { z } from 'zod';
import { SEVERITIES, VERDICT_CODE_NAMES } from '../../../../domain/policy/codes.js';
import { SHOPPER_LOCALES } from '../../../../domain/policy/messages.js';
import { SIMULATION_SIDES, SPLIT_KEYS } from '../../../../domain/policy/simulation.js';
import { POLICY_VERSION_STATUSES } from '../../../../domain/policy/versionStatus.js';
import { REFUND_TIMINGS, RETURN_METHODS } from '../../../../domain/policy/vocabulary.js';
import { DEDUCTIBLE_GRADES } from '../../../../domain/refund.js';
import { RESOLUTIONS } from '../../../../domain/returnLine.js';
import { instant, type Wire } from '../../common.js';

/** The policy's verdict and the simulator's report, as the API answers them. */

const verdictCode = z.enum(VERDICT_CODE_NAMES);

/** Values a code's sentence is filled with; amounts are minor units, dates are 'YYYY-MM-DD'. */
export const codeParams = z.object({
  deadline: z.string().optional(),
  days: z.number().optional(),
  amount: z.number().optional(),
  currency: z.string().optional(),
  percent: z.number().optional(),
  limit: z.number().optional(),
  returnable: z.number().optional(),
  requested: z.number().optional(),
  resolutions: z.array(z.string()).optional().describe("The resolutions a bonus is given for, e.g. ['store_credit']"),
});

/** A reason of the verdict, with a plain sentence in the language asked. */
export const explainedReason = z.object({
  code: verdictCode,
  severity: z.enum(SEVERITIES),
  source: z.string().describe('The rule (or defaults, product flag, law) the reason comes from'),
  params: codeParams.optional(),
  message: z.string().describe('In the language asked'),
});

const perResolution = z.partialRecord(z.enum(RESOLUTIONS), z.number());

export const explainedLineVerdict = z.object({
  orderLineId: z.string(),
  quantity: z.number(),
  returnableQuantity: z.number().describe('Units that can still be returned from this order line'),
  eligible: z.boolean(),
  flow: z.enum(['return', 'warranty']).describe('warranty: a defect reported after the return window'),
  reasons: z.array(explainedReason).describe('Every reason that applies, refusals first'),
  codes: z.array(verdictCode),
  lifted: z.array(z.object({ code: verdictCode, by: z.string() })).describe('Refusals that law or a staff exception set aside'),
  deadline: z.string().nullable().describe('The last day to request a return (local date)'),
  deadlineAt: instant.nullable().describe('The instant the return window ends'),
  shopDeadline: z.string().nullable(),
  statutoryDeadline: z.string().nullable().describe('For EU consumers: the end of the statutory withdrawal period'),
  withinStatutoryPeriod: z.boolean(),
  guaranteeEnds: z.string().nullable().optional().describe('The last day of the legal guarantee (null before delivery)'),
  resolutions: z.array(z.enum(RESOLUTIONS)),
  methods: z.array(z.enum(RETURN_METHODS)),
  value: z.number().describe('What was paid for the units judged'),
  restockingFee: z.number(),
  bonus: perResolution.describe('Extra credit per resolution that earns one'),
  bonusTerms: z
    .partialRecord(z.enum(RESOLUTIONS), z.object({ percent: z.number(), fixed: z.number() }))
    .describe("The policy's terms for that bonus"),
  keepItem: z.boolean(),
  photoRequired: z.boolean(),
  manualReview: z.boolean(),
  autoApprove: z.boolean(),
  maxExchanges: z.number().nullable(),
  diminishedValue: z
    .partialRecord(z.enum(DEDUCTIBLE_GRADES), z.number())
    .describe('Deduction for diminished value per grade (percent)'),
  refundTiming: z.enum(REFUND_TIMINGS),
  instantExchange: z.boolean(),
  firedRules: z.array(z.string()).describe('Rules whose conditions held for this line, in policy order'),
  pendingOnReason: z.array(z.string()).describe("Rules that depend on the shopper's reason, not yet known"),
  decidedBy: z.record(z.string(), z.string()).describe('Which rule set each effect used'),
});

/** What the policy's verdict adds up to for the lines asked. */
export const verdictTotals = z.object({
  value: z.number(),
  restockingFees: z.number(),
  returnShippingFee: z.number(),
  bonus: z.number(),
  deliveryRefund: z.number().describe('The standard delivery cost that comes back with the return (whole order withdrawn)'),
  refund: z.number().describe('What the settlement pays, delivery cost included'),
  storeCredit: z.number(),
});

export const explainedVerdict = z.object({
  evaluatedAt: instant,
  currency: z.string(),
  locale: z.enum(SHOPPER_LOCALES),
  euConsumer: z.boolean(),
  lines: z.array(explainedLineVerdict),
  methods: z
    .array(
      z.object({
        method: z.enum(RETURN_METHODS),
        fee: z.number(),
        waived: z.boolean(),
        source: z.string().nullable().describe('The rule that set the fee'),
      }),
    )
    .describe('Methods open to every line that has to be sent back, with the return-shipping fee each costs'),
  method: z.enum(RETURN_METHODS).nullable(),
  reasons: z.array(explainedReason).describe('Reasons that concern the whole return (the shipping fee)'),
  eligible: z.boolean(),
  autoApprove: z.boolean(),
  totals: verdictTotals,
});

const perCode = z.partialRecord(verdictCode, z.number());
const perSplit = z.record(z.enum(SPLIT_KEYS), z.number());

const sideSummary = z.object({
  returns: z.number(),
  returnsEligible: z.number(),
  returnsAutoApproved: z.number(),
  lines: z.number(),
  eligible: z.number(),
  ineligible: z.number(),
  review: z.number().describe('Eligible lines a person looks at before approval'),
  resolutionSwitched: z.number().describe('Eligible lines whose chosen resolution this policy does not allow'),
  restockingFees: z.number(),
  returnShippingFees: z.number(),
  bonus: z.number(),
  split: z.object({ lines: perSplit, value: perSplit }).describe('Eligible lines by the resolution they are expected to end in'),
  codes: perCode.describe('Lines carrying each verdict code'),
  returnCodes: perCode.describe('Returns carrying each return-level code'),
});

/** The policy version that judged. */
export const policyRef = z.object({
  id: z.string(),
  number: z.number(),
  name: z.string(),
  status: z.enum(POLICY_VERSION_STATUSES),
});
const simulatedVersion = policyRef.extend({ active: z.boolean() });
const orderEligibility = z.object({ eligible: z.number(), ineligible: z.number() });

/** The simulation's outcome: `sides.current` is the baseline version, `sides.candidate` the version
 * tried; money in minor units of the shop's currency. */
export const simulationReport = z.object({
  candidate: simulatedVersion,
  baseline: simulatedVersion,
  days: z.number(),
  from: instant,
  to: instant,
  timeZone: z.string(),
  currency: z.string(),
  returns: z.number().describe('Returns requested in the window and replayed'),
  returnLines: z.number(),
  orderLines: z.number().describe('Lines of the orders placed in the window, judged as if all of it came back'),
  sides: z.record(z.enum(SIMULATION_SIDES), sideSummary),
  changes: z.object({
    pairs: z.number(),
    becameEligible: z.number(),
    becameIneligible: z.number(),
    unchanged: z.number(),
    codesChanged: z.number(),
    resolutionChanged: z.number(),
    sample: z
      .array(
        z.object({
          returnNumber: z.string(),
          orderLineId: z.string(),
          requestedAt: instant.nullable(),
          eligibleBefore: z.boolean(),
          eligibleAfter: z.boolean(),
          codesBefore: z.array(verdictCode),
          codesAfter: z.array(verdictCode),
        }),
      )
      .describe('Lines whose eligibility flipped, most recent request first'),
  }),
  orders: z.object({
    orders: z.number(),
    lines: z.number(),
    linesAtReturn: z.number(),
    assumedDaysAfterDelivery: z.number(),
    current: orderEligibility,
    candidate: orderEligibility,
    opened: z.number(),
    closed: z.number(),
  }),
});

export type ExplainedReason = Wire<typeof explainedReason>;
export type ExplainedLineVerdict = Wire<typeof explainedLineVerdict>;
export type ExplainedVerdict = Wire<typeof explainedVerdict>;
export type SimulationReport = Wire<typeof simulationReport>;
