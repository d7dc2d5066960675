/** Policy versions and experiments as the API lists them. */
export interface VersionRow {
  id: string;
  number: number;
  name: string;
  status: 'draft' | 'published';
  active: boolean;
  publishedAt: string | null;
}
export interface Experiment {
  id: string;
  name: string;
  status: string;
  controlVersionId: string;
  variantVersionId: string;
  variantPercent: number;
  stoppedAt: string | null;
}
