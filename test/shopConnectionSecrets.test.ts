import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createApiKey } from '../src/app/admin/createApiKey.js';
import { cliActor } from '../src/app/kernel/context.js';
import { loadConfig } from '../src/config/env.js';
import { buildServer } from '../src/http/server.js';
import { createTestApp } from './support/testApp.js';

describe('shop connection secrets in the server log', () => {
  it('never appear, from the save, the check, a refused change or a webhook to the connection', async () => {
    const t = await createTestApp('pglite', { RETOUR_ENCRYPTION_KEY: 'shop-log-test' });
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const config = loadConfig({ LOG_LEVEL: 'debug', RETOUR_DATA_DIR: mkdtempSync(join(tmpdir(), 'retour-shop-log-')) });
    const app = await buildServer({ config, ctx: t.ctx, logger: { level: 'debug', stream } });
    const { key } = await createApiKey(t.ctx, { actor: cliActor }, { name: 'log test', role: 'admin' });
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const tokens: string[] = [];
    try {
      const saved = await app.inject({
        method: 'POST',
        url: '/api/v1/connections',
        headers,
        payload: {
          platform: 'woocommerce',
          name: 'Woo',
          shop: 'http://127.0.0.1:9',
          apiKey: 'ck_log_secret_key_1',
          apiSecret: 'cs_log_secret_2',
          webhookSecret: 'whsec_log_3',
        },
      });
      expect(saved.statusCode, saved.body).toBe(201);
      const tested = await app.inject({
        method: 'POST',
        url: `/api/v1/connections/${saved.json().id}/test`,
        headers,
        payload: {},
      });
      expect(tested.json().ok).toBe(false);
      const bad = await app.inject({
        method: 'PUT',
        url: `/api/v1/connections/${saved.json().id}`,
        headers,
        payload: { shop: 'https://elsewhere.example', apiKey: 'ck_log_secret_key_1' },
      });
      expect(bad.statusCode).toBe(422);
      // The webhook URL's token is a secret too (ChannelEngine signs nothing): the log masks it.
      const { webhook_token: token } = await t.ctx.db
        .selectFrom('shop_connections')
        .select('webhook_token')
        .where('id', '=', saved.json().id)
        .executeTakeFirstOrThrow();
      tokens.push(token);
      await app.inject({ method: 'GET', url: `/api/v1/shop-webhooks/${token}?type=orders&tenant=x` });
      await app.inject({
        method: 'POST',
        url: `/api/v1/shop-webhooks/${token}`,
        headers: { 'content-type': 'application/json' },
        payload: '{}',
      });
    } finally {
      await app.close();
      await t.close();
    }
    const log = lines.join('');
    expect(log).toContain('/api/v1/connections');
    expect(log).toContain('/api/v1/shop-webhooks/[hidden]?type=orders');
    expect(tokens).toHaveLength(1);
    for (const secret of ['ck_log_secret_key_1', 'cs_log_secret_2', 'whsec_log_3', ...tokens]) expect(log).not.toContain(secret);
  });
});
