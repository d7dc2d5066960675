import { z } from 'zod';

/** The request of an access-request export (GDPR Art. 15 and 20). */
export const privacyExportQuery = z.strictObject({
  lang: z
    .enum(['en', 'nl'])
    .optional()
    .describe("The language of summary.html and summary.pdf; the shop's default locale when Dutch, else English"),
});
