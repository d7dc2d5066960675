import { hostname as osHostname } from 'node:os';
import { resolve } from 'node:path';

/** Runtime configuration, read once from environment variables. Every variable has a default
 * so the embedded start needs no configuration at all. */
export interface RetourConfig {
  port: number;
  host: string;
  /** PostgreSQL connection string; when absent Retour runs on embedded PGlite. */
  databaseUrl: string | undefined;
  /** A PostgreSQL read replica the analytics dashboards read from (a small pool of their own);
   * when absent they read the main database. */
  analyticsDatabaseUrl: string | undefined;
  dataDir: string;
  demo: boolean;
  logLevel: string;
  /** `json`, `pretty` (one readable line per entry), or unset: pretty on a terminal, JSON otherwise. */
  logFormat: string | undefined;
  /** Secret for signing shopper tokens; generated and stored in the database when absent. */
  secret: string | undefined;
  /** Connections in the PostgreSQL pool (PGlite always has one). */
  dbPoolSize: number;
  /** Run statements as prepared statements on PostgreSQL (off behind PgBouncer in transaction mode). */
  dbPreparedStatements: boolean;
  /** Marks session cookies Secure; set when Retour is served over HTTPS. */
  secureCookies: boolean;
  publicUrl: string | undefined;
  loginRateLimit: number;
  lookupRateLimit: number;
  shopperTokenTtlMinutes: number;
  sessionTtlHours: number;
  trustProxy: boolean;
  /** Seals payment-provider credentials at rest; a key file in the data directory when absent. */
  encryptionKey: string | undefined;
  /** A provider settlement still pending after this many seconds is checked with the provider. */
  reconcileAfterSeconds: number;
  /** `retour serve` also runs the background workers (outbox, webhooks, emails, periodic rounds). */
  workers: boolean;
  /** Server processes `retour serve` runs on this machine, sharing its port; undefined: one per
   * core (per two cores beside a local PostgreSQL), at most DEFAULT_MAX_PROCESSES, on PostgreSQL.
   * The embedded database is owned by one process, so there it is always 1. Each process holds its own connections: without
   * RETOUR_DB_POOL_SIZE the pool is shared out between them (see `serverProcessPoolSize`). */
  processes: number | undefined;
  /** Refuse (500, with the reason) any JSON response its route's schema would change: tests and
   * development, so a response schema never drifts from what the handler answers. */
  strictResponses: boolean;
  /** Jobs of a queue (follow-ups, bookings, platform pushes; e-mails kept in the local mailbox) one
   * process runs at the same time. E-mails over SMTP run one per SMTP connection (`smtpConnections`). */
  workerConcurrency: number;
  /** How often carriers without webhooks are asked about open return parcels (minutes). */
  trackingPollMinutes: number;
  /** How often every shop connection is caught up with its platform by cursor (minutes). */
  shopSyncMinutes: number;
  /** Where e-mail goes (smtp:// or smtps://, with credentials); without it, the local mailbox. */
  smtpUrl: string | undefined;
  /** SMTP connections one process keeps open, and e-mails it sends at the same time (one per
   * connection, so none waits for one). */
  smtpConnections: number;
  /** The From of e-mails; without it, the shop's name and support address. */
  mailFrom: string | undefined;
  /** Private and loopback addresses Retour may still call at URLs staff give (webhooks, carrier,
   * shop and payment APIs): unset none, `*` or `true` all, else a comma list of host names and
   * addresses or ranges (`erp.internal,10.20.0.0/16`). Off by default against SSRF. */
  allowPrivateUrls: string | undefined;
}

/** SMTP connections a process keeps when not told (RETOUR_SMTP_CONNECTIONS). */
export const DEFAULT_SMTP_CONNECTIONS = 8;

