/** The orders a list of returns can be sorted in: the API takes them, the back office offers them. */
export const RETURN_SORTS = ['newest', 'oldest', 'value_desc', 'value_asc', 'risk_desc', 'updated_desc'] as const;
export type ReturnSort = (typeof RETURN_SORTS)[number];
