import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { CpuLedger, processCpuMs } from '../bench/cpu.js';

const started: ChildProcess[] = [];

/** A process that spends some CPU, says so, and then waits to be killed. */
async function busyProcess(): Promise<number> {
  const child = spawn(
    process.execPath,
    ['-e', 'let x = 0; for (let i = 0; i < 3e7; i++) x += i; console.log("ready", x); setInterval(() => {}, 1000);'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  started.push(child);
  await once(child.stdout as NodeJS.ReadableStream, 'data');
  return child.pid as number;
}

afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
});

describe('the bench CPU ledger', () => {
  it('keeps the CPU a process had used when it was last read once the process is gone', async () => {
    const first = await busyProcess();
    const second = await busyProcess();
    const ledger = new CpuLedger();
    const both = ledger.read([first, second]);
    const firstAlone = processCpuMs(first);
    expect(firstAlone).toBeGreaterThan(0);
    expect(both).toBeGreaterThanOrEqual(firstAlone);

    const child = started[0] as ChildProcess;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
    expect(processCpuMs(first)).toBe(0);
    // Read again without the gone process, and with it: the total does not drop either way.
    expect(ledger.read([second])).toBeGreaterThanOrEqual(both);
    expect(ledger.read([first, second])).toBeGreaterThanOrEqual(both);
    expect(ledger.read([])).toBeGreaterThanOrEqual(both);
  });
});
