import { type ChildProcess, spawn } from 'node:child_process';

export interface RunningRetour {
  child: ChildProcess;
  url: string;
  output: () => string;
  exit: Promise<number | null>;
  stop: () => Promise<number | null>;
}

const RUNNING_AT = /Retour is running at (http:\/\/\S+)/;

/**
 * Starts `retour` (e.g. `serve`, `worker`) as a user would and waits for the line `ready` that says
 * it runs (by default the one with its URL). There is no clock here: a start that ends before
 * that line fails with what it printed, and the test's own timeout catches one that hangs.
 */
export function startRetour(args: string[], env: Record<string, string>, ready: RegExp = RUNNING_AT): Promise<RunningRetour> {
  const child = spawn(process.execPath, ['bin/retour.js', ...args], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    return exit;
  };
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (ready.test(out)) resolve({ child, url: RUNNING_AT.exec(out)?.[1] ?? '', output: () => out, exit, stop });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    // A start that ends before it printed its URL fails with what it said.
    void exit.then((code) => reject(new Error(`exited with ${code} before printing its URL:\n${out}`)));
  });
}

/** Runs one `retour` command to its end. */
export function runRetour(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/retour.js', ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}
