import cluster, { type Worker } from 'node:cluster';
import type { AppContext } from '../app/kernel/context.js';
import { eventsCommitted, whenEventsCommitted } from '../app/kernel/eventsCommitted.js';
import { type RetourConfig, serverProcessPoolSize } from '../config/env.js';
import { startBackground, stopOnSignals } from '../runtime/background.js';
import { boot } from '../runtime/boot.js';
import { type ProcessLog, processLog } from '../runtime/processLog.js';
import { rateLimitCounts } from '../runtime/sharedRateLimit.js';
import { prepareShop, printWhereToOpen } from './serveStart.js';

/** A process that died is started again after this pause, doubled for each quick death in a row. */
const FIRST_RESTART_MS = 500;
const LONGEST_RESTART_MS = 30_000;
/** A process that ran this long before it died starts its successor after the first pause again. */
const HEALTHY_RUN_MS = 30_000;
/** Commits a server process makes within this time are told to the background process at once. */
const TELL_COMMITS_AFTER_MS = 5;
/** How long the processes have to stop (each gives its requests 10 s) before they are killed. */
const STOP_DEADLINE_MS = 15_000;
/** The environment variable by which the primary tells a process it started what it is. */
const ROLE_VARIABLE = 'RETOUR_PROCESS_ROLE';

/** What a server process tells the primary: where it listens, and that it committed events. */
export type ServerProcessMessage = { retour: 'listening'; url: string } | { retour: 'events-committed' };
type Role = 'http' | 'background';

/** What the primary of several started this process as, or null when no Retour primary did (run
 * alone, or as an instance of a process manager's own cluster). */
export function startedAs(): Role | null {
  const role = process.env[ROLE_VARIABLE];
  return cluster.isWorker && (role === 'http' || role === 'background') ? role : null;
}

const isMessage = (m: unknown): m is ServerProcessMessage =>
  typeof m === 'object' && m !== null && ['listening', 'events-committed'].includes((m as { retour?: string }).retour ?? '');

interface Supervisor {
  /** Resolves with the URL once every server process listens; rejects when one dies before. */
  running: Promise<string>;
  /** Stops every process; the primary exits once all have, 0 when each stopped cleanly. */
  stop(signal: string, failed?: boolean): void;
}

/** The environment a process of `role` is started with beside the primary's own: its role and,
 * for a server process, unless RETOUR_DB_POOL_SIZE says otherwise, its share of the pool one
 * process would hold (each holds its own, and the whole must stay below max_connections). */
function environmentOf(role: Role, count: number): NodeJS.ProcessEnv {
  const pool = role === 'http' && !process.env.RETOUR_DB_POOL_SIZE;
  return { [ROLE_VARIABLE]: role, ...(pool ? { RETOUR_DB_POOL_SIZE: String(serverProcessPoolSize(count)) } : {}) };
}

/** Starts `count` server processes and (with `background`) the background process, and keeps
 * them running: a process that dies is started again after a pause that doubles while they keep
 * dying soon after their start, so a process that cannot run is no tight loop. */
function superviseProcesses(count: number, background: boolean, log: ProcessLog): Supervisor {
  const roles = new Map<Worker, { role: Role; startedAt: number }>();
  const countRateLimits = rateLimitCounts();
  const restarts = new Set<NodeJS.Timeout>();
  const state = { url: '', listening: 0, closing: false, failedExit: false, restartMs: FIRST_RESTART_MS };
  let started: (url: string) => void = () => undefined;
  let failedToStart: (err: Error) => void = () => undefined;
  const running = new Promise<string>((resolve, reject) => {
    started = resolve;
    failedToStart = reject;
  });

  const start = (role: Role) => {
    const worker = cluster.fork(environmentOf(role, count));
    roles.set(worker, { role, startedAt: Date.now() });
    worker.on('message', (message: unknown) => {
      countRateLimits(worker, message);
      if (!isMessage(message)) return;
      if (message.retour === 'listening') {
        state.url ||= message.url;
        if (++state.listening === count) started(state.url);
      } else {
        for (const [other, { role: r }] of roles) if (r === 'background' && other.isConnected()) other.send(message);
      }
    });
  };
  const exitWhenAllStopped = () => {
    if (roles.size === 0) process.exit(state.failedExit ? 1 : 0);
  };

  cluster.on('exit', (worker, code, signal) => {
    const was = roles.get(worker);
    roles.delete(worker);
    if (!was) return;
    if (state.closing) {
      // A process stopped by the SIGTERM sent to it (or a terminal's SIGINT) before it had its
      // handlers, still starting, stopped as asked.
      if (code !== 0 && !(code === null && (signal === 'SIGTERM' || signal === 'SIGINT'))) state.failedExit = true;
      exitWhenAllStopped();
    } else if (state.listening < count) {
      failedToStart(new Error(`a ${was.role} process exited with ${code ?? signal} before Retour was running`));
    } else {
      const ranLong = Date.now() - was.startedAt > HEALTHY_RUN_MS;
      state.restartMs = ranLong ? FIRST_RESTART_MS : Math.min(state.restartMs * 2, LONGEST_RESTART_MS);
      const pid = worker.process.pid;
      log.error(
        { process: pid, role: was.role, code, signal, restartInMs: state.restartMs },
        'a Retour process died; starting another',
      );
      const timer = setTimeout(() => {
        restarts.delete(timer);
        if (!state.closing) start(was.role);
      }, state.restartMs);
      restarts.add(timer);
    }
  });

  if (background) start('background');
  for (let i = 0; i < count; i++) start('http');
  return {
    running,
    stop: (signal, failed = false) => {
      if (failed) state.failedExit = true;
      if (state.closing) return;
      state.closing = true;
      for (const timer of restarts) clearTimeout(timer);
      log.info({ signal, processes: roles.size }, 'shutting down: stopping every Retour process');
      for (const worker of roles.keys()) worker.process.kill('SIGTERM');
      exitWhenAllStopped();
      // A process stuck past its own grace period is killed, and the primary exits all the same.
      setTimeout(() => {
        log.error({ processes: roles.size, afterMs: STOP_DEADLINE_MS }, 'Retour processes did not stop in time; killing them');
        for (const worker of roles.keys()) worker.process.kill('SIGKILL');
        process.exit(1);
      }, STOP_DEADLINE_MS).unref();
    },
  };
}

