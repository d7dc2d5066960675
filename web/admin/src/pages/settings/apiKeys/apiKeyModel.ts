/** An API key as the API lists it (never its secret), and as it answers its creation (with it). */
export type { ApiKey, CreatedApiKey } from '../../../../../../src/http/routes/admin/admin/schema.js';
