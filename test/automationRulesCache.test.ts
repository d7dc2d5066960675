import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../src/app/kernel/context.js';
import {
  createAutomationRule,
  deleteAutomationRule,
  listAutomationRulesCached,
  updateAutomationRule,
} from '../src/app/messaging/automation/automationRules.js';
import { openDb } from '../src/db/connection.js';
import type { AutomationRuleInput } from '../src/domain/automation.js';
import { assembleAppContext } from '../src/runtime/appContext.js';
import { shareCacheChanges } from '../src/runtime/cacheChanges.js';
import { DB_KINDS, POSTGRES_ANSWERS, postgresOnly } from './support/databases.js';
import { createTestApp, type TestApp } from './support/testApp.js';
import { TEST_SHOPPER_SECRET, testConfig } from './support/testContext.js';
import { until } from './support/until.js';

const meta = { actor: cliActor };
const rule = (name: string, enabled = true): AutomationRuleInput => ({
  name,
  enabled,
  trigger: 'return.requested',
  conditions: { minRisk: 90 },
  actions: [{ type: 'tag', tag: 'cache-test' }],
});

describe.each(DB_KINDS)('automation rules kept by a process (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t?.close());

  const kept = async (id: string) => (await listAutomationRulesCached(t.ctx.caches, t.ctx.db)).find((r) => r.id === id);

  it('reads the rules once, not for every event', async () => {
    const created = await createAutomationRule(t.ctx, meta, rule('kept once'));
    expect((await kept(created.id))?.name).toBe('kept once');
    // Written past the commands (as nothing in Retour does): the kept copy does not see it.
    await t.ctx.db.updateTable('automation_rules').set({ name: 'behind its back' }).where('id', '=', created.id).execute();
    expect((await kept(created.id))?.name).toBe('kept once');
  });

  it('sees a rule created, changed or deleted in this process at once', async () => {
    const created = await createAutomationRule(t.ctx, meta, rule('new rule'));
    expect((await kept(created.id))?.name).toBe('new rule');
    await updateAutomationRule(t.ctx, meta, created.id, rule('renamed and off', false));
    expect(await kept(created.id)).toMatchObject({ name: 'renamed and off', enabled: false });
    const gone = await deleteAutomationRule(t.ctx, meta, created.id);
    expect(gone.deleted).toBe(true);
    expect(await kept(created.id)).toBeUndefined();
  });
});

describe.skipIf(!POSTGRES_ANSWERS)(postgresOnly('automation rules across processes'), () => {
  it('a rule changed in one process drops the copy the other kept', async () => {
    const t = await createTestApp('postgres');
    const second = await openDb({ databaseUrl: t.handle.url as string, poolSize: 2 });
    const log = { warn: () => undefined };
    const ctx2 = assembleAppContext(testConfig(), second.db, TEST_SHOPPER_SECRET, { now: () => t.clock.now });
    const stopFirst = await shareCacheChanges(t.ctx.caches, t.handle.url as string, log);
    const stopSecond = await shareCacheChanges(ctx2.caches, t.handle.url as string, log);
    try {
      const created = await createAutomationRule(t.ctx, meta, rule('seen elsewhere'));
      const elsewhere = async () => (await listAutomationRulesCached(ctx2.caches, ctx2.db)).find((r) => r.id === created.id);
      expect((await elsewhere())?.enabled).toBe(true);
      // Counts the drops the other process makes from now on: the change must be heard, not outlived.
      let drops = 0;
      const cache = ctx2.caches.automationRules;
      const drop = cache.dropCopy.bind(cache);
      cache.dropCopy = () => {
        drops++;
        drop();
      };
      await updateAutomationRule(t.ctx, meta, created.id, rule('seen elsewhere', false));
      await until(() => drops > 0, { what: 'the other process to drop its rules' });
      expect((await elsewhere())?.enabled).toBe(false);
    } finally {
      await stopSecond();
      await stopFirst();
      await second.close();
      await t.close();
    }
  });
});
