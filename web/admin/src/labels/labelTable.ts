import type { Lang } from '../langs.js';

/**
 * What staff read instead of the domain's codes, in both languages of the back office. Each table
 * is keyed by the domain's own union, so a code added there does not type-check here until it has
 * a label. Codes that are strings on the wire (event types, settlement kinds, providers) are listed
 * in these tables and checked against the server's catalogues by test/adminLabels.test.ts.
 */
export type Table<K extends string> = Record<Lang, Record<K, string>>;
