import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { getShopSettingsCached } from '../../../../app/admin/shopSettings.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import { financeAccounts, JOURNAL_COLUMNS, journalValues } from '../../../../app/money/finance/financeJournal.js';
import { journalOfDays } from '../../../../app/money/finance/journalOfDays.js';
import { updateFinanceAccounts } from '../../../../app/money/finance/updateFinanceAccounts.js';
import { reconcileProviderDay } from '../../../../app/money/payments/providerReconciliation.js';
import { csvRow } from '../../../../integrations/csv.js';
import { staff } from '../../../access.js';
import { wholeExportOf } from '../../../accessLogHook.js';
import { runCommand } from '../../../idempotencyHooks.js';
import * as s from './schema.js';

/** The money for the bookkeeping: the journal export, the daily reconciliation per provider, and the account codes. */
export function financeRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['finance'];

  r.get('/api/v1/finance/journal', {
    schema: {
      tags,
      summary: 'Refunds and store-credit movements as a journal (CSV: one line per movement, debit and credit account)',
      querystring: s.journalQuery,
      response: { 200: s.journal },
    },
    config: { access: staff('finance.read'), accessLog: wholeExportOf('finance.journal') },
    handler: async (req, reply) => {
      const lines = await journalOfDays(ctx, { from: req.query.from, to: req.query.to });
      if (req.query.format === 'json') return { items: lines };
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="retour-journal-${req.query.from}-${req.query.to}.csv"`);
      return [csvRow([...JOURNAL_COLUMNS]), ...lines.map((l) => csvRow(journalValues(l)))].join('');
    },
  });

  r.get('/api/v1/finance/reconciliation', {
    schema: {
      tags,
      summary: "One provider's day beside Retour's settlements: matched, missing, different, made outside Retour",
      querystring: s.reconciliationQuery,
      response: { 200: s.reconciliation },
    },
    config: { access: staff('finance.read') },
    handler: async (req) => {
      const { timezone } = await getShopSettingsCached(ctx.caches, ctx.db);
      return reconcileProviderDay(ctx, { provider: req.query.provider, day: req.query.day, timeZone: timezone });
    },
  });

  r.get('/api/v1/settings/finance-accounts', {
    schema: { tags, summary: 'Ledger account codes the journal uses', response: { 200: s.accountCodes } },
    config: { access: staff('finance.read') },
    handler: () => financeAccounts(ctx.db),
  });

  r.put('/api/v1/settings/finance-accounts', {
    schema: {
      tags,
      summary: 'Set ledger account codes (those left out keep theirs)',
      body: s.accountsBody,
      response: { 200: s.accountCodes },
    },
    config: { access: staff('settings.manage') },
    handler: (req, reply) => runCommand(req, reply, 200, (meta) => updateFinanceAccounts(ctx, meta, req.body)),
  });
}
