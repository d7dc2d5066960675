import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from '../precompress.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

// The shopper portal, served by Retour under /returns/ from dist/portal.
export default defineConfig({
  root,
  base: '/returns/',
  plugins: [react(), precompress()],
  build: { outDir: fileURLToPath(new URL('../../dist/portal', import.meta.url)), emptyOutDir: true, target: 'es2022' },
});