function intVar(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

function boolVar(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(raw.toLowerCase());
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): RetourConfig {
  return {
    port: intVar(env, 'PORT', 3000),
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    analyticsDatabaseUrl: env.RETOUR_ANALYTICS_DATABASE_URL || undefined,
    dataDir: resolve(env.RETOUR_DATA_DIR || './data'),
    demo: boolVar(env, 'RETOUR_DEMO', false),
    logLevel: env.LOG_LEVEL || 'info',
    logFormat: env.RETOUR_LOG_FORMAT || undefined,
    secret: env.RETOUR_SECRET || undefined,
    dbPoolSize: intVar(env, 'RETOUR_DB_POOL_SIZE', 10),
    dbPreparedStatements: boolVar(env, 'RETOUR_DB_PREPARED_STATEMENTS', true),
    secureCookies: boolVar(env, 'RETOUR_SECURE_COOKIES', false),
    publicUrl: env.RETOUR_PUBLIC_URL || undefined,
    loginRateLimit: intVar(env, 'RETOUR_LOGIN_RATE_LIMIT', 10),
    lookupRateLimit: intVar(env, 'RETOUR_LOOKUP_RATE_LIMIT', 20),
    shopperTokenTtlMinutes: intVar(env, 'RETOUR_SHOPPER_TOKEN_TTL_MINUTES', 60),
    sessionTtlHours: intVar(env, 'RETOUR_SESSION_TTL_HOURS', 12),
    trustProxy: boolVar(env, 'RETOUR_TRUST_PROXY', false),
    encryptionKey: env.RETOUR_ENCRYPTION_KEY || undefined,
    reconcileAfterSeconds: intVar(env, 'RETOUR_RECONCILE_AFTER_SECONDS', 60),
    workers: boolVar(env, 'RETOUR_WORKERS', true),
    strictResponses: boolVar(env, 'RETOUR_STRICT_RESPONSES', false),
    // 0 (or unset) asks for the default.
    processes: intVar(env, 'RETOUR_PROCESSES', 0) || undefined,
    workerConcurrency: Math.max(1, intVar(env, 'RETOUR_WORKER_CONCURRENCY', 4)),
    trackingPollMinutes: Math.max(1, intVar(env, 'RETOUR_TRACKING_POLL_MINUTES', 10)),
    shopSyncMinutes: Math.max(1, intVar(env, 'RETOUR_SHOP_SYNC_MINUTES', 15)),
    smtpUrl: env.RETOUR_SMTP_URL || undefined,
    smtpConnections: Math.max(1, intVar(env, 'RETOUR_SMTP_CONNECTIONS', DEFAULT_SMTP_CONNECTIONS)),
    mailFrom: env.RETOUR_MAIL_FROM || undefined,
    allowPrivateUrls: env.RETOUR_ALLOW_PRIVATE_URLS || undefined,
  };
}

/** The default RETOUR_PROCESSES at most, whatever the cores: with the background process and
 * the pools, more would near PostgreSQL's default `max_connections` (100). */
export const DEFAULT_MAX_PROCESSES = 4;

/** Whether the PostgreSQL that `databaseUrl` names runs on this machine (`localhost`, a loopback
 * address, a Unix socket, or this machine's `hostname`), and so shares its cores with Retour. A URL
 * without a host goes where node-postgres goes: to `pgHost` (PGHOST), else to localhost. A URL that
 * cannot be read, or whose host has a bad percent escape (node-postgres cannot reach it either),
 * counts as elsewhere. */
export function postgresIsLocal(databaseUrl: string, hostname = osHostname(), pgHost = process.env.PGHOST): boolean {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    return false;
  }
  // `?host=/run/postgresql` (read decoded) or a percent-encoded path as the host is a Unix socket.
  let host = url.searchParams.get('host');
  if (!host) {
    try {
      host = decodeURIComponent(url.hostname);
    } catch {
      return false;
    }
  }
  host = (host || pgHost || 'localhost').replace(/^\[|\]$/g, '');
  return (
    host.startsWith('/') ||
    host === 'localhost' ||
    host === '::1' ||
    /^127\./.test(host) ||
    host.toLowerCase() === hostname.toLowerCase()
  );
}

/** How many server processes `retour serve` runs: RETOUR_PROCESSES, else on PostgreSQL one per
 * core, or one per two cores when PostgreSQL runs on the same machine (it needs about as much CPU
 * per request as Retour, see docs/decisions.md), at most DEFAULT_MAX_PROCESSES; always 1 on the
 * embedded database (one process owns its directory), with a warning passed to `warn` when more
 * were asked for. */
export function serverProcessCount(
  config: Pick<RetourConfig, 'processes' | 'databaseUrl'>,
  cores: number,
  warn: (message: string) => void = () => undefined,
  hostname = osHostname(),
): number {
  if (!config.databaseUrl) {
    if ((config.processes ?? 1) > 1) {
      warn(
        `RETOUR_PROCESSES=${config.processes} needs PostgreSQL (DATABASE_URL): the embedded database serves one process, so 1 runs`,
      );
    }
    return 1;
  }
  if (config.processes) return config.processes;
  const usable = postgresIsLocal(config.databaseUrl, hostname) ? Math.floor(cores / 2) : cores;
  return Math.min(DEFAULT_MAX_PROCESSES, Math.max(1, usable));
}

/** The pool of each of `count` server processes when RETOUR_DB_POOL_SIZE is not set: twice the
 * one process's default (10) shared out, at least 3 each; 2 processes keep 10 each, 4 have 5. */
export function serverProcessPoolSize(count: number): number {
  return Math.max(3, Math.min(10, Math.ceil(20 / count)));
}

/** Where people reach this installation: RETOUR_PUBLIC_URL, else the host and port it listens on. */
export function publicBaseUrl(config: Pick<RetourConfig, 'publicUrl' | 'host' | 'port'>, port = config.port): string {
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return (config.publicUrl ?? `http://${shownHost}:${port}`).replace(/\/$/, '');
}
