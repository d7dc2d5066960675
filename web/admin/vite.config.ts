import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from '../precompress.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

// The back office, served by Retour under /admin/ from dist/admin.
export default defineConfig({
  root,
  base: '/admin/',
  plugins: [react(), precompress()],
  build: { outDir: fileURLToPath(new URL('../../dist/admin', import.meta.url)), emptyOutDir: true, target: 'es2022' },
});
