import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { publicBaseUrl, type RetourConfig, serverProcessCount } from '../config/env.js';
import { buildServer } from '../http/server.js';
import { startBackground } from '../runtime/background.js';
import { boot } from '../runtime/boot.js';
import { logFormat, prettyLogStream } from '../runtime/logFormat.js';
import { SharedRateLimitStore } from '../runtime/sharedRateLimit.js';
import {
  type ServerProcessMessage,
  serveBackgroundProcess,
  serveProcesses,
  startedAs,
  tellPrimaryOfCommits,
} from './serverProcesses.js';
import { prepareShop, printWhereToOpen } from './serveStart.js';

/** How long in-flight requests may take to finish once the process is told to stop. */
const SHUTDOWN_GRACE_MS = 10_000;

/** `retour serve`: migrate, optionally seed the demo shop, listen, and shut down gracefully. On
 * PostgreSQL it runs RETOUR_PROCESSES server processes sharing the port (by default one per core,
 * or per two cores beside a local PostgreSQL, at most 4; see `serverProcessCount`). */
export async function serve(config: RetourConfig): Promise<void> {
  // Told by the primary that started it, not by node:cluster: under a process manager's own
  // cluster mode (PM2) every instance is a cluster worker, and each must then serve alone.
  const role = startedAs();
  if (role === 'background') return serveBackgroundProcess(config);
  if (role === 'http') return serveOneProcess(config, { sharedWithOthers: true });
  if (!cluster.isPrimary) return serveOneProcess(config, { sharedWithOthers: false });
  const processes = serverProcessCount(config, availableParallelism(), (m) => console.warn(`Retour: ${m}`));
  if (processes > 1) return serveProcesses(config, processes);
  return serveOneProcess(config, { sharedWithOthers: false });
}

/** One server process: alone (it prepares the database, runs the background work and prints where
 * to open Retour), or one of several the primary started (it only answers requests, counts rate
 * limits with the others through the primary and tells it of commits for the background process). */
async function serveOneProcess(config: RetourConfig, { sharedWithOthers }: { sharedWithOthers: boolean }): Promise<void> {
  const runtime = await boot(config, 'retour serve');
  const { ctx, handle } = runtime;
  const showcase = sharedWithOthers ? null : await prepareShop(config, runtime);

  const pretty = logFormat(config.logFormat, Boolean(process.stdout.isTTY)) === 'pretty';
  const app = await buildServer({
    config,
    ctx,
    // NO_COLOR (no-color.org) keeps a terminal's lines plain.
    ...(pretty
      ? { logger: { stream: prettyLogStream(process.stdout, Boolean(process.stdout.isTTY) && !process.env.NO_COLOR) } }
      : {}),
    ...(sharedWithOthers ? { rateLimitStore: SharedRateLimitStore as unknown as FastifyRateLimitStoreCtor } : {}),
  });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = publicBaseUrl(config, port);
  // A second process refused the embedded database is told where this one serves (and `retour
  // demo` reads the demo's orders from there).
  handle.owner?.update({ url, ...(showcase ? { notes: { demo: showcase } } : {}) });
  // Started before the stop handlers are installed so that a stop during start-up waits for it.
  const backgroundStarting =
    config.workers && !sharedWithOthers ? startBackground(config, ctx, handle, app.log) : Promise.resolve(null);
  backgroundStarting.catch((err: unknown) => {
    app.log.error({ err }, 'background workers failed to start');
    process.exitCode = 1;
    void shutdown('startup-failure');
  });
  const stopTelling = sharedWithOthers ? tellPrimaryOfCommits(ctx) : () => undefined;

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    // Fastify closes the connections that are idle when closing starts; a keep-alive connection
    // whose request finishes later would hold the close open until its keep-alive timeout (72 s).
    // Close those as they go idle, and everything after a grace period.
    const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
    const deadline = setTimeout(() => app.server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    try {
      await app.close();
      stopTelling();
      const background = await backgroundStarting.catch(() => null);
      await background?.stop();
    } finally {
      clearInterval(sweep);
      clearTimeout(deadline);
      await handle.close();
      process.exit(process.exitCode ?? 0);
    }
  };
  // Listening before the handlers are in place would let a stop signal kill the process outright;
  // kept for repeats too (a second Ctrl-C while stopping is ignored, not fatal).
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  if (sharedWithOthers) {
    const listening: ServerProcessMessage = { retour: 'listening', url };
    process.send?.(listening);
  } else {
    printWhereToOpen(config, url, showcase);
  }
}
