import type { RetourConfig } from '../config/env.js';
import { startBackground, stopOnSignals } from '../runtime/background.js';
import { boot } from '../runtime/boot.js';
import { formatLogLine, hideSecrets, logFormat } from '../runtime/logFormat.js';

/** Log lines on stdout like the server's (JSON, or one readable line each on a terminal), so
 * both kinds of process read the same. */
function workerLog(level: string, pretty: boolean) {
  const write = (lvl: string) => (obj: object, msg: string) => {
    const err = (obj as { err?: unknown }).err;
    const fields = err instanceof Error ? { ...obj, err: { message: err.message, stack: err.stack } } : obj;
    // No pino here to redact: credentials are hidden by field name in both formats.
    const entry = hideSecrets({ level: lvl, time: Date.now(), msg, ...fields }) as Record<string, unknown>;
    console.log(pretty ? formatLogLine(entry, Boolean(process.stdout.isTTY) && !process.env.NO_COLOR) : JSON.stringify(entry));
  };
  const quiet = () => undefined;
  return {
    info: ['warn', 'error', 'silent'].includes(level) ? quiet : write('info'),
    warn: level === 'silent' ? quiet : write('warn'),
  };
}

/** `retour worker`: only the background work (outbox, webhooks, emails, periodic rounds), for
 * installations that run servers and workers as separate processes on one PostgreSQL. */
export async function runWorker(config: RetourConfig): Promise<void> {
  const runtime = await boot(config, 'retour worker');
  const { ctx, handle } = runtime;
  if (handle.kind === 'pglite') {
    console.warn('Retour: the embedded database serves one process; `retour serve` already runs the workers.');
  }
  const background = await startBackground(
    config,
    ctx,
    handle,
    workerLog(config.logLevel, logFormat(config.logFormat, Boolean(process.stdout.isTTY)) === 'pretty'),
  );
  console.log('Retour worker is running');

  stopOnSignals(background, handle);
}
