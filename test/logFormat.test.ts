import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatLogLine, logFormat, prettyLogStream } from '../src/runtime/logFormat.js';
import { startRetour } from './support/retourProcess.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('log lines', () => {
  it('are readable lines on a terminal and JSON otherwise, unless RETOUR_LOG_FORMAT says', () => {
    expect(logFormat(undefined, true)).toBe('pretty');
    expect(logFormat(undefined, false)).toBe('json');
    expect(logFormat('json', true)).toBe('json');
    expect(logFormat('pretty', false)).toBe('pretty');
    expect(logFormat('fancy', false)).toBe('json');
  });

  it('show time, level, message, the request and the other fields on one line', () => {
    const time = Date.parse('2026-06-15T10:04:31.207Z');
    expect(
      formatLogLine({
        level: 30,
        time,
        pid: 1,
        hostname: 'h',
        reqId: 'req_1',
        res: { statusCode: 200 },
        responseTime: 12.44,
        msg: 'request completed',
      }),
    ).toBe('10:04:31.207 INFO  request completed  200 12.4ms  reqId=req_1');
    expect(formatLogLine({ level: 30, time, req: { method: 'GET', url: '/api/health' }, msg: 'incoming request' })).toBe(
      '10:04:31.207 INFO  incoming request  GET /api/health',
    );
    const line = formatLogLine({
      level: 50,
      time,
      msg: 'background workers failed to start',
      attempt: 2,
      note: 'two words',
      err: {
        type: 'Error',
        message: 'boom\nsecond line',
        stack: 'Error: boom\n    at start (src/runtime/background.ts:10:5)\n    at x',
      },
    });
    expect(line).toBe(
      '10:04:31.207 ERROR background workers failed to start  attempt=2 note="two words" ' +
        'err="Error: boom\\nsecond line (at start (src/runtime/background.ts:10:5))"',
    );
    expect(line).not.toContain('\n');
    expect(formatLogLine({ level: 40, time, msg: 'careful' }, true)).toContain('\x1b[33mWARN');
  });

  it('the stream turns each JSON line into one readable line, however the chunks fall', () => {
    let out = '';
    const stream = prettyLogStream({ write: (t: string) => (out += t) });
    const entry = JSON.stringify({ level: 30, time: 0, msg: 'one' });
    stream.write(`${entry}\n${entry.slice(0, 10)}`);
    stream.write(`${entry.slice(10)}\nnot json\n`);
    expect(out).toBe('00:00:00.000 INFO  one\n00:00:00.000 INFO  one\nnot json\n');
  });

  it('a server started with RETOUR_LOG_FORMAT=pretty logs readable lines with its request ids', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'retour-logs-'));
    dirs.push(dataDir);
    const s = await startRetour(['serve'], { RETOUR_DATA_DIR: dataDir, RETOUR_LOG_FORMAT: 'pretty', NO_COLOR: '1' });
    try {
      const res = await fetch(`${s.url}/api/health`, { headers: { 'x-request-id': 'req-from-test' } });
      expect(res.status).toBe(200);
    } finally {
      expect(await s.stop()).toBe(0);
    }
    const lines = s.output().split('\n');
    expect(lines.filter((l) => l.startsWith('{'))).toEqual([]);
    expect(lines).toContainEqual(
      expect.stringMatching(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}request completed {2}200 [\d.]+ms {2}reqId=req-from-test$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/INFO {2}shutting down: finishing in-flight requests {2}signal=SIGTERM$/));
  });
});
