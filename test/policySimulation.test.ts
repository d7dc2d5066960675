import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppContext, cliActor } from '../src/app/kernel/context.js';
import { createPolicyDraft } from '../src/app/policy/createPolicyDraft.js';
import { loadEvaluationFacts } from '../src/app/policy/evaluationFacts.js';
import { grantPolicyException } from '../src/app/policy/grantPolicyException.js';
import { factsAsOf, loadFactsBatch } from '../src/app/policy/loadFactsBatch.js';
import { type SimulationReport, simulatePolicy } from '../src/app/policy/simulatePolicy.js';
import { cancelReturn } from '../src/app/returns/cancelReturn.js';
import { requestReturn } from '../src/app/returns/requestReturn.js';
import { type PolicyCommandIo, runPolicyCommand } from '../src/cli/policyCommand.js';
import type { PolicyDocumentInput } from '../src/domain/policy/document.js';
import type { Resolution } from '../src/domain/returnLifecycle.js';
import { createTestDb, DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders } from './support/fixtures.js';
import { testContext } from './support/testContext.js';

const NOW = new Date('2026-06-15T10:00:00Z');
const meta = { actor: cliActor };
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const abroad = { line1: '5th Avenue 1', postcode: '10001', city: 'New York', country: 'US' };

const base: Pick<PolicyDocumentInput['defaults'], 'resolutions' | 'methods'> = {
  resolutions: ['refund', 'store_credit', 'exchange'],
  methods: ['label', 'qr', 'pickup', 'store'],
};
/** A week instead of 30 days, fees, and the earbuds on clearance (final sale). */
const STRICT: PolicyDocumentInput = {
  defaults: {
    ...base,
    window: { days: 7, from: 'delivery' },
    restockingFee: { percent: 10, fixed: 0 },
    returnShippingFee: { amount: 495, perMethod: {} },
  },
  rules: [{ id: 'clearance', name: 'Clearance is final', when: { skus: ['BUDS'] }, effects: { finalSale: true } }],
};
/** Sixty days, and jackets may come back after all. */
const GENEROUS: PolicyDocumentInput = {
  defaults: { ...base, window: { days: 60, from: 'delivery' } },
  rules: [{ id: 'jackets', name: 'Jackets are returnable', when: { skus: ['JACKET'] }, effects: { finalSale: false } }],
};
/** The standard policy with half its window. */
const FIFTEEN_DAYS: PolicyDocumentInput = { defaults: { ...base, window: { days: 15, from: 'delivery' } } };
const CREDIT_ONLY: PolicyDocumentInput = {
  defaults: { ...base, window: { days: 30, from: 'delivery' }, resolutions: ['store_credit'] },
};

const ROOT = join(import.meta.dirname, '..');
function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/retour.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function captureIo(): PolicyCommandIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    progress: false,
    stdout: () => out,
    stderr: () => err,
  };
}

