import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/env.js';
import { buildServer, loggableUrl } from '../src/http/server.js';
import { formatLogLine, hideSecrets, prettyLogStream } from '../src/runtime/logFormat.js';
import { createTestApp } from './support/testApp.js';

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

describe('request URLs in the server log', () => {
  it("mask the values of secret query parameters, Shippo's webhook token first", () => {
    expect(loggableUrl('/api/v1/carriers/cc_1/webhooks?token=shp_whk_s3cr3t')).toBe(
      '/api/v1/carriers/cc_1/webhooks?token=[hidden]',
    );
    expect(loggableUrl('/x?limit=20&api_key=k1&cursor=abc&Signature=s&access%5Ftoken=t')).toBe(
      '/x?limit=20&api_key=[hidden]&cursor=abc&Signature=[hidden]&access%5Ftoken=[hidden]',
    );
    expect(loggableUrl('/api/v1/returns')).toBe('/api/v1/returns');
    expect(loggableUrl('/x?flag&token=%E0%A4%A')).toBe('/x?flag&token=[hidden]');
  });

  it('are logged without the token a webhook came with', async () => {
    const t = await createTestApp('pglite');
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const config = loadConfig({ LOG_LEVEL: 'info', RETOUR_DATA_DIR: mkdtempSync(join(tmpdir(), 'retour-log-')) });
    const app = await buildServer({ config, ctx: t.ctx, logger: { level: 'info', stream } });
    try {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/carriers/cc_unknown/webhooks?token=shp_whk_s3cr3t',
        headers: { 'content-type': 'application/json' },
        payload: '{"event":"track_updated"}',
      });
      expect(res.statusCode).toBe(404);
    } finally {
      await app.close();
      await t.close();
    }
    const log = lines.join('');
    expect(log).toContain('/api/v1/carriers/cc_unknown/webhooks?token=[hidden]');
    expect(log).not.toContain('shp_whk_s3cr3t');
  });
});
