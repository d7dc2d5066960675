import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { cliActor } from '../src/app/kernel/context.js';
import { listAutomationRules, updateAutomationRule } from '../src/app/messaging/automation/automationRules.js';
import { requestReturn } from '../src/app/returns/requestReturn.js';
import { loadConfig } from '../src/config/env.js';
import { openDb } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { startJobQueue } from '../src/jobs/jobQueue.js';
import { relayOutbox } from '../src/jobs/outboxRelay.js';
import { startWorkers } from '../src/jobs/worker.js';
import { createAppContext } from '../src/runtime/appContext.js';
import { prepareOrders, REASON_CODE } from './fixtures.js';
import { type JobCost, measureJobCost } from './jobCost.js';

export interface EmailSendResult {
  perSecond: number;
  emails: number;
  seconds: number;
  /** Messages the SMTP server received more than once (by Message-ID). */
  duplicates: number;
  cost: JobCost;
}

/** An SMTP server on loopback that counts what it receives, by Message-ID. */
async function startSmtpPeer(onMessage: (messageId: string) => void): Promise<{ port: number; stop: () => Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, _session, callback) => {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (head.length < 8192) head += chunk.toString('utf8');
      });
      stream.on('end', () => {
        onMessage(/^Message-ID:\s*(\S+)/im.exec(head)?.[1] ?? '');
        callback();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.server.address() as AddressInfo).port,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/**
 * Shopper e-mails rendered and handed to SMTP per second: `returns` two-line returns are requested
 * (each asks for a "requested" and an "approved" e-mail) and relayed, so the e-mails wait with their
 * jobs; then the workers start and the clock runs until a local SMTP server has received every one
 * — reading the return, rendering the e-mail, SMTP and the row's outcome.
 */
export async function measureEmailSend(
  options: { databaseUrl?: string; dataDir?: string; returns?: number; automation?: boolean },
  log: (line: string) => void,
): Promise<EmailSendResult> {
  const seen = new Set<string>();
  let duplicates = 0;
  let expected = Number.POSITIVE_INFINITY;
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => {
    done = resolve;
  });
  const smtp = await startSmtpPeer((id) => {
    if (seen.has(id)) duplicates++;
    seen.add(id);
    if (seen.size >= expected) done();
  });
  const handle = await openDb({ databaseUrl: options.databaseUrl, dataDir: options.dataDir });
  try {
    await migrateToLatest(handle.db);
    const config = loadConfig({
      RETOUR_DATA_DIR: options.dataDir ?? 'bench',
      RETOUR_ENCRYPTION_KEY: 'bench-email-key',
      RETOUR_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      RETOUR_PUBLIC_URL: 'http://127.0.0.1:8080',
    });
    const ctx = await createAppContext(config, handle.db);
    // Only e-mail is measured: the automation rules a new database starts with would run for the
    // same events on their own queue meanwhile, and their CPU and statements would count here.
    if (options.automation !== true)
      for (const { id, name, trigger, conditions, actions } of await listAutomationRules(ctx.db))
        await updateAutomationRule(ctx, { actor: cliActor }, id, { name, enabled: false, trigger, conditions, actions });
    const orders = await prepareOrders(ctx, options.returns ?? 500);
    const ids = await ctx.db.selectFrom('orders').select(['id', 'order_number']).execute();
    const orderId = new Map(ids.map((o) => [o.order_number, o.id]));
    for (const order of orders) {
      await requestReturn(
        ctx,
        { actor: cliActor },
        {
          orderId: orderId.get(order.number) as string,
          source: 'api',
          lines: order.lineIds.map((id) => ({ orderLineId: id, quantity: 1, reasonCode: REASON_CODE, resolution: 'refund' })),
        },
      );
    }
    // The queues exist before the relay puts the e-mails' jobs on them.
    await (await startJobQueue(handle)).stop({ graceful: false, wait: true });
    while ((await relayOutbox(ctx)).events > 0);
    const pending = await ctx.db
      .selectFrom('emails')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    expected = Number(pending.n);
    if (expected === 0) throw new Error('the returns asked for no e-mail');
    log(`[email] ${expected} e-mails of ${orders.length} returns wait; sending`);
    const cost = await measureJobCost(options.databaseUrl);
    const started = performance.now();
    const workers = await startWorkers(ctx, handle, { pollMs: 50 });
    try {
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`only ${seen.size} of ${expected} e-mails received in 180 s`)), 180_000).unref(),
      );
      await Promise.race([all, timeout]);
      const seconds = (performance.now() - started) / 1000;
      return { perSecond: expected / seconds, emails: expected, seconds, duplicates, cost: await cost.stop() };
    } finally {
      await workers.stop();
    }
  } finally {
    await handle.close();
    await smtp.stop();
  }
}
