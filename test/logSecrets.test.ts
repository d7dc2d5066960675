import { describe, expect, it } from 'vitest';
import { formatLogLine, hideSecrets, prettyLogStream } from '../src/runtime/logFormat.js';

const SECRETS = ['Bearer sk_live_abc', 'sid=s3cr3t', 'hunter2', 'live_mollie_key', 'shp_token_1', 'whsec_1'];

describe('readable log lines', () => {
  it('never print credentials, whatever field carries them', () => {
    const line = formatLogLine({
      level: 50,
      time: Date.parse('2026-06-15T10:04:31.207Z'),
      msg: 'provider call failed',
      headers: { authorization: 'Bearer sk_live_abc', Cookie: 'sid=s3cr3t', accept: 'application/json' },
      body: { email: 'a@b.nl', password: 'hunter2' },
      provider: { name: 'mollie', apiKey: 'live_mollie_key' },
      token: 'shp_token_1',
      endpoints: [{ url: 'https://shop.example/hook', signingSecret: 'whsec_1' }],
    });
    for (const secret of SECRETS) expect(line).not.toContain(secret);
    // What is not a credential is still there to read.
    expect(line).toContain('application/json');
    expect(line).toContain('a@b.nl');
    expect(line).toContain('mollie');
    expect(line).toContain('https://shop.example/hook');
  });

  it('hide them in a stream of JSON lines too', () => {
    const out: string[] = [];
    const stream = prettyLogStream({ write: (t) => out.push(t) });
    stream.write(`${JSON.stringify({ level: 30, msg: 'login', req: { method: 'POST', url: '/x' }, password: 'hunter2' })}\n`);
    expect(out.join('')).toContain('POST /x');
    expect(out.join('')).not.toContain('hunter2');
  });

  it('hideSecrets keeps the shape and copes with a cycle', () => {
    const entry: Record<string, unknown> = { a: 1, nested: { privateKey: 'pk', list: [{ x_csrf_token: 't' }] } };
    entry.self = entry;
    const hidden = hideSecrets(entry) as Record<string, unknown>;
    expect(hidden.a).toBe(1);
    expect(hidden.nested).toEqual({ privateKey: '[hidden]', list: [{ x_csrf_token: '[hidden]' }] });
  });
});
