import { SHOPPER_LOCALES } from '../../../../../../src/domain/policy/messages.js';

import type { Reason } from '../../../../../../src/http/routes/admin/reasons/schema.js';

export type { Reason };

/** The shopper portal's languages: a reason can have a label in each; English first, as the label
 * every reason must have. */
export const LABEL_LANGS = ['en', ...SHOPPER_LOCALES.filter((l) => l !== 'en')] as const;

export const EMPTY_REASON_FORM = {
  code: '',
  parentCode: '',
  en: '',
  nl: '',
  de: '',
  fr: '',
  controllable: false,
  requiresPhoto: false,
  defect: false,
};

export const formOf = (r: Reason) => ({
  code: r.code,
  parentCode: r.parentCode ?? '',
  en: r.labels.en ?? '',
  nl: r.labels.nl ?? '',
  de: r.labels.de ?? '',
  fr: r.labels.fr ?? '',
  controllable: r.controllable,
  requiresPhoto: r.requiresPhoto,
  defect: r.defect,
});

export type ReasonForm = typeof EMPTY_REASON_FORM;
