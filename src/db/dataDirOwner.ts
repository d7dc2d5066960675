import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * The embedded database (PGlite) lives in one process's memory and is written back to its data
 * directory by that process alone. A second process opening the same directory works on a copy
 * that the first one overwrites: a user created there can log in nowhere and is gone after a
 * restart. So one process owns a data directory at a time, marked by a lock file in it; every
 * other process refuses before it opens anything. PostgreSQL needs none of this.
 */

export const OWNER_LOCK_FILE = 'retour-owner.lock';

/** What the lock file says about the process that owns the directory. */
export interface DataDirOwner {
  pid: number;
  host: string;
  /** e.g. `retour serve`, `retour create-user`. */
  command: string;
  startedAt: string;
  /** Where the owner serves, once it listens. */
  url?: string;
  /** Anything else the owner wants other processes to read (the demo's ready-to-try orders). */
  notes?: Record<string, unknown>;
  /** Tells this claim from an earlier one of the same pid. */
  token: string;
}

/** The owner is touched this often so that a lock of another host can be judged by its age. */
const HEARTBEAT_MS = 15_000;
/** A lock from another host untouched this long is taken to be left behind. */
const FOREIGN_STALE_MS = 4 * HEARTBEAT_MS;

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: DataDirOwner,
  ) {
    const where = owner.url ? `, serving ${owner.url}` : '';
    const host = owner.host === hostname() ? '' : ` on ${owner.host}`;
    super(
      `The embedded database in ${dataDir} is in use by \`${owner.command}\` (pid ${owner.pid}${host}${where}, ` +
        `since ${owner.startedAt}). Only one process can use it at a time: ` +
        (owner.url ? `stop that server first, or do this through it at ${owner.url}. ` : 'wait for it to end or stop it. ') +
        `If no such process runs, remove ${join(dataDir, OWNER_LOCK_FILE)}.`,
    );
    this.name = 'DataDirInUseError';
  }
}

/** Tokens of the claims this process holds now. */
const heldHere = new Set<string>();

/** Whether the process that wrote `owner` may still be running. */
function ownerAlive(owner: DataDirOwner, lockPath: string): boolean {
  if (owner.host !== hostname()) {
    // Another machine sharing the directory: its pid means nothing here, but a live owner keeps
    // touching the file.
    try {
      const age = Date.now() - statSync(lockPath).mtimeMs;
      return age < FOREIGN_STALE_MS;
    } catch {
      return false;
    }
  }
  // Our own pid on a claim we do not hold is an earlier run's (a container restarts with the same pid).
  if (owner.pid === process.pid) return heldHere.has(owner.token);
  if (!(owner.pid > 0)) return false;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(lockPath: string): DataDirOwner | null {
  try {
    return JSON.parse(readFileSync(lockPath, 'utf8')) as DataDirOwner;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    // Unreadable content cannot name a live owner (the file is only ever put in place whole).
    return { pid: -1, host: hostname(), command: 'unknown', startedAt: 'unknown', token: 'unreadable' };
  }
}

/** Writes `content` to `path` whole: other processes see the old file or the new one, never half. */
function writeWhole(path: string, content: string, place: (tmp: string) => void) {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, content, { mode: 0o600 });
  try {
    place(tmp);
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // renamed into place already
    }
  }
}

export interface DataDirClaim {
  readonly owner: DataDirOwner;
  /** Adds what other processes should be told (the URL once listening, notes). */
  update(extra: { url?: string; notes?: Record<string, unknown> }): void;
  /** Gives the directory up; only removes the lock while it is still this claim's. */
  release(): void;
}

/**
 * Takes the data directory for this process, or throws `DataDirInUseError` naming the process
 * that has it. A lock left by a process that is gone (killed, crashed) is taken over.
 */
export function claimDataDir(dataDir: string, command: string): DataDirClaim {
  const lockPath = join(dataDir, OWNER_LOCK_FILE);
  let owner: DataDirOwner = {
    pid: process.pid,
    host: hostname(),
    command,
    startedAt: new Date().toISOString(),
    token: randomBytes(8).toString('hex'),
  };
  for (let attempt = 0; ; attempt++) {
    try {
      // link() fails when the name exists: of two processes starting at once, exactly one wins.
      writeWhole(lockPath, JSON.stringify(owner), (tmp) => linkSync(tmp, lockPath));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const current = readOwner(lockPath);
    if (!current) continue; // released in between: try again
    if (ownerAlive(current, lockPath) || attempt >= 5) throw new DataDirInUseError(dataDir, current);
    takeOver(lockPath, current);
  }

  heldHere.add(owner.token);
  let released = false;
  const mine = () => readOwner(lockPath)?.token === owner.token;
  const heartbeat = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(lockPath, now, now);
    } catch {
      // the directory went away; nothing to keep alive
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();
  const release = () => {
    if (released) return;
    released = true;
    heldHere.delete(owner.token);
    clearInterval(heartbeat);
    process.removeListener('exit', release);
    try {
      if (mine()) unlinkSync(lockPath);
    } catch {
      // already gone
    }
  };
  // A process that ends without closing the database (process.exit, an uncaught error) still
  // gives the directory up; a killed one leaves a lock that the next start takes over.
  process.on('exit', release);

  return {
    get owner() {
      return owner;
    },
    update(extra) {
      if (released || !mine()) return;
      owner = { ...owner, ...extra };
      writeWhole(lockPath, JSON.stringify(owner), (tmp) => renameSync(tmp, lockPath));
    },
    release,
  };
}

/** Removes a lock whose owner is gone, unless another process replaced it meanwhile. */
function takeOver(lockPath: string, stale: DataDirOwner) {
  // Move the stale lock aside under a name of our own, then check that what we moved is the lock
  // we judged: if another process took over first, theirs is put back.
  const aside = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    renameSync(lockPath, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const moved = readOwner(aside);
  if (moved && moved.token !== stale.token) {
    try {
      linkSync(aside, lockPath);
    } catch {
      // a third process holds it now; it will be judged on the next attempt
    }
  }
  unlinkSync(aside);
}
