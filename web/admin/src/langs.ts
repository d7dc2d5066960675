/** The back office speaks Dutch and English. Kept apart from i18n.ts (which reads the browser) so
 * pure modules such as the label tables can be checked and tested outside a browser. */
export const LANGS = ['en', 'nl'] as const;
export type Lang = (typeof LANGS)[number];
