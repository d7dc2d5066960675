import { config } from 'zod';

// Zod tries `new Function` to see whether it may compile its parsers, as the shared schemas are
// made: the back office's Content-Security-Policy allows no eval, so it is told not to try (and
// the browser reports no violation). Imported first by main.tsx, before any schema is made.
config({ jitless: true });
