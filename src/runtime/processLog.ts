import type { RetourConfig } from '../config/env.js';
import { formatLogLine, hideSecrets, logFormat } from './logFormat.js';

/** pino's numbers for the levels, so these lines read like the server's own. */
const LEVELS = { info: 30, warn: 40, error: 50 } as const;
/** LOG_LEVEL as pino reads it: the lowest level written. */
const THRESHOLDS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

export interface ProcessLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Log lines of a process that has no Fastify logger (the primary of several server processes,
 * the start-up before the server exists): one JSON line each on stdout as pino writes them, or one
 * readable line on a terminal, at LOG_LEVEL. */
export function processLog(config: Pick<RetourConfig, 'logLevel' | 'logFormat'>): ProcessLog {
  const pretty = logFormat(config.logFormat, Boolean(process.stdout.isTTY)) === 'pretty';
  const threshold = THRESHOLDS[config.logLevel] ?? (config.logLevel === 'silent' ? Number.POSITIVE_INFINITY : 0);
  const write = (level: keyof typeof LEVELS) => (obj: object, msg: string) => {
    if (LEVELS[level] < threshold) return;
    const err = (obj as { err?: unknown }).err;
    const fields = err instanceof Error ? { ...obj, err: { type: err.name, message: err.message, stack: err.stack } } : obj;
    const entry = hideSecrets({ level: LEVELS[level], time: Date.now(), pid: process.pid, ...fields, msg }) as Record<
      string,
      unknown
    >;
    process.stdout.write(
      `${pretty ? formatLogLine(entry, Boolean(process.stdout.isTTY) && !process.env.NO_COLOR) : JSON.stringify(entry)}\n`,
    );
  };
  return { info: write('info'), warn: write('warn'), error: write('error') };
}
