import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/globalSetup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    // Every JSON answer a test sees must be exactly what its route's schema declares (also in the
    // retour processes tests start, which inherit this environment).
    // The fakes of carriers, shops, payment providers and webhook receivers listen on 127.0.0.1, which
    // Retour calls only where RETOUR_ALLOW_PRIVATE_URLS allows it (the retour processes tests start too).
    env: { RETOUR_STRICT_RESPONSES: 'true', RETOUR_ALLOW_PRIVATE_URLS: '*' },
  },
});
