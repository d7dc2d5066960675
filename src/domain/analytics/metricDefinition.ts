/** A metric's definition in plain words, shown beside its chart and in docs/analytics.md: what the
 * formula is, what counts and which dates the period applies to, in every language of the back office. */
export interface MetricDefinition {
  key: string;
  title: Record<'en' | 'nl', string>;
  text: Record<'en' | 'nl', string>;
}
