import { type Browser, chromium } from 'playwright-core';

// Flags for a headless Chromium on a machine with a closed network: without the background
// networking ones it tries to reach update and sync hosts at every start.
const ARGS = [
  '--no-sandbox',
  '--no-zygote',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Where the test browser lives: `CHROMIUM_PATH` when set (e.g. Debian's `/usr/bin/chromium`),
 * otherwise the Chromium that the npm package `@sparticuz/chromium` ships, unpacked once.
 * The global setup resolves it before the test files run in parallel, so two of them never
 * unpack it at the same time.
 */
export async function chromiumExecutable(): Promise<string> {
  const chosen = process.env.CHROMIUM_PATH ?? process.env.RETOUR_TEST_CHROMIUM;
  if (chosen) return chosen;
  const { default: packaged } = await import('@sparticuz/chromium');
  return packaged.executablePath();
}

/** A headless Chromium for the browser tests. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: await chromiumExecutable(), args: ARGS });
}
