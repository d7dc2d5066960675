/**
 * Logs are JSON lines (pino's) for machines: a log collector, `docker logs | jq`. A person
 * watching `npm start` in a terminal reads them better as one plain line each, so when stdout is
 * a terminal (or RETOUR_LOG_FORMAT=pretty) each JSON line is turned into
 * `12:04:31.207 INFO  request completed  GET /api/v1/returns 200 12.4ms  reqId=req_…`.
 */

export type LogFormat = 'json' | 'pretty';

/** `json` or `pretty` from RETOUR_LOG_FORMAT; by default pretty on a terminal, JSON otherwise. */
export function logFormat(setting: string | undefined, isTty: boolean): LogFormat {
  if (setting === 'json' || setting === 'pretty') return setting;
  return isTty ? 'pretty' : 'json';
}

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const LEVEL_COLOURS: Record<string, string> = { WARN: '\x1b[33m', ERROR: '\x1b[31m', FATAL: '\x1b[31m', DEBUG: '\x1b[90m' };
/** Fields every line has, or that are shown in their own place rather than as key=value. */
const SHOWN_APART = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'req', 'res', 'responseTime', 'err', 'v']);

/** Field names whose values are credentials: a header, a cookie, a password, a provider's key, a
 * shopper's token. pino's redaction names exact paths of the server's own entries; a readable line
 * (and the worker's entries, which pino never sees) may carry any field a caller logged, so these are
 * hidden by name at any depth. */
const SECRET_FIELD = /authorization|cookie|password|passwd|secret|token|api[-_]?key|private[-_]?key|^key$|credential|csrf/i;

/** `v` with the value of every credential-named field, at any depth, replaced by `[hidden]`. */
export function hideSecrets(v: unknown, depth = 0): unknown {
  if (v === null || typeof v !== 'object') return v;
  // Log fields are shallow; a deep or cyclic one is cut rather than walked.
  if (depth > 8) return '[…]';
  if (Array.isArray(v)) return v.map((x) => hideSecrets(x, depth + 1));
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>).map(([k, x]) => [
      k,
      SECRET_FIELD.test(k) ? '[hidden]' : hideSecrets(x, depth + 1),
    ]),
  );
}

const value = (v: unknown) => {
  if (typeof v === 'string') return /[\s"=]/.test(v) || v === '' ? JSON.stringify(v) : v;
  return JSON.stringify(v);
};

/** One log entry as one readable line (colours only when asked, for a terminal). */
export function formatLogLine(entry: Record<string, unknown>, colour = false): string {
  const level =
    typeof entry.level === 'number'
      ? (LEVEL_NAMES[entry.level] ?? String(entry.level))
      : String(entry.level ?? 'INFO').toUpperCase();
  const time = new Date(typeof entry.time === 'number' || typeof entry.time === 'string' ? entry.time : Date.now());
  const clock = Number.isNaN(time.getTime()) ? '--:--:--.---' : time.toISOString().slice(11, 23);
  const parts = [clock, colour && LEVEL_COLOURS[level] ? `${LEVEL_COLOURS[level]}${level.padEnd(5)}\x1b[0m` : level.padEnd(5)];
  if (entry.msg !== undefined) parts.push(String(entry.msg));
  const request: string[] = [];
  const req = entry.req as { method?: string; url?: string } | undefined;
  if (req?.method) request.push(`${req.method} ${req.url ?? ''}`);
  const res = entry.res as { statusCode?: number } | undefined;
  if (res?.statusCode) request.push(String(res.statusCode));
  if (typeof entry.responseTime === 'number') request.push(`${entry.responseTime.toFixed(1)}ms`);
  if (request.length) parts.push(` ${request.join(' ')}`);
  const fields = Object.entries(entry)
    .filter(([k, v]) => !SHOWN_APART.has(k) && v !== undefined)
    .map(([k, v]) => `${k}=${SECRET_FIELD.test(k) ? '[hidden]' : value(hideSecrets(v))}`);
  const err = entry.err as { message?: string; type?: string; stack?: string } | undefined;
  if (err?.message) {
    // The first frame of the stack says where; the whole trace is in the JSON format.
    const at = err.stack
      ?.split('\n')
      .find((l) => l.trim().startsWith('at '))
      ?.trim();
    fields.push(`err=${value(`${err.type ? `${err.type}: ` : ''}${err.message}${at ? ` (${at})` : ''}`)}`);
  }
  if (fields.length) parts.push(` ${fields.join(' ')}`);
  return parts.join(' ').replace(/\s*\n\s*/g, ' ');
}

/** A pino destination that writes each JSON line to `out` as a readable line. */
export function prettyLogStream(out: { write(text: string): unknown }, colour = false) {
  let pending = '';
  return {
    write(chunk: string) {
      pending += chunk;
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (line.trim()) {
          let text = line;
          try {
            text = formatLogLine(JSON.parse(line) as Record<string, unknown>, colour);
          } catch {
            // not JSON: shown as it came
          }
          out.write(`${text}\n`);
        }
        newline = pending.indexOf('\n');
      }
    },
  };
}
