import { z } from 'zod';
import { CARRIER_METHODS } from '../../../../domain/carriers.js';
import { instant, itemsOf, noBody, type Wire } from '../../common.js';

const countryCode = z.string().max(10).describe('ISO 3166-1 alpha-2, upper case');
const id = z.string().min(1).max(64);

export const routingConditions = z
  .strictObject({
    countries: z.array(countryCode).max(300).optional().describe("The shopper's country is one of these"),
    categoryIds: z.array(id).max(200).optional().describe('A returned product is in one of these categories'),
    reasonCodes: z.array(z.string().min(1).max(64)).max(200).optional().describe('A line was returned for one of these reasons'),
    methods: z.array(z.enum(CARRIER_METHODS)).max(10).optional().describe('The shopper chose one of these methods'),
    defect: z.boolean().optional().describe('true: only returns with a defect reported; false: only without'),
  })
  .describe('Which returns the rule takes; a missing or empty list means any');

const partnerAddress = z.strictObject({
  line1: z.string().trim().max(200),
  line2: z.string().trim().max(200).optional(),
  postcode: z.string().trim().max(20),
  city: z.string().trim().max(100),
  country: countryCode,
});

export const routingDestination = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('warehouse'), warehouseId: id }),
    z.strictObject({ kind: z.literal('nearest_warehouse') }),
    z.strictObject({
      kind: z.enum(['vendor', 'repair_partner']),
      name: z.string().trim().max(200),
      address: partnerAddress,
      email: z.email().max(200).nullish(),
    }),
  ])
  .describe('Where the returns go: a warehouse (hub, refurbishment centre), the nearest one, or a vendor or repair partner');

export const serviceChoice = z
  .enum(['configured', 'cheapest'])
  .describe('configured: the first service set for the method and country; cheapest: the lowest rate quoted among them');

export const routingRuleBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  enabled: z.boolean().optional(),
  conditions: routingConditions,
  destination: routingDestination,
  serviceChoice: serviceChoice.optional(),
});
export const reorderBody = z.strictObject({
  ruleIds: z.array(id).max(500).describe('Every rule, each once, in the order they are tried'),
});
export const deleteRuleBody = noBody;

export const routingRule = z.object({
  id: z.string(),
  name: z.string(),
  position: z.number().describe('Rules are tried from the lowest position; the first that takes a return decides'),
  enabled: z.boolean(),
  conditions: routingConditions,
  destination: routingDestination,
  serviceChoice,
  createdAt: instant,
  updatedAt: instant,
});
export const routingRuleList = itemsOf(routingRule);
export const deletedRoutingRule = z.object({ id: z.string(), deleted: z.literal(true) });

export type RoutingRule = Wire<typeof routingRule>;
export type RoutingRuleList = Wire<typeof routingRuleList>;
export type RoutingRuleBody = z.input<typeof routingRuleBody>;
