import type { ProcessingStage, RateDimension } from '../../../../../src/domain/analytics/vocabulary.js';
import { useLang } from '../../i18n.js';
import type { Table } from '../../labels/labelTable.js';
import { SEGMENT_LABELS } from '../../labels.js';
import { useLabels } from '../../ui/useLabels.js';

export const STAGE_LABELS: Table<ProcessingStage> = {
  en: {
    approval: 'Request → approval',
    first_scan: 'Approval → first scan',
    receipt: 'First scan → receipt',
    inspection: 'Receipt → inspection',
    refund: 'Inspection → refund',
    request_to_refund: 'Request → refund',
  },
  nl: {
    approval: 'Aanvraag → goedkeuring',
    first_scan: 'Goedkeuring → eerste scan',
    receipt: 'Eerste scan → ontvangst',
    inspection: 'Ontvangst → keuring',
    refund: 'Keuring → terugbetaling',
    request_to_refund: 'Aanvraag → terugbetaling',
  },
};

export const DIMENSION_LABELS: Table<RateDimension> = {
  en: { sku: 'SKU', product: 'Product', category: 'Category', channel: 'Channel', country: 'Country', segment: 'Segment' },
  nl: { sku: 'SKU', product: 'Product', category: 'Categorie', channel: 'Kanaal', country: 'Land', segment: 'Segment' },
};

const OTHER = { en: 'Other', nl: 'Overig' };

/** A customer segment in the screen's language, or the name the API gave a segment the shop made up. */
export function useSegmentLabel(): (code: string, fallback?: string) => string {
  const lang = useLang();
  return (code, fallback) => SEGMENT_LABELS[lang][code as 'vip'] ?? fallback ?? code;
}

/** A resolution as the reports group them ("other" for what is none of the named ones). */
export function useResolutionLabel(): (code: string) => string {
  const lang = useLang();
  const labels = useLabels();
  return (code) => (code === 'other' ? OTHER[lang] : labels.resolution(code));
}

/** A country's name in the screen's language from its ISO code, e.g. BE → "België". */
export function useCountryName(): (code: string, fallback?: string) => string {
  const lang = useLang();
  const names = new Intl.DisplayNames([lang === 'nl' ? 'nl-NL' : 'en-GB'], { type: 'region' });
  return (code, fallback) => {
    try {
      return names.of(code) ?? fallback ?? code;
    } catch {
      return fallback ?? code;
    }
  };
}
