/** A policy version is a draft while staff edit it; once published it never changes (a change is
 * a new draft), and one published version at a time is active. */
export const POLICY_VERSION_STATUSES = ['draft', 'published'] as const;
export type PolicyVersionStatus = (typeof POLICY_VERSION_STATUSES)[number];