/**
 * The primary of several server processes on one machine (RETOUR_PROCESSES, PostgreSQL only). Node
 * 20 cannot listen with SO_REUSEPORT, so node:cluster shares the port: the primary accepts the
 * connections and hands them to the server processes in turn, which also spreads keep-alive
 * clients evenly. The primary applies the migrations and seeds the demo once, then starts `count`
 * server processes and, unless RETOUR_WORKERS is off, one background process for the outbox, the
 * jobs and the periodic rounds: one copy instead of one per server process (each copy polls the
 * outbox and every job queue, and holds its own connections), and the answering processes keep
 * their event loops for requests. Server processes tell it of their commits through the primary,
 * so follow-ups start as soon as with one process. SIGTERM or SIGINT stops them all and exits 0
 * when every one stopped cleanly.
 */
export async function serveProcesses(config: RetourConfig, count: number): Promise<void> {
  const log = processLog(config);
  const runtime = await boot(config, 'retour serve');
  let showcase: Awaited<ReturnType<typeof prepareShop>>;
  try {
    showcase = await prepareShop(config, runtime);
  } finally {
    await runtime.handle.close();
  }
  const supervisor = superviseProcesses(count, config.workers, log);
  // Kept for repeats: a second Ctrl-C while the processes stop is ignored, not fatal to the primary.
  process.on('SIGINT', () => supervisor.stop('SIGINT'));
  process.on('SIGTERM', () => supervisor.stop('SIGTERM'));
  log.info({ processes: count, background: config.workers }, 'starting the server processes');
  let url: string;
  try {
    url = await supervisor.running;
  } catch (err) {
    supervisor.stop('startup-failure', true);
    throw err;
  }
  printWhereToOpen(config, url, showcase);
  console.log(`Retour: ${count} server processes${config.workers ? ' and one background process' : ''} (RETOUR_PROCESSES)`);
}

/** The background process of several: the outbox relay, the job workers and the periodic rounds,
 * woken when a server process says it committed events. */
export async function serveBackgroundProcess(config: RetourConfig): Promise<void> {
  const log = processLog(config);
  const { ctx, handle } = await boot(config, 'retour serve (background)');
  const background = await startBackground(config, ctx, handle, log);
  process.on('message', (message: unknown) => {
    if (isMessage(message) && message.retour === 'events-committed') eventsCommitted(ctx.db);
  });
  stopOnSignals(background, handle);
}

/** In a server process of several: tells the primary (for the background process) that this
 * process committed events, gathering the commits of a few milliseconds into one message. Answers
 * how to stop. */
export function tellPrimaryOfCommits(ctx: AppContext): () => void {
  let soon: NodeJS.Timeout | null = null;
  const unwatch = whenEventsCommitted(ctx.db, () => {
    soon ??= setTimeout(() => {
      soon = null;
      const message: ServerProcessMessage = { retour: 'events-committed' };
      if (process.connected) process.send?.(message);
    }, TELL_COMMITS_AFTER_MS);
  });
  return () => {
    unwatch();
    if (soon) clearTimeout(soon);
  };
}
