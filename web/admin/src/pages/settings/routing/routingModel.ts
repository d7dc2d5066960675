/** Routing rules as the API gives and takes them. */
export type {
  RoutingRule,
  RoutingRuleBody,
  RoutingRuleList,
} from '../../../../../../src/http/routes/logistics/routing/schema.js';
export type { Category, CategoryList, Reason } from '../../../types.js';