describe.each(DB_KINDS)('policy simulator (%s)', (kind) => {
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  let clock = NOW;
  let ctx: AppContext;
  let orders: Awaited<ReturnType<typeof seedOrders>>;
  const versions = { strict: '', generous: '', identical: '', creditOnly: '', fifteen: '' };
  const returns: Record<string, string> = {};

  const request = async (
    at: Date,
    order: (typeof orders)[number],
    lines: [sku: string, quantity: number, resolution: Resolution][],
    method: 'qr' | 'label' | null = null,
  ) => {
    clock = at;
    try {
      const made = await requestReturn(ctx, meta, {
        orderId: order.id,
        source: 'agent',
        method,
        lines: lines.map(([sku, quantity, resolution]) => ({
          orderLineId: order.lineBySku[sku] as string,
          quantity,
          reasonCode: 'too_small',
          resolution,
        })),
      });
      return made.returnId;
    } finally {
      clock = NOW;
    }
  };
  const simulate = (candidateVersionId: string, extra: { baselineVersionId?: string; days?: number } = {}) =>
    simulatePolicy(ctx, { candidateVersionId, days: 90, ...extra });

  beforeAll(async () => {
    handle = await createTestDb(kind);
    ctx = testContext(handle.db, { now: () => clock });
    await seedCatalogue(ctx);
    const shared = { email: 'pat@example.com', firstName: 'Pat', lastName: 'Jones' };
    orders = await seedOrders(ctx, [
      orderFixture('S1', ago(40)),
      orderFixture('S2', ago(30), { shippingAddress: abroad, customer: shared }),
      orderFixture('S3', ago(20), { shippingAddress: abroad, customer: shared }),
      orderFixture('S4', ago(12), { shippingAddress: abroad }),
      orderFixture('S5', null, { placedAt: ago(1).toISOString() }),
      orderFixture('S6', ago(10), { shippingAddress: abroad }),
      orderFixture('OLD', ago(200), { shippingAddress: abroad }),
    ]);
    const [s1, s2, s3, , , s6, old] = orders as [
      (typeof orders)[number],
      (typeof orders)[number],
      (typeof orders)[number],
      unknown,
      unknown,
      (typeof orders)[number],
      (typeof orders)[number],
    ];
    // NL, 20 days after delivery: inside 30 days, past a week and past the EU's 14.
    returns.s1 = await request(ago(20), s1, [['TEE-M', 1, 'refund']]);
    // US, 3 days after delivery: inside every window.
    returns.s2 = await request(ago(27), s2, [['TEE-M', 1, 'refund']], 'qr');
    // US, 10 days after delivery, earbuds too (sealed: a person looks).
    returns.s3 = await request(ago(10), s3, [
      ['TEE-M', 1, 'store_credit'],
      ['BUDS', 1, 'exchange'],
    ]);
    // Two returns of one line, a day apart, and a cancelled one in between.
    returns.s6a = await request(ago(9), s6, [['TEE-M', 1, 'exchange']]);
    returns.s6x = await request(ago(8.5), s6, [['TEE-M', 1, 'refund']]);
    clock = ago(8.4);
    await cancelReturn(ctx, meta, { returnId: returns.s6x!, reason: 'changed my mind' });
    returns.s6b = await request(ago(8), s6, [['TEE-M', 1, 'refund']]);
    // Long before the window.
    returns.old = await request(ago(195), old, [['TEE-M', 1, 'refund']]);
    clock = ago(5);
    await grantPolicyException(ctx, meta, {
      scope: { orderId: s6.id },
      effects: { window: { days: 90, from: 'delivery' } },
      allowReturn: false,
      reason: 'courier lost the first parcel',
    });
    clock = NOW;

    for (const [key, document, name] of [
      ['strict', STRICT, 'Stricter'],
      ['generous', GENEROUS, 'More generous'],
      ['creditOnly', CREDIT_ONLY, 'Credit only'],
      ['fifteen', FIFTEEN_DAYS, 'Fifteen days'],
      ['identical', undefined, 'Same as now'],
    ] as const) {
      const draft = await createPolicyDraft(ctx, meta, { name, ...(document ? { document } : {}) });
      versions[key] = draft.id;
    }
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('loads the facts of many orders as the single loader does, in a fixed number of queries', async () => {
    const ids = orders.map((o) => o.id);
    const batch = await loadFactsBatch(ctx.db, [...ids, 'ord_missing'], NOW, { caches: ctx.caches });
    expect([...batch.keys()].sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const single = await loadEvaluationFacts(ctx.db, id, NOW, { caches: ctx.caches });
      const { returnLines, exceptionRecords, ...facts } = batch.get(id)!;
      expect(facts, id).toEqual(single);
    }
    const s2 = batch.get(orders[1]!.id)!;
    expect(s2.customer.returnCount).toBe(1);
    expect(s2.customer.returnRate).toBeGreaterThan(0);
    expect(batch.get(orders[5]!.id)!.exceptions).toHaveLength(1);

    // The same queries whatever the number of orders (reference data warmed and cached).
    let queries = 0;
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        queries++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const counted = ctx.db.withPlugin(counter);
    await loadFactsBatch(ctx.db, ids, NOW, { caches: ctx.caches });
    queries = 0;
    await loadFactsBatch(counted, ids.slice(0, 1), NOW, { caches: ctx.caches });
    const forOne = queries;
    queries = 0;
    await loadFactsBatch(counted, ids, NOW, { caches: ctx.caches });
    expect(queries).toBe(forOne);
    expect(forOne).toBeLessThanOrEqual(6);
  });

  it('sees an order as it stood when a return was requested: only earlier returns that still hold units', async () => {
    const s6 = orders[5]!;
    const facts = (await loadFactsBatch(ctx.db, [s6.id], NOW, { caches: ctx.caches })).get(s6.id)!;
    const tee = s6.lineBySku['TEE-M'];
    const held = (f: { order: { lines: { id: string; quantityInReturns: number; exchangesUsed: number }[] } }) => {
      const l = f.order.lines.find((x) => x.id === tee)!;
      return [l.quantityInReturns, l.exchangesUsed];
    };
    expect(held(facts)).toEqual([2, 1]);
    const rows = await ctx.db.selectFrom('returns').select(['id', 'created_at']).where('order_id', '=', s6.id).execute();
    const createdAt = (id: string) => rows.find((r) => r.id === id)!.created_at;
    expect(held(factsAsOf(facts, createdAt(returns.s6a!), { returnId: returns.s6a }))).toEqual([0, 0]);
    expect(held(factsAsOf(facts, createdAt(returns.s6b!), { returnId: returns.s6b }))).toEqual([1, 1]);
    // The exception came later: not in force when the returns were made, in force now.
    expect(factsAsOf(facts, createdAt(returns.s6b!), { returnId: returns.s6b }).exceptions).toEqual([]);
    expect(factsAsOf(facts, NOW).exceptions).toHaveLength(1);
  });

  it('replays the returns of the window: a stricter draft only closes lines, with its fees', async () => {
    const report = await simulate(versions.strict);
    expect(report).toMatchObject({
      candidate: { id: versions.strict, name: 'Stricter', status: 'draft', active: false },
      baseline: { id: 'pol_standard', number: 1, status: 'published', active: true },
      days: 90,
      from: ago(90).toISOString(),
      to: NOW.toISOString(),
      currency: 'EUR',
      returns: 6,
      returnLines: 7,
    });
    const { current, candidate } = report.sides;
    // Every return was accepted by the policy in force when it was made.
    expect(current).toMatchObject({ lines: 7, eligible: 7, ineligible: 0, restockingFees: 0, returnShippingFees: 0 });
    expect(candidate.lines).toBe(7);
    expect(candidate.eligible + candidate.ineligible).toBe(7);
    expect(report.changes.becameIneligible).toBeGreaterThan(0);
    expect(report.changes.becameEligible).toBe(0);
    expect(report.changes.becameIneligible).toBe(candidate.ineligible);
    expect(candidate.codes.WINDOW_EXPIRED).toBeGreaterThan(0);
    expect(candidate.codes.FINAL_SALE).toBe(1);
    // The four tees still returnable pay 10% restocking; S2's QR return also the shipping fee.
    expect(candidate.restockingFees).toBe(4 * 200);
    expect(candidate.returnShippingFees).toBe(495);
    expect(report.changes.sample.map((s) => s.returnNumber)).not.toContain(undefined);
    const s1 = report.changes.sample.find((s) => s.orderLineId === orders[0]!.lineBySku['TEE-M']);
    expect(s1).toMatchObject({ eligibleBefore: true, eligibleAfter: false });
    expect(s1?.codesAfter).toContain('WINDOW_EXPIRED');
    // Orders of the window: the clearance earbuds close beyond the lines that came back.
    expect(report.orders.orders).toBe(6);
    expect(report.orderLines).toBe(24);
    expect(report.orders.closed).toBeGreaterThan(0);
    expect(report.orders.opened).toBe(0);
  });

  it('changes nothing with an identical document, and accepts a published version as the candidate', async () => {
    const same = await simulate(versions.identical);
    expect(same.changes).toMatchObject({
      becameEligible: 0,
      becameIneligible: 0,
      codesChanged: 0,
      resolutionChanged: 0,
      sample: [],
    });
    expect(same.changes.unchanged).toBe(7);
    expect(same.sides.candidate).toEqual(same.sides.current);
    expect(same.orders.opened + same.orders.closed).toBe(0);

    const published = await simulate('pol_standard', { baselineVersionId: versions.strict });
    expect(published.candidate).toMatchObject({ id: 'pol_standard', status: 'published', active: true });
    expect(published.baseline).toMatchObject({ id: versions.strict, status: 'draft' });
    expect(published.changes.becameEligible).toBeGreaterThan(0);
    expect(published.changes.becameIneligible).toBe(0);
  });

  it('a more generous draft only opens lines, against the active version and against the stricter one', async () => {
    const vsActive = await simulate(versions.generous);
    expect(vsActive.changes.becameIneligible).toBe(0);
    expect(vsActive.orders.closed).toBe(0);
    // Jackets of the US orders, final sale today.
    expect(vsActive.orders.opened).toBeGreaterThan(0);
    expect(vsActive.orders.candidate.eligible).toBe(vsActive.orders.current.eligible + vsActive.orders.opened);

    const vsStrict = await simulate(versions.generous, { baselineVersionId: versions.strict });
    expect(vsStrict.changes.becameEligible).toBeGreaterThan(0);
    expect(vsStrict.changes.becameIneligible).toBe(0);
  });

  it('replays order lines at the days after delivery they really came back: a longer window opens those that came late', async () => {
    // Of the orders placed in the window, five lines came back (S1's tee 20 days after delivery,
    // the others within 10); every other line is asked back a week after delivery.
    const longer = await simulate('pol_standard', { baselineVersionId: versions.fifteen });
    expect(longer.orders).toMatchObject({ orders: 6, linesAtReturn: 5, assumedDaysAfterDelivery: 7 });
    // S1's tee: past 15 days (and the EU's 14), inside 30.
    expect(longer.orders).toMatchObject({ opened: 1, closed: 0 });
    const shorter = await simulate(versions.fifteen);
    expect(shorter.orders).toMatchObject({ opened: 0, closed: 1 });
    expect(shorter.orders.current.eligible - shorter.orders.candidate.eligible).toBe(1);
  });

  it('expects the shopper to take the first allowed resolution when theirs is not offered', async () => {
    const report = await simulate(versions.creditOnly);
    const { current, candidate } = report.sides;
    expect(candidate.eligible).toBe(current.eligible);
    expect(candidate.split.lines).toEqual({ refund: 0, store_credit: candidate.eligible, exchange: 0, other: 0 });
    expect(current.split.lines.refund).toBe(4);
    expect(current.split.lines.store_credit).toBe(1);
    expect(current.split.lines.exchange).toBe(2);
    // Everyone who chose a refund or an exchange moves to store credit.
    expect(candidate.resolutionSwitched).toBe(6);
    expect(report.changes.resolutionChanged).toBe(6);
    expect(candidate.split.value.store_credit).toBe(
      current.split.value.refund + current.split.value.store_credit + current.split.value.exchange,
    );
  });

  it('keeps to the window asked for, and refuses unknown versions and bad windows', async () => {
    const recent = await simulate(versions.strict, { days: 15 });
    expect(recent.returns).toBe(4);
    expect(recent.from).toBe(ago(15).toISOString());
    const all = await simulate(versions.strict, { days: 730 });
    expect(all.returns).toBe(7);

    await expect(simulate('pol_nope')).rejects.toMatchObject({ kind: 'not_found', code: 'POLICY_VERSION_NOT_FOUND' });
    await expect(simulate(versions.strict, { baselineVersionId: 'pol_nope' })).rejects.toMatchObject({
      code: 'POLICY_VERSION_NOT_FOUND',
    });
    for (const days of [0, 731, 1.5])
      await expect(simulate(versions.strict, { days })).rejects.toMatchObject({ kind: 'invalid' });
  });

  it('reports progress up to the total of returns and orders', async () => {
    const seen: [number, number][] = [];
    await simulatePolicy(ctx, { candidateVersionId: versions.strict, days: 90 }, (done, total) => seen.push([done, total]));
    expect(seen[0]).toEqual([0, 12]);
    expect(seen.at(-1)).toEqual([12, 12]);
  });

  it('runs from the CLI: JSON that parses, a table side by side, exit 2 on bad arguments', async () => {
    const io = captureIo();
    expect(await runPolicyCommand(ctx, ['simulate'], { version: versions.strict, json: true }, io)).toBe(0);
    const report = JSON.parse(io.stdout()) as SimulationReport;
    expect(report.changes.becameIneligible).toBeGreaterThan(0);
    expect(report.candidate.id).toBe(versions.strict);

    const table = captureIo();
    expect(await runPolicyCommand(ctx, ['simulate'], { version: versions.strict, days: '30' }, table)).toBe(0);
    expect(table.stdout()).toMatch(/Returned lines\s+current\s+candidate\s+difference/);
    expect(table.stdout()).toMatch(/ineligible\s+0\s+\d+\s+\+\d+/);
    expect(table.stdout()).toContain('became ineligible');
    expect(table.stdout()).toContain('#1 Standard policy (pol_standard, published, active)');

    const list = captureIo();
    expect(await runPolicyCommand(ctx, ['list'], {}, list)).toBe(0);
    expect(list.stdout()).toMatch(/^\*\s+1\s+pol_standard\s+Standard policy\s+published$/m);
    expect(list.stdout()).toContain('Stricter');

    for (const [args, flags, message] of [
      [['simulate'], { json: true }, '--version'],
      [['simulate'], { version: true }, '--version'],
      [['simulate'], { version: versions.strict, days: '0' }, '--days'],
      [['simulate'], { version: versions.strict, days: 'lots' }, '--days'],
      [['simulate'], { version: 'pol_nope' }, 'POLICY_VERSION_NOT_FOUND'],
      [['frobnicate'], {}, 'Unknown policy command'],
      [[], {}, 'policy needs a command'],
    ] as const) {
      const bad = captureIo();
      expect(await runPolicyCommand(ctx, args, flags, bad), JSON.stringify(flags)).toBe(2);
      expect(bad.stderr()).toContain(message);
      expect(bad.stdout()).toBe('');
    }

    // The real binary, on this very database where a separate process can reach it.
    if (handle.url) {
      const run = await runCli(['policy', 'simulate', '--version', versions.strict, '--days', '730', '--json'], {
        DATABASE_URL: handle.url,
      });
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ candidate: { id: versions.strict }, days: 730, returns: 7 });
    }
  });
});

describe('policy CLI as a process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'retour-policy-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 2 without --version and prints JSON for a simulation on an empty shop', async () => {
    const env = { RETOUR_DATA_DIR: dir };
    const missing = await runCli(['policy', 'simulate', '--json'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--version');
    const run = await runCli(['policy', 'simulate', '--version', 'pol_standard', '--days', '30', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ candidate: { id: 'pol_standard' }, returns: 0, orderLines: 0 });
  });
});
