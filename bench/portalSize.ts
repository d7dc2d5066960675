import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Builds the shopper portal and sums the gzip size of the JavaScript a shopper downloads. */
export async function measurePortalSize(): Promise<{ jsGzipKb: number; cssGzipKb: number }> {
  const { build } = await import('vite');
  await build({ configFile: 'web/portal/vite.config.ts', logLevel: 'warn' });
  const dir = 'dist/portal/assets';
  const gz = (ext: string) =>
    readdirSync(dir)
      .filter((f) => f.endsWith(ext))
      .reduce((sum, f) => sum + gzipSync(readFileSync(join(dir, f)), { level: 9 }).length, 0) / 1024;
  return { jsGzipKb: gz('.js'), cssGzipKb: gz('.css') };
}
