import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../../app/kernel/context.js';
import { credentialStillValid, eventsAfter, type LiveEvent, LiveEventFeed } from '../../../../app/messaging/liveEvents.js';
import { RetourError } from '../../../../domain/errors.js';
import { staff } from '../../../access.js';
import { eventStream, streamQuery } from './schema.js';

/** A comment line every so often keeps proxies from closing a quiet stream, and is when the
 * stream checks that the session behind it still holds. */
const HEARTBEAT_MS = 20_000;

/** Server-sent events: the back office's queue and return detail learn of changes as they happen. */
export function liveRoutes(app: FastifyInstance, ctx: AppContext, feed = new LiveEventFeed(ctx.db)) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const open = new Set<() => void>();
  // Streams never end by themselves; closing the server ends them first so it can close.
  app.addHook('preClose', async () => {
    for (const end of open) end();
    feed.close();
  });

  r.get('/api/v1/events/stream', {
    schema: {
      tags: ['live updates'],
      summary: 'Server-sent events: every change to returns as it happens (`text/event-stream`)',
      description:
        'Each message carries the event id as its `id` and `{ id, type, returnId, actorType, occurredAt }` as ' +
        'its data, `type` naming the change (e.g. `return.approved`). Send `Last-Event-ID` to resume after a reconnect. ' +
        'A comment line arrives every 20 s; the stream ends when the session does.',
      querystring: streamQuery,
      response: { 200: eventStream },
    },
    config: { access: staff('returns.read') },
    handler: async (req, reply) => {
      if (!String(req.headers.accept ?? '').includes('text/event-stream'))
        throw new RetourError('not_acceptable', 'EVENT_STREAM_ONLY', 'This route answers with text/event-stream only');
      const principal = req.principal;
      const who =
        principal?.kind === 'staff'
          ? { sessionId: principal.sessionId }
          : principal?.kind === 'api_key'
            ? { apiKeyId: principal.apiKeyId }
            : null;
      if (!who) throw new RetourError('forbidden', 'FORBIDDEN', 'Staff only');
      const only = req.query.returnId;
      const lastId = req.headers['last-event-id'];
      const resumeAfter = typeof lastId === 'string' && /^evt_[0-9a-z]{26}$/.test(lastId) ? lastId : null;
      // Read what was missed before subscribing, so nothing falls between the two.
      const missed = resumeAfter ? await eventsAfter(ctx.db, resumeAfter) : [];

      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': req.id,
      });
      const send = (e: LiveEvent) => {
        if (only && e.returnId !== only) return;
        // Unnamed messages, so a browser's `onmessage` gets every kind; the kind is in the data.
        res.write(`id: ${e.id}\ndata: ${JSON.stringify(e)}\n\n`);
      };
      // A reconnecting EventSource waits this long; a restart of the server is over by then.
      res.write('retry: 3000\n: connected\n\n');
      for (const e of missed) send(e);
      const unsubscribe = feed.subscribe(send);
      const heartbeat = setInterval(async () => {
        if (!(await credentialStillValid(ctx.db, who, ctx.now()).catch(() => true))) return end();
        res.write(': heartbeat\n\n');
      }, HEARTBEAT_MS);
      heartbeat.unref();
      function end() {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(end);
        if (!res.writableEnded) res.end();
      }
      open.add(end);
      req.raw.on('close', end);
    },
  });
}
