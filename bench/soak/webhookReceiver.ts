import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '../../src/domain/webhookSignature.js';
import type { MinuteStats } from './load.js';

export const WEBHOOK_KIND = 'webhook.delivery';

/**
 * A shop's webhook receiver on a free local port: each delivery's signature is checked with the
 * endpoint's secret (given once it is known) and its lateness — from the event's occurredAt to its
 * arrival — counted as the latency of kind `webhook.delivery`. A bad signature or a delivery that
 * arrives twice is an error: in a healthy run the worker signs right and sends each once.
 */
export async function startWebhookReceiver(stats: MinuteStats) {
  const seen = new Set<string>();
  let secret = '';
  let delivered = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      res.writeHead(204).end();
      const id = String(req.headers['retour-delivery']);
      const signature = req.headers['retour-signature'];
      const check = verifyWebhook(secret, typeof signature === 'string' ? signature : undefined, body, Date.now() / 1000);
      if (!check.ok) return stats.error(WEBHOOK_KIND, `delivery ${id}: signature ${check.reason}`);
      if (seen.has(id)) return stats.error(WEBHOOK_KIND, `delivery ${id} arrived twice`);
      seen.add(id);
      delivered++;
      const occurredAt = Date.parse((JSON.parse(body) as { occurredAt: string }).occurredAt);
      stats.ok(WEBHOOK_KIND, Math.max(0, Date.now() - occurredAt));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/retour-hooks`,
    setSecret: (s: string) => {
      secret = s;
    },
    delivered: () => delivered,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
