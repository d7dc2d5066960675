import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Builds a web app (the shopper portal or the back office) for production and sums the gzip
 * size of the JavaScript and CSS a browser downloads for it. */
export async function measureAppSize(app: 'portal' | 'admin'): Promise<{ jsGzipKb: number; cssGzipKb: number }> {
  const { build } = await import('vite');
  await build({ configFile: `web/${app}/vite.config.ts`, logLevel: 'warn' });
  const dir = `dist/${app}/assets`;
  const gz = (ext: string) =>
    readdirSync(dir)
      .filter((f) => f.endsWith(ext))
      .reduce((sum, f) => sum + gzipSync(readFileSync(join(dir, f)), { level: 9 }).length, 0) / 1024;
  return { jsGzipKb: gz('.js'), cssGzipKb: gz('.css') };
}
